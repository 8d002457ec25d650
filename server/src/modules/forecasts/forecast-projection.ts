// The forecast's projection: won revenue per month from the last three years of history, read
// through the platform's aggregate path in one grouped statement (deals won, by month of closedAt
// in UTC as the aggregates bucket, by currency and by the stretch between two exchange-rate
// changes the close falls in), each converted at the rate in force on its close day (decision
// 026), then projected by projectRevenue from the last complete month to the end of the period
// asked for (at least three months ahead).
import type { FilterCondition } from '@kith/common';
import type { ForecastResult } from '@kith/common/api/forecasts';
import type { Ctx } from '../../platform/context.ts';
import { parseMetrics } from '../../platform/records/aggregate-query.ts';
import { groupedRows, type Money, rowKey } from '../../platform/records/grouped-rows.ts';
import { objectOf } from '../../platform/records/records.service.ts';
import type { Converter } from './exchange-rates.service.ts';
import { fiscalYearStartMonth } from './forecasts.object.ts';
import { formatPeriod, monthsOf, type Period, periodContaining, shiftPeriod } from './periods.ts';
import { projectRevenue } from './projection.ts';

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
  const obj = objectOf(ctx, 'deal');
  const from = `${formatPeriod(first)}-01T00:00:00Z`;
  const to = `${formatPeriod(current)}-01T00:00:00Z`;
  // One key: the pieces of time between month starts (UTC) and rate changes, as breaks — a
  // comparison per deal, where a month bucket would format a date per deal.
  const months: string[] = [];
  for (let p = first; formatPeriod(p) < formatPeriod(current); p = shiftPeriod(p, 1))
    months.push(`${formatPeriod(p)}-01T00:00:00.000Z`);
  const inside = fx.breaks.filter((b) => Date.parse(b) > Date.parse(from) && Date.parse(b) < Date.parse(to));
  const breaks = [...new Map([...months, ...inside].map((b) => [Date.parse(b), b])).entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, b]) => b);
  const cube = await groupedRows(ctx, 'deal', {
    keys: [rowKey(ctx, 'deal', 'closedAt', { breaks })],
    metrics: parseMetrics(obj, 'sum:amount'),
    rowLimit: maxHistoryRows,
    filter: {
      op: 'and',
      conditions: [
        { field: 'status', cmp: 'eq', value: 'won' },
        { field: 'closedAt', cmp: 'gte', value: from },
        { field: 'closedAt', cmp: 'lt', value: to },
        ...narrow,
      ],
    },
  });
  const byMonth = new Map<string, number>();
  for (const row of cube.rows) {
    const at = row.keys[0];
    if (typeof at !== 'string') continue;
    const month = new Date(at).toISOString().slice(0, 7);
    // The rate piece this piece lies in: the last rate change at or before its start.
    const rateBreak = fx.breaks.filter((b) => Date.parse(b) <= Date.parse(at)).at(-1) ?? null;
    const amount = fx.sum(row.sums['sum:amount'] as Money, fx.dayOf(rateBreak));
    byMonth.set(month, (byMonth.get(month) ?? 0) + amount);
  }
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

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
