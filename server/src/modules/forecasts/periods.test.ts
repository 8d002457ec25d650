import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import {
  formatPeriod,
  monthsOf,
  type Period,
  parsePeriod,
  periodBounds,
  periodContaining,
  periodDates,
  periodStartingOn,
  periodsOfFiscalYear,
  shiftPeriod,
} from './periods.ts';

const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago'];
const month = fc.record({
  kind: fc.constant('month' as const),
  year: fc.integer({ min: 1990, max: 2100 }),
  index: fc.integer({ min: 1, max: 12 }),
});
const quarter = fc.record({
  kind: fc.constant('quarter' as const),
  year: fc.integer({ min: 1990, max: 2100 }),
  index: fc.integer({ min: 1, max: 4 }),
});
const period: fc.Arbitrary<Period> = fc.oneof(month, quarter);
const fiscal = fc.integer({ min: 1, max: 12 });

function invalidField(f: () => unknown): Record<string, string> | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('INVALID');
    return (e as AppError).details?.fields as Record<string, string>;
  }
  throw new Error('expected a 400');
}

describe('parsing', () => {
  it('reads months and quarters, and names the field when it cannot', () => {
    expect(parsePeriod('2026-07')).toEqual({ kind: 'month', year: 2026, index: 7 });
    expect(parsePeriod('2026-Q3')).toEqual({ kind: 'quarter', year: 2026, index: 3 });
    expect(parsePeriod(' 2026-q1 ')).toEqual({ kind: 'quarter', year: 2026, index: 1 });
    for (const bad of [
      '2026-13',
      '2026-00',
      '2026-Q5',
      '2026-Q0',
      '26-07',
      '2026-7',
      '2026/07',
      '',
      'Q3-2026',
      '0000-01',
      2026,
    ])
      expect(invalidField(() => parsePeriod(bad, 'from'))).toHaveProperty('from');
    expect(invalidField(() => parsePeriod('2026-07', 'quarter', 'quarter'))).toEqual({
      quarter: 'must be a quarter such as 2026-Q3',
    });
  });

  it('round-trips every period', () => {
    fc.assert(
      fc.property(period, (p) => {
        expect(parsePeriod(formatPeriod(p))).toEqual(p);
      }),
    );
  });

  it('refuses every other string with a 400, never a throw of another kind', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (s) => {
        let parsed: Period | null = null;
        try {
          parsed = parsePeriod(s);
        } catch (e) {
          expect((e as AppError).code).toBe('INVALID');
        }
        if (parsed) expect(formatPeriod(parsed)).toBe(s.trim().toUpperCase());
      }),
    );
  });
});

describe('fiscal quarters', () => {
  it('start in the fiscal year start month and are named by the year the fiscal year starts in', () => {
    expect(periodDates(parsePeriod('2026-Q1'))).toEqual({ start: '2026-01-01', end: '2026-04-01' });
    expect(periodDates(parsePeriod('2026-Q1'), 4)).toEqual({ start: '2026-04-01', end: '2026-07-01' });
    expect(periodDates(parsePeriod('2026-Q4'), 4)).toEqual({ start: '2027-01-01', end: '2027-04-01' });
    expect(monthsOf(parsePeriod('2026-Q4'), 11)).toEqual(['2027-08', '2027-09', '2027-10']);
    expect(periodStartingOn('2026-07-01', 'quarter')).toEqual({ kind: 'quarter', year: 2026, index: 3 });
    expect(periodStartingOn('2026-08-01', 'quarter')).toBeNull();
    expect(periodStartingOn('2026-08-01', 'quarter', 2)).toEqual({ kind: 'quarter', year: 2026, index: 3 });
    expect(periodStartingOn('2026-08-02', 'month')).toBeNull();
  });

  it('tile the year: four quarters of three months each, twelve months from the start month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fiscal, (year, start) => {
        const months = periodsOfFiscalYear(year, 'month', start).map(formatPeriod);
        const fromQuarters = periodsOfFiscalYear(year, 'quarter', start).flatMap((q) => monthsOf(q, start));
        expect(fromQuarters).toEqual(months);
        expect(new Set(months).size).toBe(12);
        expect(months[0]).toBe(`${year}-${String(start).padStart(2, '0')}`);
      }),
    );
  });

  it('the quarter starting on its first day is that quarter', () => {
    fc.assert(
      fc.property(quarter, fiscal, (q, start) => {
        expect(periodStartingOn(periodDates(q, start).start, 'quarter', start)).toEqual(q);
      }),
    );
  });
});

describe('bounds in a time zone', () => {
  it('begin at local midnight', () => {
    const { start, end } = periodBounds(parsePeriod('2026-07'), { timeZone: 'Europe/Berlin' });
    expect(start.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(end.toISOString()).toBe('2026-07-31T22:00:00.000Z');
    expect(periodBounds(parsePeriod('2026-Q1'), { timeZone: 'America/New_York' }).end.toISOString()).toBe(
      '2026-04-01T04:00:00.000Z',
    );
  });

  it('follow each other without gap, and hold every instant counted in them', () => {
    fc.assert(
      fc.property(period, fiscal, fc.constantFrom(...zones), (p, start, timeZone) => {
        const o = { timeZone, fiscalYearStartMonth: start };
        const b = periodBounds(p, o);
        expect(b.start.getTime()).toBeLessThan(b.end.getTime());
        expect(periodBounds(shiftPeriod(p, 1), o).start).toEqual(b.end);
        expect(periodContaining(b.start, p.kind, o)).toEqual(p);
        expect(periodContaining(new Date(b.end.getTime() - 1), p.kind, o)).toEqual(p);
        expect(DateTime.fromJSDate(b.start, { zone: timeZone }).day).toBe(1);
      }),
    );
  });

  it('find the period of any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1991-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }),
        fc.constantFrom<'month' | 'quarter'>('month', 'quarter'),
        fiscal,
        fc.constantFrom(...zones),
        (at, kind, start, timeZone) => {
          const o = { timeZone, fiscalYearStartMonth: start };
          const b = periodBounds(periodContaining(at, kind, o), o);
          expect(b.start.getTime()).toBeLessThanOrEqual(at.getTime());
          expect(at.getTime()).toBeLessThan(b.end.getTime());
        },
      ),
    );
  });

  it('shifts by whole periods both ways', () => {
    fc.assert(
      fc.property(period, fc.integer({ min: -200, max: 200 }), (p, n) => {
        expect(shiftPeriod(shiftPeriod(p, n), -n)).toEqual(p);
      }),
    );
    expect(formatPeriod(shiftPeriod(parsePeriod('2026-Q4'), 1))).toBe('2027-Q1');
    expect(formatPeriod(shiftPeriod(parsePeriod('2026-01'), -1))).toBe('2025-12');
  });
});
