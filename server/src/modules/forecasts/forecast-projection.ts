// The forecast's projection: won revenue per month (UTC) from the last three years of history,
// each deal converted at the rate in force on its close day (decision 026) — read from the sums
// kept per month, owner, territory and currency (decision 034) where they answer exactly, else
// through the platform's aggregate path from the deals — then projected by projectRevenue from the
// last complete month to the end of the period asked for (at least three months ahead).
import type { FilterCondition, FilterGroup } from '@kith/common';
import type { ForecastResult } from '@kith/common/api/forecasts';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { assertCan } from '../../platform/permissions.ts';
import { parseMetrics } from '../../platform/records/aggregate-query.ts';
import { groupedRows, type Money, rowKey } from '../../platform/records/grouped-rows.ts';
import { ownersReadable } from '../../platform/records/owner-scope.ts';
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
  const to = `${formatPeriod(current)}-01T00:00:00Z`;
  const months: string[] = [];
  for (let p = first; formatPeriod(p) < formatPeriod(current); p = shiftPeriod(p, 1))
    months.push(`${formatPeriod(p)}-01T00:00:00.000Z`);
  const byMonth = await wonByMonth(ctx, fx, narrow, { months, to });
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

/**
 * Won revenue per month (YYYY-MM) in the company currency, each deal at its close day's rate. A
 * month no rate changes inside (rates dated at a UTC month start, or none in it) is read from the
 * kept monthly sums (decision 034) when the reader's scope and the narrowing are sets of owners and
 * a territory; every other month from the deals, in one grouped statement keyed by the pieces of
 * time between month starts and rate changes.
 */
async function wonByMonth(
  ctx: Ctx,
  fx: Converter,
  narrow: FilterCondition[],
  p: { months: string[]; to: string },
): Promise<Map<string, number>> {
  const byMonth = new Map<string, number>();
  const add = (month: string, amount: number) => byMonth.set(month, (byMonth.get(month) ?? 0) + amount);
  // The rate piece an instant lies in: the last rate change at or before it.
  const rateDay = (at: string) => fx.dayOf(fx.breaks.filter((b) => Date.parse(b) <= Date.parse(at)).at(-1) ?? null);
  const end = (i: number) => p.months[i + 1] ?? p.to;
  const inside = fx.breaks.filter((b) => Date.parse(b) > Date.parse(p.months[0]) && Date.parse(b) < Date.parse(p.to));
  const split = (i: number) =>
    inside.some((b) => Date.parse(b) > Date.parse(p.months[i]) && Date.parse(b) < Date.parse(end(i)));
  const kept = keptReader(ctx, narrow);
  const fromDeals = p.months.map((_, i) => i).filter((i) => !kept || split(i));
  const fromKept = p.months.filter((_, i) => kept && !split(i));

  const [rows, sums] = await Promise.all([
    fromDeals.length
      ? dealPieces(
          ctx,
          narrow,
          fromDeals.map((i) => ({ start: p.months[i], end: end(i) })),
          inside,
        )
      : [],
    kept && fromKept.length ? kept(fromKept) : [],
  ]);
  for (const row of rows) add(new Date(row.at).toISOString().slice(0, 7), fx.sum(row.money, rateDay(row.at)));
  // Amounts without a currency are not money (as groupedRows leaves them out).
  for (const row of sums.filter((r) => r.currency !== ''))
    add(row.month, fx.sum([{ currency: row.currency, amount: row.amount }], rateDay(`${row.month}-01T00:00:00.000Z`)));
  return byMonth;
}

/**
 * Won deals of the given months through the platform's aggregate path (the reader's scope, the
 * narrowing): per piece of time between month starts and rate changes, per currency. Consecutive
 * months are one range.
 */
async function dealPieces(
  ctx: Ctx,
  narrow: FilterCondition[],
  months: Array<{ start: string; end: string }>,
  rateChanges: string[],
): Promise<Array<{ at: string; money: Money }>> {
  const ranges: Array<{ start: string; end: string }> = [];
  for (const m of months) {
    const last = ranges.at(-1);
    if (last && last.end === m.start) last.end = m.end;
    else ranges.push({ ...m });
  }
  const within = (b: string) =>
    ranges.some((r) => Date.parse(b) >= Date.parse(r.start) && Date.parse(b) < Date.parse(r.end));
  // One key: the pieces as breaks — a comparison per deal, where a month bucket would format a date per deal.
  const breaks = [
    ...new Map([...months.map((m) => m.start), ...rateChanges.filter(within)].map((b) => [Date.parse(b), b])).entries(),
  ]
    .sort((a, b) => a[0] - b[0])
    .map(([, b]) => b);
  const closed = ranges.map(
    (r): FilterGroup => ({
      op: 'and',
      conditions: [
        { field: 'closedAt', cmp: 'gte', value: r.start },
        { field: 'closedAt', cmp: 'lt', value: r.end },
      ],
    }),
  );
  const cube = await groupedRows(ctx, 'deal', {
    keys: [rowKey(ctx, 'deal', 'closedAt', { breaks })],
    metrics: parseMetrics(objectOf(ctx, 'deal'), 'sum:amount'),
    rowLimit: maxHistoryRows,
    filter: {
      op: 'and',
      conditions: [
        { field: 'status', cmp: 'eq', value: 'won' },
        ...(closed.length === 1 ? closed[0].conditions : [{ op: 'or' as const, conditions: closed }]),
        ...narrow,
      ],
    },
  });
  return cube.rows.flatMap((row) =>
    typeof row.keys[0] === 'string' ? [{ at: row.keys[0], money: row.sums['sum:amount'] as Money }] : [],
  );
}

/**
 * A reader of the kept monthly sums, or null when they cannot answer exactly: a scope that is no
 * set of owners, or a narrowing other than owners (a team) and one territory.
 */
function keptReader(ctx: Ctx, narrow: FilterCondition[]) {
  const obj = objectOf(ctx, 'deal');
  const readable = ownersReadable(ctx, obj, assertCan(ctx.principal, obj.name, 'read', obj.label));
  if (!readable) return null;
  let owners = readable.owners;
  let territory: string | undefined;
  for (const c of narrow) {
    if (c.field === 'ownerId' && c.cmp === 'in' && Array.isArray(c.value)) {
      const team = new Set(c.value as string[]);
      owners = (owners ?? [...team]).filter((id) => team.has(id));
    } else if (c.field === 'territoryId' && c.cmp === 'eq' && typeof c.value === 'string' && territory === undefined)
      territory = c.value;
    else return null;
  }
  // Keys whose deals all left (moved, lost, deleted) keep a row of zeros: not a month with sales.
  return (months: string[]) =>
    ctx.db.query<{ month: string; currency: string; amount: number }>(sql`
      SELECT to_char(month, 'YYYY-MM') AS month, currency, sum(amount)::float8 AS amount
      FROM deal_won_months
      WHERE month = ANY(${months.map((m) => m.slice(0, 10))}::date[])
        ${owners ? sql`AND owner_id = ANY(${owners}::uuid[])` : sql.empty}
        ${territory ? sql`AND territory_id = ${territory}::uuid` : sql.empty}
      GROUP BY month, currency HAVING sum(deals) <> 0`);
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
