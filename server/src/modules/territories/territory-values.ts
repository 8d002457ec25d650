// How a territory's criteria and a record's location are compared: text without case, accents or
// extra spaces; countries as ISO 3166 codes whether written "DE", "Germany" or "Deutschland";
// postal codes as exact values, prefixes (75*) or ranges of equal-length numbers (10000-14999).
// Pure: the matcher, the entry's validation and the tests share it.

/** Letters that Unicode does not decompose into a base letter and a mark. */
const folded: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };

/** "  Saint-Étienne " → "saint etienne": lower case, no accents, punctuation and spaces as one space. */
export function normaliseText(value: string): string {
  return value
    .toLowerCase()
    .replace(/[ßæœøłđðþı]/g, (c) => folded[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[\s\-_'’‘.,/()]+/g, ' ')
    .trim();
}

// Codes ICU names that are not countries (the EU, the UN, "unknown region", pseudo-locales).
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'XA', 'XB']);
// Names people write that ICU does not list in the languages below.
const aliases: Record<string, string> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  deu: 'DE',
  fra: 'FR',
  gbr: 'GB',
  esp: 'ES',
  ita: 'IT',
  nld: 'NL',
  che: 'CH',
  aut: 'AT',
  can: 'CA',
};
const nameLanguages = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'sv', 'pl'];

let countryTable: { codes: Set<string>; byName: Map<string, string>; names: Map<string, string> } | undefined;

/** ISO 3166-1 alpha-2 codes with their names in a few languages, from the runtime's ICU data. */
function countries() {
  if (countryTable) return countryTable;
  const codes = new Set<string>();
  const byName = new Map<string, string>();
  const names = new Map<string, string>();
  const displays = nameLanguages.map((l) => new Intl.DisplayNames([l], { type: 'region', fallback: 'none' }));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  for (const a of letters)
    for (const b of letters) {
      const code = a + b;
      // Old codes ICU still names (DD, SU, YU…) canonicalise to today's: they are not listed.
      if (notCountries.has(code) || new Intl.Locale(`und-${code}`).region !== code) continue;
      const english = displays[0].of(code);
      if (!english) continue;
      codes.add(code);
      names.set(code, english);
      for (const d of displays) {
        const name = d.of(code);
        if (name && !byName.has(normaliseText(name))) byName.set(normaliseText(name), code);
      }
    }
  for (const [alias, code] of Object.entries(aliases)) byName.set(alias, code);
  countryTable = { codes, byName, names };
  return countryTable;
}

/** "de", "Germany", "Deutschland", "DEU" → "DE"; null when it names no country we know. */
export function countryCode(value: string): string | null {
  const t = countries();
  const n = normaliseText(value);
  if (/^[a-z]{2}$/.test(n) && t.codes.has(n.toUpperCase())) return n.toUpperCase();
  return t.byName.get(n) ?? null;
}

/** The English name of a country code, for messages and the web page. */
export const countryName = (code: string): string => countries().names.get(code) ?? code;

/** A record's country as the matcher compares it: its code when known, else its normalised text. */
export const countryKey = (value: string): string => countryCode(value) ?? normaliseText(value);

/** "sw1a 1aa" → "SW1A1AA", "00-950" → "00950": upper case without spaces or dashes. */
export const normalisePostalCode = (value: string): string => value.toUpperCase().replace(/[\s\-–]+/g, '');

export type PostalPattern =
  | { kind: 'exact'; value: string }
  | { kind: 'prefix'; value: string }
  | { kind: 'range'; from: string; to: string };

const postalShape = /^[A-Z0-9]{1,12}$/;

/**
 * A postal-code criterion: `75001` (exact), `75*` (prefix), `10000-14999` (a range of numbers of
 * the same length; `00-950` or `12345-6789`, whose halves differ in length, are hyphenated codes).
 * Returns the reason when it is none of these.
 */
export function parsePostalPattern(raw: string): PostalPattern | string {
  const text = raw.trim();
  const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(text);
  if (range && range[1].length === range[2].length) {
    const [from, to] = [range[1], range[2]];
    if (from > to) return `"${text}" runs backwards (write the lower bound first)`;
    return { kind: 'range', from, to };
  }
  if (text.includes('*')) {
    const prefix = normalisePostalCode(text.slice(0, -1));
    if (!text.endsWith('*') || text.indexOf('*') !== text.length - 1 || !prefix)
      return `"${text}": a star may only end a prefix, as in 75*`;
    if (!postalShape.test(prefix)) return `"${text}": a prefix holds letters and digits only`;
    return { kind: 'prefix', value: prefix };
  }
  const value = normalisePostalCode(text);
  if (!postalShape.test(value))
    return `"${text}" is not a postal code, a prefix such as 75* or a range such as 10000-14999`;
  return { kind: 'exact', value };
}

/** Whether a normalised postal code matches a pattern. A range compares the code's leading digits (ZIP+4 too). */
export function postalMatches(p: PostalPattern, code: string): boolean {
  switch (p.kind) {
    case 'exact':
      return code === p.value;
    case 'prefix':
      return code.startsWith(p.value);
    case 'range': {
      const head = code.slice(0, p.from.length);
      return head.length === p.from.length && /^\d+$/.test(head) && head >= p.from && head <= p.to;
    }
  }
}
