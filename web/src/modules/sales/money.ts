// Money on the dashboard: minor units of the company currency, shown whole or compact (€12.4K).
import { formatMoney, minorDigits } from '../../platform/ui/format';

export const money = (amount: number, currency: string) => formatMoney({ amount: Math.round(amount), currency });

const wholeFormats = new Map<string, Intl.NumberFormat>();

/** Whole major units (€208,072): a table of large figures reads better without cents. */
export function wholeMoney(amount: number, currency: string): string {
  let f = wholeFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 0 });
    wholeFormats.set(currency, f);
  }
  return f.format(amount / 10 ** minorDigits(currency));
}

const compactFormats = new Map<string, Intl.NumberFormat>();

export function compactMoney(amount: number, currency: string): string {
  return compactMajor(amount / 10 ** minorDigits(currency), currency);
}

/** The same from major units (a chart's axis). */
export function compactMajor(value: number, currency: string): string {
  let f = compactFormats.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
      notation: 'compact',
      maximumFractionDigits: 1,
    });
    compactFormats.set(currency, f);
  }
  return f.format(value);
}

/** Major units, for charts whose axes show money. */
export const major = (amount: number, currency: string) => amount / 10 ** minorDigits(currency);

export const percent = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: digits }).format(v);
