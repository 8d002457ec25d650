// Won deals closed between two instants, summed per piece of time — between UTC month starts and
// the instants some exchange rate changes — per currency and, when asked, per owner and territory:
// what the forecast converts, each piece at the rate in force on its first day (decision 026).
// Whole UTC months no rate changes inside come from the kept monthly sums where they answer
// (decision 034); the rest — the period's edges in the reader's zone, months a rate changes inside,
// scopes that are no set of owners — from the deals through the platform's aggregates, in one
// grouped statement over the won-deals index.
import type { FilterCondition, FilterGroup } from '@kith/common';
import type { Ctx } from '../../platform/context.ts';
import { parseMetrics } from '../../platform/records/aggregate-query.ts';
import { groupedRows, type Money, rowKey } from '../../platform/records/grouped-rows.ts';
import { objectOf } from '../../platform/records/records.service.ts';
import type { Converter } from './exchange-rates.service.ts';
import { keptScope, keptWonMonths } from './kept-deal-sums.ts';

export interface WonPiece {
  /** The piece's first instant (ISO): a month start, a rate change or the range's start. */
  at: string;
  owner: string | null;
  territory: string | null;
  count: number;
  money: Money;
}

type Range = { start: string; end: string };
const ms = (iso: string) => Date.parse(iso);

/** The day whose rate converts a piece: that of the last rate change at or before its first instant. */
export const rateDayOf = (fx: Converter, at: string): string =>
  fx.dayOf(fx.breaks.filter((b) => ms(b) <= ms(at)).at(-1) ?? null);

/** The first instants of the UTC months from `start` to `end` (the months wholly inside). */
function wholeMonths(start: string, end: string): Range[] {
  const out: Range[] = [];
  const s = new Date(start);
  let m = Date.UTC(
    s.getUTCFullYear(),
    s.getUTCMonth() + (s.getUTCDate() === 1 && ms(start) % 86_400_000 === 0 ? 0 : 1),
    1,
  );
  for (;;) {
    const d = new Date(m);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    if (next > ms(end)) return out;
    out.push({ start: d.toISOString(), end: new Date(next).toISOString() });
    m = next;
  }
}

export async function wonPieces(
  ctx: Ctx,
  fx: Converter,
  narrow: FilterCondition[],
  p: Range & { byOwner: boolean; byTerritory: boolean; rowLimit: number },
): Promise<{ pieces: WonPiece[]; truncated: boolean }> {
  const changes = fx.breaks.filter((b) => ms(b) > ms(p.start) && ms(b) < ms(p.end));
  const kept = keptScope(ctx, narrow);
  const keptMonths = kept
    ? wholeMonths(p.start, p.end).filter((m) => !changes.some((b) => ms(b) > ms(m.start) && ms(b) < ms(m.end)))
    : [];
  // What the kept months leave: the ranges read from the deals.
  const ranges: Range[] = [];
  let from = p.start;
  for (const m of [...keptMonths, { start: p.end, end: p.end }]) {
    if (ms(m.start) > ms(from)) ranges.push({ start: from, end: m.start });
    from = m.end;
  }
  const [fromDeals, fromKept] = await Promise.all([
    ranges.length ? dealPieces(ctx, narrow, ranges, changes, p) : { pieces: [], truncated: false },
    kept && keptMonths.length
      ? keptWonMonths(
          ctx,
          kept,
          keptMonths.map((m) => m.start),
          { byOwner: p.byOwner, byTerritory: p.byTerritory },
        )
      : [],
  ]);
  const keptPieces = fromKept
    // Amounts without a currency are not money (as groupedRows leaves them out), but still deals.
    .map((r) => ({
      at: `${r.month}-01T00:00:00.000Z`,
      owner: r.owner_id,
      territory: r.territory_id,
      count: r.deals,
      money: r.currency ? [{ currency: r.currency, amount: r.amount }] : [],
    }));
  return { pieces: [...fromDeals.pieces, ...keptPieces], truncated: fromDeals.truncated };
}

/** The ranges' won deals through groupedRows: keyed by owner, territory (as asked) and piece. */
async function dealPieces(
  ctx: Ctx,
  narrow: FilterCondition[],
  ranges: Range[],
  changes: string[],
  p: { byOwner: boolean; byTerritory: boolean; rowLimit: number },
): Promise<{ pieces: WonPiece[]; truncated: boolean }> {
  const inRanges = (b: string) => ranges.some((r) => ms(b) >= ms(r.start) && ms(b) < ms(r.end));
  const starts = ranges.flatMap((r) => [r.start, ...wholeMonths(r.start, r.end).map((m) => m.start)]);
  // One key: the pieces as breaks — a comparison per deal, where a month bucket would format a date per deal.
  const breaks = [...new Map([...starts, ...changes.filter(inRanges)].map((b) => [ms(b), b])).entries()]
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
  const keys = [
    ...(p.byOwner ? [rowKey(ctx, 'deal', 'ownerId')] : []),
    ...(p.byTerritory ? [rowKey(ctx, 'deal', 'territoryId')] : []),
    rowKey(ctx, 'deal', 'closedAt', { breaks }),
  ];
  const cube = await groupedRows(ctx, 'deal', {
    keys,
    metrics: parseMetrics(objectOf(ctx, 'deal'), 'sum:amount'),
    rowLimit: p.rowLimit,
    filter: {
      op: 'and',
      conditions: [
        { field: 'status', cmp: 'eq', value: 'won' },
        ...(closed.length === 1 ? closed[0].conditions : [{ op: 'or' as const, conditions: closed }]),
        ...narrow,
      ],
    },
  });
  const pieces = cube.rows.flatMap((row) => {
    const at = row.keys[keys.length - 1];
    if (typeof at !== 'string') return [];
    return [
      {
        at,
        owner: p.byOwner ? (row.keys[0] as string | null) : null,
        territory: p.byTerritory ? (row.keys[p.byOwner ? 1 : 0] as string | null) : null,
        count: row.count,
        money: row.sums['sum:amount'] as Money,
      },
    ];
  });
  return { pieces, truncated: cube.truncated };
}
