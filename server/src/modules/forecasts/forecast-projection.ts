// The forecast's projection: won revenue per month (UTC) from the last three years of history,
// each deal converted at the rate in force on its close day (decision 026) — read from the sums
// kept per month, owner, territory and currency (decision 034) where they answer exactly, else
// through the platform's aggregate path from the deals — then projected by projectRevenue from the
// last complete month to the end of the period asked for (at least three months ahead).
import type { FilterCondition } from '@kith/common';
import type { ForecastResult } from '@kith/common/api/forecasts';
import type { Ctx } from '../../platform/context.ts';
import type { Converter } from './exchange-rates.service.ts';
import { fiscalYearStartMonth } from './forecasts.object.ts';
import { formatPeriod, monthsOf, type Period, periodContaining, shiftPeriod } from './periods.ts';
import { projectRevenue } from './projection.ts';
import { rateDayOf, wonPieces } from './won-pieces.ts';

/** Months of history the projection learns from: three seasons. */
export const historyMonths = 36;
/** How far ahead it projects at most, and at least. */
const maxAhead = 24;
const minAhead = 3;
/** Months × stretches between rate changes × currencies: far fewer unless rates change daily. */
const maxHistoryRows = 50_000;

export async function forecastProjection(
  ctx: Ctx,
  fx: Converter,
  narrow: FilterCondition[],
  period: Period,
): Promise<ForecastResult['projection']> {
  const current = periodContaining(ctx.now(), 'month');
  const first = shiftPeriod(current, -historyMonths);
  const last = shiftPeriod(current, -1);
  const byMonth = await wonByMonth(ctx, fx, narrow, {
    start: `${formatPeriod(first)}-01T00:00:00.000Z`,
    end: `${formatPeriod(current)}-01T00:00:00.000Z`,
  });
  // Leading months before the first sale are not history (a new installation has none).
  const history: Array<{ month: string; amount: number }> = [];
  for (let p = first; formatPeriod(p) <= formatPeriod(last); p = shiftPeriod(p, 1)) {
    const amount = byMonth.get(formatPeriod(p)) ?? 0;
    if (history.length || amount > 0) history.push({ month: formatPeriod(p), amount });
  }
  const periodLast = monthsOf(period, fiscalYearStartMonth).at(-1) as string;
  const ahead = monthsBetween(formatPeriod(current), periodLast) + 1;
  const projection = projectRevenue(history, {
    months: Math.min(maxAhead, Math.max(minAhead, ahead)),
    through: formatPeriod(last),
  });
  return {
    method: projection.method,
    parameters: projection.parameters,
    level: projection.level,
    history,
    points: projection.points,
  };
}

/** Won revenue per month (YYYY-MM) in the company currency, each deal at its close day's rate. */
async function wonByMonth(
  ctx: Ctx,
  fx: Converter,
  narrow: FilterCondition[],
  p: { start: string; end: string },
): Promise<Map<string, number>> {
  const { pieces } = await wonPieces(ctx, fx, narrow, {
    ...p,
    byOwner: false,
    byTerritory: false,
    rowLimit: maxHistoryRows,
  });
  const byMonth = new Map<string, number>();
  for (const piece of pieces) {
    const month = new Date(piece.at).toISOString().slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + fx.sum(piece.money, rateDayOf(fx, piece.at)));
  }
  return byMonth;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
