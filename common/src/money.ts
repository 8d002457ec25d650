// Money in minor units (cents): how many digits a currency's minor unit has, and money, numbers
// and percentages as text. Intl formatters are costly to make (a 200-line quote PDF formats a
// thousand figures), so each is made once per locale and options and kept.
export interface Money {
  amount: number;
  currency: string;
}

const formatters = new Map<string, Intl.NumberFormat>();

/** One Intl.NumberFormat per key (locale and options), kept. Throws as Intl does for an unknown currency. */
function kept(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = formatters.get(key);
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

const digitsCache = new Map<string, number>();

/** Minor-unit digits of a currency: 2 for EUR, 0 for JPY, 3 for KWD (2 for a code Intl does not know). */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** Minor units in the currency's format: 123456 EUR → "€1,234.56" (what Intl cannot format: "1234.56 XYZ"). */
export function formatMoney(m: Money, locale: string | undefined = 'en'): string {
  const digits = minorDigits(m.currency);
  const major = m.amount / 10 ** digits;
  try {
    const f = kept(
      `${locale}|${m.currency}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency: m.currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }),
    );
    return f.format(major);
  } catch {
    return `${major.toFixed(digits)} ${m.currency}`;
  }
}

/** A plain number, up to `maxDigits` decimals: 1234.5 → "1,234.5". */
export const formatNumber = (n: number, locale: string | undefined = 'en', maxDigits = 4): string =>
  kept(`${locale}|${maxDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits })).format(n);
