// A projection of won revenue from its monthly history (decision 022): Holt-Winters with a yearly
// season once there are two full years, the multiplicative or the additive model whichever fits the
// history better (additive only when a month had no revenue: a multiplicative season cannot hold a
// zero); Holt's linear trend with less; the mean of the months with very little. Amounts are
// integer minor units of one currency; the caller converts before.
import { invalid } from '../../platform/errors.ts';
import { type ForecastPoint, forecast, type HoltWintersFit, holtWinters } from './holt-winters.ts';
import { formatPeriod, type Period, parsePeriod, periodOfMonth, shiftPeriod } from './periods.ts';

export type ProjectionMethod = 'holtWintersMultiplicative' | 'holtWintersAdditive' | 'holtLinear' | 'mean' | 'none';

export interface MonthTotal {
  /** YYYY-MM */
  month: string;
  /** Won revenue in minor units, one currency. */
  amount: number;
}

export interface ProjectedMonth {
  month: string;
  amount: number;
  /** The prediction interval at `level`; null where the method gives none. */
  lower: number | null;
  upper: number | null;
}

export interface Projection {
  method: ProjectionMethod;
  /** The fitted smoothing parameters; null for the mean and for no history. */
  parameters: { alpha: number; beta: number | null; gamma: number | null } | null;
  /** The months of history used, gaps filled with zero. */
  historyMonths: number;
  level: number;
  points: ProjectedMonth[];
}

export interface ProjectionOptions {
  /** How many months after the history to project (1–60). */
  months: number;
  /**
   * The last month of history (YYYY-MM), usually the last complete month: months after the
   * latest total up to it count as zero. Default: the latest month given.
   */
  through?: string;
  /** Coverage of the intervals (default 0.8). */
  level?: number;
}

/** Below this many months, a trend would be fitted to noise: the flat mean instead. */
export const minMonthsForTrend = 6;
/** Two full years: what a yearly season's start values need (R's HoltWinters asks as much). */
export const minMonthsForSeason = 24;

/** Projects the months after the history. Invalid input is a 400 naming the field. */
export function projectRevenue(history: readonly MonthTotal[], options: ProjectionOptions): Projection {
  const { months, level = 0.8 } = options;
  if (!(Number.isInteger(months) && months >= 1 && months <= 60))
    throw invalid('months: must be a whole number from 1 to 60', { months: 'must be from 1 to 60' });
  if (!(level > 0 && level < 1)) throw invalid('level: must be between 0 and 1', { level: 'must be between 0 and 1' });
  const series = monthlySeries(history, options.through);
  const next = (i: number) => formatPeriod(shiftPeriod(series.first, series.values.length + i));
  if (!series.values.length)
    return {
      method: 'none',
      parameters: null,
      historyMonths: 0,
      level,
      points: Array.from({ length: months }, (_, i) => ({ month: next(i), amount: 0, lower: null, upper: null })),
    };
  const { method, fit } = chooseModel(series.values);
  const raw: ForecastPoint[] = fit
    ? forecast(fit, months, level)
    : Array(months).fill({ value: mean(series.values), lower: null, upper: null });
  return {
    method,
    parameters: fit ? { alpha: fit.alpha, beta: fit.beta, gamma: fit.gamma } : null,
    historyMonths: series.values.length,
    level,
    // Revenue is never negative: a falling trend stops at zero.
    points: raw.map((p, i) => ({
      month: next(i),
      amount: money(p.value),
      lower: p.lower === null ? null : money(p.lower),
      upper: p.upper === null ? null : money(p.upper),
    })),
  };
}

/**
 * The last few models chosen, by their series: a fit is a pure function of the numbers and takes
 * milliseconds of optimisation, while every forecast view asks again for the same history.
 */
const chosen = new Map<string, { method: ProjectionMethod; fit: HoltWintersFit | null }>();
const chosenAtMost = 64;

function chooseModel(values: number[]): { method: ProjectionMethod; fit: HoltWintersFit | null } {
  const key = values.join(',');
  const hit = chosen.get(key);
  if (hit) return hit;
  const model = fitModel(values);
  if (chosen.size >= chosenAtMost) chosen.delete(chosen.keys().next().value as string);
  chosen.set(key, model);
  return model;
}

function fitModel(values: number[]): { method: ProjectionMethod; fit: HoltWintersFit | null } {
  if (values.length < minMonthsForTrend || values.every((v) => v === values[0])) return { method: 'mean', fit: null };
  if (values.length < minMonthsForSeason) return { method: 'holtLinear', fit: holtWinters(values) };
  const additive = holtWinters(values, { period: 12, seasonal: 'additive' });
  if (values.some((v) => v <= 0)) return { method: 'holtWintersAdditive', fit: additive };
  const multiplicative = holtWinters(values, { period: 12, seasonal: 'multiplicative' });
  // Both are scored on the same one-step errors (from the second year on), so their SSEs compare.
  return multiplicative.sse < additive.sse
    ? { method: 'holtWintersMultiplicative', fit: multiplicative }
    : { method: 'holtWintersAdditive', fit: additive };
}

const money = (v: number) => Math.max(0, Math.round(v));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The history as consecutive months from the first given to `through`, missing months as zero. */
function monthlySeries(history: readonly MonthTotal[], through?: string): { first: Period; values: number[] } {
  const byMonth = new Map<string, number>();
  history.forEach((h, i) => {
    const p = parsePeriod(h.month, `history[${i}].month`, 'month');
    const key = formatPeriod(p);
    if (!Number.isSafeInteger(h.amount) || h.amount < 0)
      throw invalid(`history[${i}].amount: must be whole minor units, zero or more`, {
        [`history[${i}].amount`]: 'must be whole minor units, zero or more',
      });
    if (byMonth.has(key))
      throw invalid(`history[${i}].month: ${key} is given twice`, { [`history[${i}].month`]: 'is given twice' });
    byMonth.set(key, h.amount);
  });
  const keys = [...byMonth.keys()].sort();
  const last = through ? parsePeriod(through, 'through', 'month') : keys.length ? parsePeriod(keys.at(-1)) : null;
  if (!last) throw invalid('through: name the last month when there is no history', { through: 'is required' });
  // No history: the projection starts the month after `through`.
  if (!keys.length) return { first: shiftPeriod(last, 1), values: [] };
  if (formatPeriod(last) < (keys.at(-1) as string))
    throw invalid('through: must not be before the last month of history', { through: 'is before the history ends' });
  const first = parsePeriod(keys[0]);
  const values: number[] = [];
  for (let p = first; formatPeriod(p) <= formatPeriod(last); p = shiftPeriod(p, 1))
    values.push(byMonth.get(formatPeriod(p)) ?? 0);
  if (values.length > 600) throw invalid('history: at most 50 years of months', { history: 'is too long' });
  return { first, values };
}

export interface QuarterTotal {
  /** The fiscal quarter, e.g. 2026-Q3. */
  quarter: string;
  amount: number;
  /** How many of the quarter's three months were given: a partial quarter is not a quarter's figure. */
  months: number;
}

/** Sums months into fiscal quarters, in order. */
export function quarterTotals(
  months: ReadonlyArray<{ month: string; amount: number }>,
  fiscalYearStartMonth = 1,
): QuarterTotal[] {
  const totals = new Map<string, QuarterTotal>();
  months.forEach((m, i) => {
    const p = parsePeriod(m.month, `months[${i}].month`, 'month');
    const q = formatPeriod(periodOfMonth(p.year, p.index, 'quarter', fiscalYearStartMonth));
    const t = totals.get(q) ?? { quarter: q, amount: 0, months: 0 };
    t.amount += m.amount;
    t.months += 1;
    totals.set(q, t);
  });
  return [...totals.values()].sort((a, b) => (a.quarter < b.quarter ? -1 : 1));
}
