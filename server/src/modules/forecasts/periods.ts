// Forecast periods: calendar months ("2026-07") and fiscal quarters ("2026-Q3"), their first and
// last days, and the instants they begin and end in a time zone (the organisation's, a user's or a
// team's). A fiscal year is named by the calendar year it starts in: with a fiscal year from April,
// 2026-Q1 is April–June 2026 and 2026-Q4 is January–March 2027 (decision 022). Months are always
// calendar months.
import { DateTime } from 'luxon';
import { invalid } from '../../platform/errors.ts';
import { instantOf, isTimeZone } from '../../platform/recurrence/time-zones.ts';

export type PeriodKind = 'month' | 'quarter';
export const periodKinds: readonly PeriodKind[] = ['month', 'quarter'];

/** A month (index 1–12 of the calendar year) or a quarter (index 1–4 of the fiscal year `year`). */
export interface Period {
  kind: PeriodKind;
  year: number;
  index: number;
}

export interface PeriodOptions {
  /** IANA zone the period's days are counted in (default UTC). */
  timeZone?: string;
  /** First month of the fiscal year, 1–12 (default 1, January); quarters only. */
  fiscalYearStartMonth?: number;
}

const monthRe = /^(\d{4})-(0[1-9]|1[0-2])$/;
const quarterRe = /^(\d{4})-[Qq]([1-4])$/;
/** Years PostgreSQL dates and luxon both take without surprises. */
const minYear = 1900;
const maxYear = 9999;

/**
 * A period as clients write it: `2026-07` (a month) or `2026-Q3` (a fiscal quarter). Anything else
 * is a 400 naming `field`; `kind` restricts it to one kind.
 */
export function parsePeriod(text: unknown, field = 'period', kind?: PeriodKind): Period {
  const expected =
    kind === 'month'
      ? 'a month such as 2026-07'
      : kind === 'quarter'
        ? 'a quarter such as 2026-Q3'
        : 'a month such as 2026-07 or a quarter such as 2026-Q3';
  const fail = () => invalid(`${field}: must be ${expected}`, { [field]: `must be ${expected}` });
  if (typeof text !== 'string') throw fail();
  const m = monthRe.exec(text.trim());
  const q = m ? null : quarterRe.exec(text.trim());
  const found: Period | null = m
    ? { kind: 'month', year: Number(m[1]), index: Number(m[2]) }
    : q
      ? { kind: 'quarter', year: Number(q[1]), index: Number(q[2]) }
      : null;
  if (!found || (kind && found.kind !== kind) || found.year < minYear || found.year > maxYear) throw fail();
  return found;
}

export function formatPeriod(p: Period): string {
  return p.kind === 'month' ? `${p.year}-${pad(p.index)}` : `${p.year}-Q${p.index}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function fiscalStart(month: number | undefined): number {
  const m = month ?? 1;
  if (!(Number.isInteger(m) && m >= 1 && m <= 12)) throw new RangeError('fiscalYearStartMonth must be 1–12');
  return m;
}

/** The calendar month (year, 1–12) a period begins in. */
export function firstMonth(p: Period, fiscalYearStartMonth?: number): { year: number; month: number } {
  if (p.kind === 'month') return { year: p.year, month: p.index };
  const m0 = fiscalStart(fiscalYearStartMonth) - 1 + (p.index - 1) * 3;
  return { year: p.year + Math.floor(m0 / 12), month: (m0 % 12) + 1 };
}

/** How many calendar months a period spans. */
export const monthsIn = (kind: PeriodKind) => (kind === 'month' ? 1 : 3);

/** The calendar months of a period, in order, as `YYYY-MM`. */
export function monthsOf(p: Period, fiscalYearStartMonth?: number): string[] {
  const { year, month } = firstMonth(p, fiscalYearStartMonth);
  return Array.from({ length: monthsIn(p.kind) }, (_, i) => {
    const m0 = month - 1 + i;
    return `${year + Math.floor(m0 / 12)}-${pad((m0 % 12) + 1)}`;
  });
}

/** First day and the day after the last, as dates (YYYY-MM-DD): a quota's period start, a date range. */
export function periodDates(p: Period, fiscalYearStartMonth?: number): { start: string; end: string } {
  const { year, month } = firstMonth(p, fiscalYearStartMonth);
  const endM0 = month - 1 + monthsIn(p.kind);
  return {
    start: `${year}-${pad(month)}-01`,
    end: `${year + Math.floor(endM0 / 12)}-${pad((endM0 % 12) + 1)}-01`,
  };
}

/** The instants the period begins and ends (exclusive): midnight of its first days in the zone. */
export function periodBounds(p: Period, options: PeriodOptions = {}): { start: Date; end: Date } {
  const zone = options.timeZone ?? 'UTC';
  if (!isTimeZone(zone)) throw new RangeError(`${zone} is not a time zone`);
  const { start, end } = periodDates(p, options.fiscalYearStartMonth);
  const at = (date: string) => {
    const [year, month, day] = date.split('-').map(Number);
    return instantOf({ year, month, day }, zone);
  };
  return { start: at(start), end: at(end) };
}

/** The period of a kind an instant falls in, counted in the zone. */
export function periodContaining(at: Date, kind: PeriodKind, options: PeriodOptions = {}): Period {
  const zone = options.timeZone ?? 'UTC';
  if (!isTimeZone(zone)) throw new RangeError(`${zone} is not a time zone`);
  const wall = DateTime.fromJSDate(at, { zone });
  return periodOfMonth(wall.year, wall.month, kind, options.fiscalYearStartMonth);
}

/** The period of a kind that the calendar month (year, 1–12) belongs to. */
export function periodOfMonth(year: number, month: number, kind: PeriodKind, fiscalYearStartMonth?: number): Period {
  if (kind === 'month') return { kind, year, index: month };
  const since = month - fiscalStart(fiscalYearStartMonth);
  const fiscalYear = since < 0 ? year - 1 : year;
  return { kind, year: fiscalYear, index: Math.floor(((since + 12) % 12) / 3) + 1 };
}

/**
 * The period that begins on a date (YYYY-MM-DD), or null when none of that kind does (a quota's
 * start must be the first day of its month or quarter).
 */
export function periodStartingOn(date: string, kind: PeriodKind, fiscalYearStartMonth?: number): Period | null {
  const m = /^(\d{4})-(\d{2})-01$/.exec(date);
  if (!m) return null;
  const p = periodOfMonth(Number(m[1]), Number(m[2]), kind, fiscalYearStartMonth);
  return periodDates(p, fiscalYearStartMonth).start === date ? p : null;
}

/** The period n steps after p (before, for negative n). */
export function shiftPeriod(p: Period, n: number): Period {
  const per = p.kind === 'month' ? 12 : 4;
  const i = p.year * per + (p.index - 1) + n;
  return { kind: p.kind, year: Math.floor(i / per), index: (((i % per) + per) % per) + 1 };
}

/** The months or quarters of a fiscal year, in order. */
export function periodsOfFiscalYear(year: number, kind: PeriodKind, fiscalYearStartMonth?: number): Period[] {
  if (kind === 'quarter') return [1, 2, 3, 4].map((index) => ({ kind, year, index }));
  const first = firstMonth({ kind: 'quarter', year, index: 1 }, fiscalYearStartMonth);
  return Array.from({ length: 12 }, (_, i) => shiftPeriod({ kind: 'month', year: first.year, index: first.month }, i));
}
