import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../platform/errors.ts';
import { formatPeriod, parsePeriod, shiftPeriod } from './periods.ts';
import { type MonthTotal, projectRevenue, quarterTotals } from './projection.ts';

/** Months from `start`, one total each. */
const monthsFrom = (start: string, amounts: number[]): MonthTotal[] =>
  amounts.map((amount, i) => ({ month: formatPeriod(shiftPeriod(parsePeriod(start), i)), amount }));

// A yearly pattern around 1.0: December strong, summer weak (a sales team's year).
const yearShape = [0.8, 0.85, 1.0, 0.95, 0.9, 0.75, 0.7, 0.8, 1.05, 1.1, 1.2, 1.9];

function fieldOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    expect((e as AppError).code).toBe('INVALID');
    return Object.keys(((e as AppError).details?.fields ?? {}) as object);
  }
  throw new Error('expected a 400');
}

describe('projectRevenue', () => {
  it('says "none" and projects zero without history', () => {
    const p = projectRevenue([], { months: 3, through: '2026-11' });
    expect(p.method).toBe('none');
    expect(p.points.map((x) => x.month)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(p.points.every((x) => x.amount === 0)).toBe(true);
  });

  it('takes the mean of very little history', () => {
    const p = projectRevenue(monthsFrom('2026-01', [100_00, 200_00, 300_00]), { months: 2 });
    expect(p).toMatchObject({ method: 'mean', parameters: null, historyMonths: 3 });
    expect(p.points).toEqual([
      { month: '2026-04', amount: 200_00, lower: null, upper: null },
      { month: '2026-05', amount: 200_00, lower: null, upper: null },
    ]);
  });

  it("follows a trend with Holt's linear method below two years", () => {
    const p = projectRevenue(
      monthsFrom(
        '2025-01',
        Array.from({ length: 14 }, (_, t) => 50_000_00 + t * 2_000_00),
      ),
      { months: 3 },
    );
    expect(p.method).toBe('holtLinear');
    expect(p.points.map((x) => x.amount)).toEqual([78_000_00, 80_000_00, 82_000_00]);
    expect(p.points[0].lower).toBeLessThanOrEqual(p.points[0].amount);
  });

  it('takes the multiplicative season for a growing seasonal business, in whole minor units', () => {
    const amounts = Array.from({ length: 36 }, (_, t) => Math.round((40_000_00 + t * 800_00) * yearShape[t % 12]));
    const p = projectRevenue(monthsFrom('2023-01', amounts), { months: 12 });
    expect(p.method).toBe('holtWintersMultiplicative');
    expect(p.parameters?.gamma).not.toBeNull();
    expect(p.points.map((x) => x.month)).toEqual(monthsFrom('2026-01', Array(12).fill(0)).map((m) => m.month));
    // December stays the strongest month, July the weakest.
    const byMonth = p.points.map((x) => x.amount);
    expect(Math.max(...byMonth)).toBe(byMonth[11]);
    expect(Math.min(...byMonth)).toBe(byMonth[6]);
    expect(p.points.every((x) => Number.isInteger(x.amount))).toBe(true);
  });

  it('takes the additive season when a month had no revenue, and counts months up to `through` as zero', () => {
    const amounts = Array.from({ length: 30 }, (_, t) => (t % 12 === 7 ? 0 : 10_000_00 + 1_000_00 * (t % 12)));
    const p = projectRevenue(monthsFrom('2024-01', amounts).slice(0, 28), { months: 1, through: '2026-06' });
    expect(p.historyMonths).toBe(30);
    expect(p.method).toBe('holtWintersAdditive');
    expect(p.points[0].month).toBe('2026-07');
  });

  it('refuses bad history with a 400 naming the entry', () => {
    expect(fieldOf(() => projectRevenue([{ month: '2026-13', amount: 1 }], { months: 1 }))).toEqual([
      'history[0].month',
    ]);
    expect(
      fieldOf(() =>
        projectRevenue(
          [
            { month: '2026-01', amount: 1 },
            { month: '2026-02', amount: -5 },
          ],
          { months: 1 },
        ),
      ),
    ).toEqual(['history[1].amount']);
    expect(
      fieldOf(() =>
        projectRevenue(
          [
            { month: '2026-01', amount: 1 },
            { month: '2026-01', amount: 2 },
          ],
          { months: 1 },
        ),
      ),
    ).toEqual(['history[1].month']);
    expect(fieldOf(() => projectRevenue([{ month: '2026-05', amount: 1 }], { months: 1, through: '2026-04' }))).toEqual(
      ['through'],
    );
    expect(fieldOf(() => projectRevenue([], { months: 0 }))).toEqual(['months']);
    expect(fieldOf(() => projectRevenue([], { months: 1 }))).toEqual(['through']);
  });

  it('always projects whole, non-negative amounts for the months right after the history', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000_00 }), { maxLength: 40 }),
        fc.integer({ min: 1, max: 24 }),
        (amounts, months) => {
          const p = projectRevenue(monthsFrom('2022-03', amounts), { months, through: '2025-06' });
          expect(p.points).toHaveLength(months);
          expect(p.points[0].month).toBe('2025-07');
          for (const x of p.points) {
            expect(Number.isSafeInteger(x.amount) && x.amount >= 0).toBe(true);
            if (x.lower !== null) expect(x.lower).toBeLessThanOrEqual(x.amount);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('quarterTotals', () => {
  it('sums months into fiscal quarters and says how many months each had', () => {
    const months = monthsFrom('2026-02', [1, 2, 3, 4, 5]);
    expect(quarterTotals(months)).toEqual([
      { quarter: '2026-Q1', amount: 3, months: 2 },
      { quarter: '2026-Q2', amount: 12, months: 3 },
    ]);
    // A fiscal year from April: February 2026 is the last quarter of fiscal 2025.
    expect(quarterTotals(months, 4)).toEqual([
      { quarter: '2025-Q4', amount: 3, months: 2 },
      { quarter: '2026-Q1', amount: 12, months: 3 },
    ]);
  });
});
