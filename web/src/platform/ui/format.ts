import { formatMoney as formatMoneyIn, type Money, minorDigits } from '@kith/common/money';

// Display formatting of field values, in the browser's locale.

const dateFmt = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dateTimeFmt = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function formatDate(v: unknown): string {
  if (!v || typeof v !== 'string') return '';
  // A plain date (YYYY-MM-DD) is a calendar day, not an instant: format it without a time zone shift.
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : new Date(v);
  return Number.isNaN(d.getTime()) ? v : dateFmt.format(d);
}

export function formatDateTime(v: unknown): string {
  if (!v || typeof v !== 'string') return '';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : dateTimeFmt.format(d);
}

const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
export function formatRelative(v: unknown): string {
  if (!v || typeof v !== 'string') return '';
  const d = new Date(v).getTime();
  if (Number.isNaN(d)) return String(v);
  const s = Math.round((d - Date.now()) / 1000);
  const abs = Math.abs(s);
  if (abs < 45) return 'just now';
  if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
  if (abs < 86400 * 7) return rtf.format(Math.round(s / 86400), 'day');
  return formatDate(v);
}

export type { Money };

export function isMoney(v: unknown): v is Money {
  return !!v && typeof v === 'object' && 'amount' in v && 'currency' in v;
}

/** Money in the reader's locale (the kept formatters of @kith/common/money). */
export function formatMoney(v: unknown): string {
  return isMoney(v) ? formatMoneyIn(v, undefined) : '';
}

export { minorDigits };

export function formatNumber(v: unknown): string {
  if (typeof v !== 'number') return v == null ? '' : String(v);
  return new Intl.NumberFormat().format(v);
}

export function initials(name: string | undefined | null): string {
  if (!name) return '?';
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}
