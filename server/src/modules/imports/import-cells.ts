// From CSV cells to field input: what a spreadsheet writes ("1,234.50", "12.34 EUR", "yes",
// "a@x.org ::: b@y.org", "3/14/1990") becomes the value the registry validates. A cell that cannot
// be read gives a message for its field; the registry's own validation follows.

import type { UnknownValues } from '@kith/common/api/imports';
import { minorDigits } from '@kith/common/money';
import type { ResolvedField } from '../../platform/registry/registry.ts';
import type { AddressPart } from './import-mapping.ts';

/** A cell's value (undefined: leave the field as it is, with the warning saying why), or its error. */
export type Parsed = { value: unknown; warning?: string } | { error: string } | null;

/** The field facts a cell parser needs: plain data, so that a worker thread can have them. */
export type CellField = Pick<ResolvedField, 'name' | 'type' | 'options' | 'sqlType' | 'max'>;

/** What to do with a select value that is not one of the field's options. */
export type { UnknownValues };

export interface CellOptions {
  unknownValues: UnknownValues;
}

/** Undoes the apostrophe our export (and other tools) put before a formula-like cell. */
export const unescapeCell = (s: string) => (/^'+[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/**
 * A cell may hold at most this many characters (a long-text field: its own maximum). Every parser
 * below is linear, so the cap bounds the work of one cell, and a refused row says why.
 */
export const maxCellChars = 10_000;

/** List cells: "a; b", "a, b", Google's "a ::: b", one per line. Split first, then trim: linear. */
export const splitList = (s: string) =>
  s
    .split(/:::|[;\n,]/)
    .map((x) => x.trim())
    .filter(Boolean);

export function parseNumber(raw: string, integer: boolean): number | null {
  let s = raw.replace(/[\s\u00a0']/g, '');
  // A single dot is a decimal point (1.234 = 1.234); dots as thousands need two groups or a decimal comma.
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s))
    s = s.replace(/,/g, ''); // 1,234,567.5
  else if (/^[-+]?\d{1,3}((\.\d{3}){2,}(,\d+)?|\.\d{3},\d+)$/.test(s))
    s = s.replace(/\./g, '').replace(',', '.'); // 1.234.567,5
  else if (/^[-+]?\d*,\d+$/.test(s)) s = s.replace(',', '.'); // 12,5
  if (!/^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** Minor-unit digits of a currency (2 for EUR, 0 for JPY, 3 for KWD). */
export const currencyDigits = minorDigits;

const symbols = new Map([
  ['€', 'EUR'],
  ['$', 'USD'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
]);

const amountText = /^[-+]?[\d.,\s]+$/;
const letters3 = /^[A-Za-z]{3}$/;

/**
 * The currency and the amount text of a money cell, read from its ends without backtracking:
 * "EUR 12.34", "12.34 EUR", "€12.34", "-€12.34", "12.34 €".
 */
function splitMoney(s: string): [string | undefined, string] | null {
  const head = s.slice(0, 3);
  const tail = s.slice(-3);
  if (letters3.test(head)) return [head, s.slice(3).trimStart()];
  if (letters3.test(tail)) return [tail, s.slice(0, -3).trimEnd()];
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  const before = symbols.get(s[sign.length]);
  if (before) return [before, sign + s.slice(sign.length + 1).trimStart()];
  const after = symbols.get(s[s.length - 1]);
  if (after) return [after, s.slice(0, -1).trimEnd()];
  return null;
}

/** "12.34 EUR", "EUR 12.34", "€12.34" → { amount: 1234, currency: 'EUR' }. */
export function parseMoney(raw: string): { amount: number; currency: string } | null {
  const split = splitMoney(raw.trim());
  if (!split) return null;
  const [code, num] = split;
  if (!code || !amountText.test(num)) return null;
  const n = parseNumber(num, false);
  if (n === null) return null;
  const currency = code.toUpperCase();
  return { amount: Math.round(n * 10 ** currencyDigits(currency)), currency };
}

const pad = (n: number) => String(n).padStart(2, '0');
const realDate = (y: number, m: number, d: number) => {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
    ? `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`
    : null;
};

/**
 * Dates: ISO (2024-03-14, or the date of an ISO date-time), 14.03.2024 (day first), and slashes:
 * day first when the first number cannot be a month, else month first (US tools such as Outlook).
 * Outlook's "0/0/00" means empty.
 */
export function parseDate(raw: string): string | null | undefined {
  const s = raw.trim();
  if (/^0?0\/0?0\/0{2,4}$/.test(s)) return undefined;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return realDate(+m[1], +m[2], +m[3]);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (m) return realDate(+m[3], +m[2], +m[1]);
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return +m[1] > 12 ? realDate(+m[3], +m[2], +m[1]) : realDate(+m[3], +m[1], +m[2]);
  return null;
}

const truthy = new Set(['true', 'yes', 'y', '1', 'x', 'on', 'ja', 'oui', 'si', 'sí', 'wahr', 'vrai']);
const falsy = new Set(['false', 'no', 'n', '0', 'off', 'nein', 'non', 'falsch', 'faux']);

const phoneLabel = (header: string) => {
  const h = header.toLowerCase();
  return h.includes('mobile') || h.includes('cell')
    ? 'mobile'
    : h.includes('home')
      ? 'home'
      : h.includes('fax')
        ? 'fax'
        : 'work';
};

/**
 * Presets for select values: what other tools write (compacted: letters and digits only) → our
 * option, or null when the tool's value has no counterpart (the field stays empty, with a warning).
 * HubSpot's lifecycle stages, internal names and labels alike.
 */
const valuePresets: Record<string, Record<string, string | null>> = {
  lifecycleStage: {
    marketingqualifiedlead: 'lead',
    mql: 'lead',
    salesqualifiedlead: 'prospect',
    sql: 'prospect',
    opportunity: 'prospect',
    evangelist: 'customer',
    other: null,
  },
};

const compact = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** The option value a cell names, by value or label ignoring case, or by a preset; undefined if none. */
function option(f: CellField, s: string): string | null | undefined {
  const k = s.trim().toLowerCase();
  const hit = (f.options ?? []).find((o) => o.value.toLowerCase() === k || o.label.toLowerCase() === k);
  if (hit) return hit.value;
  const preset = valuePresets[f.name]?.[compact(k)];
  if (preset === null) return null;
  return preset !== undefined && (f.options ?? []).some((o) => o.value === preset) ? preset : undefined;
}
const oneOf = (f: CellField) => `must be one of: ${(f.options ?? []).map((o) => o.value).join(', ')}`;

/**
 * One cell for one field. `prev` is what earlier columns gave the same field (list fields append).
 * Relation and user cells stay text here; they are resolved by name for the whole batch.
 */
export function parseCell(
  f: CellField,
  raw: string,
  header: string,
  prev: unknown,
  part?: AddressPart,
  opts: CellOptions = { unknownValues: 'empty' },
): Parsed {
  const s = unescapeCell(raw.trim());
  if (s === '') return null;
  const limit = f.type === 'longText' ? Math.max(f.max ?? 0, maxCellChars) : maxCellChars;
  if (s.length > limit) return { error: `is longer than ${limit.toLocaleString('en')} characters` };
  const list = Array.isArray(prev) ? prev : [];
  switch (f.type) {
    case 'text':
    case 'longText':
    case 'phone':
    case 'url':
      return { value: s };
    case 'email':
      return { value: splitList(s)[0] ?? s };
    case 'select': {
      const v = option(f, s);
      if (v === null) return { value: undefined, warning: `"${s.slice(0, 100)}" has no equivalent; left empty` };
      if (v !== undefined) return { value: v };
      if (opts.unknownValues === 'refuse') return { error: oneOf(f) };
      return { value: undefined, warning: `"${s.slice(0, 100)}" is not an option; left empty (${oneOf(f)})` };
    }
    case 'multiSelect': {
      const names = splitList(s);
      const values = names.map((x) => option(f, x));
      const unknown = names.filter((_, i) => values[i] === undefined);
      if (unknown.length && opts.unknownValues === 'refuse') return { error: oneOf(f) };
      const known = values.filter((v): v is string => typeof v === 'string');
      const value = [...new Set([...list, ...known])];
      return unknown.length
        ? { value, warning: `${unknown.map((u) => `"${u.slice(0, 100)}"`).join(', ')} left out (${oneOf(f)})` }
        : { value };
    }
    case 'tags': {
      const tags = splitList(s)
        .map((t) => t.replace(/^\*\s*/, ''))
        .filter((t) => t && t.toLowerCase() !== 'mycontacts');
      return { value: [...new Set([...list, ...tags])] };
    }
    case 'emailList':
      return { value: [...list, ...splitList(s).map((e) => e.toLowerCase())] };
    case 'phoneList': {
      const items = splitList(s).map((p) => {
        const m = /^([^:+\d(]{1,50}):(.+)$/.exec(p);
        return m ? { label: m[1].trim().toLowerCase(), number: m[2].trim() } : { label: phoneLabel(header), number: p };
      });
      return { value: [...list, ...items] };
    }
    case 'addressList': {
      if (part) {
        const [first, ...rest] = list.length ? list : [{ label: 'work' }];
        return { value: [{ ...first, [part]: s }, ...rest] };
      }
      if (s.startsWith('[')) {
        try {
          const parsed = JSON.parse(s);
          return Array.isArray(parsed) ? { value: [...list, ...parsed] } : { error: 'must be a list of addresses' };
        } catch {
          return { error: 'must be a list of addresses (JSON) or one address per line' };
        }
      }
      return {
        value: [
          ...list,
          ...s
            .split(/[;\n]/)
            .map((street) => street.trim())
            .filter(Boolean)
            .map((street) => ({ label: 'work', street })),
        ],
      };
    }
    case 'number': {
      const n = parseNumber(s, f.sqlType === 'int');
      return n === null ? { error: f.sqlType === 'int' ? 'must be a whole number' : 'must be a number' } : { value: n };
    }
    case 'currency': {
      const m = parseMoney(s);
      return m ? { value: m } : { error: 'must be an amount with its currency, such as 12.34 EUR' };
    }
    case 'date': {
      const d = parseDate(s);
      if (d === undefined) return null;
      return d === null ? { error: 'must be a date (YYYY-MM-DD)' } : { value: d };
    }
    case 'datetime': {
      const t = Date.parse(s);
      return Number.isNaN(t) ? { error: 'must be a date and time (ISO 8601)' } : { value: new Date(t).toISOString() };
    }
    case 'boolean': {
      const k = s.toLowerCase();
      if (truthy.has(k)) return { value: true };
      if (falsy.has(k)) return { value: false };
      return { error: 'must be yes or no (true/false)' };
    }
    case 'relation':
    case 'user':
      return { value: s };
    case 'anyRecord':
      // Export writes these as object:id; reading them back (and checking each target) is not built yet.
      return { error: 'is a link to any record, which an import cannot set yet: leave this column out' };
  }
}
