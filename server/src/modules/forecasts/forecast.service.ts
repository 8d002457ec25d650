// The forecast of one month or quarter (issue 13, decision 023): per rep, team or territory and in
// total, what was won, what is open and expected to close, best case and commit, quota and
// attainment, managers' adjustments, and a projection of won revenue from history. Every deal
// figure comes from one grouped statement of the platform's (groupedRows, under the list's rules),
// so it covers exactly the deals the reader's list would show; amounts are converted into the
// company currency at dated rates (decision 026) and added up here.
import type { FilterCondition } from '@kith/common';
import type { ForecastGroup, ForecastQuery, ForecastResult } from '@kith/common/api/forecasts';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { parseMetrics } from '../../platform/records/aggregate-query.ts';
import { groupedRows, type Money, rowKey, titlesOf } from '../../platform/records/grouped-rows.ts';
import { objectOf } from '../../platform/records/records.service.ts';
import { type Converter, converterFor, readExchangeRates } from './exchange-rates.service.ts';
import { forecastProjection } from './forecast-projection.ts';
import { type Adjustment, readAdjustments, readQuotas } from './forecast-targets.ts';
import { fiscalYearStartMonth } from './forecasts.object.ts';
import { keptOpenRows, keptScope } from './kept-deal-sums.ts';
import { formatPeriod, parsePeriod, periodBounds, periodDates } from './periods.ts';
import { rateDayOf, wonPieces } from './won-pieces.ts';

/** Groups one answer holds at most (the aggregates' own limit). */
export const maxForecastGroups = 1000;

type Figures = Omit<ForecastGroup, 'key' | 'title' | 'adjustments'>;

export async function forecast(ctx: Ctx, query: ForecastQuery): Promise<ForecastResult> {
  const period = parsePeriod(query.period, 'period');
  const groupBy = query.groupBy ?? 'rep';
  const timeZone = query.timeZone ?? (await userTimeZone(ctx));
  const bounds = periodBounds(period, { timeZone, fiscalYearStartMonth });
  const dates = periodDates(period, fiscalYearStartMonth);
  const fx = converterFor(await readExchangeRates(ctx.db), { now: ctx.now(), timeZone });
  const narrow = await narrowing(ctx, query);

  // The period's two statements, the history's and the targets' at once: on PostgreSQL each has a
  // connection of its own, so the answer takes as long as the slowest, not the sum.
  const quotaKind = { kind: period.kind, start: dates.start };
  const [cube, projection, quotas, adjustments] = await Promise.all([
    periodCube(ctx, fx, { bounds, dates, narrow, byTerritory: groupBy === 'territory' }),
    forecastProjection(ctx, fx, narrow, period),
    readQuotas(ctx, fx, quotaKind, fiscalYearStartMonth),
    readAdjustments(ctx, fx, quotaKind),
  ]);
  const repIds = new Set<string | null>(cube.reps.keys());
  if (!query.territoryId) for (const id of [...(quotas?.keys() ?? []), ...adjustments.keys()]) repIds.add(id);
  const members = query.teamId ? new Set(narrow[0]?.value as string[]) : null;
  const names = await userNames(ctx, [...repIds]);

  const repGroups: ForecastGroup[] = [...repIds]
    .filter((id) => !members || (id !== null && members.has(id)))
    .map((id) => {
      const adj = id ? adjustments.get(id) : undefined;
      const quota = id && quotas ? (quotas.get(id) ?? null) : null;
      return {
        key: id,
        title: id ? (names.get(id) ?? null) : null,
        ...withTargets(cube.reps.get(id) ?? noFigures(), quota, adj?.commit ?? null),
        adjustments: quotas || adj ? { commit: adj?.commit ?? null, bestCase: adj?.bestCase ?? null } : null,
      };
    });

  let groups: ForecastGroup[];
  if (groupBy === 'rep') groups = repGroups;
  else if (groupBy === 'team') groups = await byTeam(ctx, repGroups, query.teamId);
  else
    groups = [...cube.territories.entries()].map(([key, figures]) => ({
      key,
      title: key ? (cube.territoryTitles.get(key) ?? null) : null,
      ...withTargets(figures, null, null),
      adjustments: null,
    }));
  groups.sort(
    (a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.won - a.won || b.pipeline - a.pipeline,
  );

  const totalFigures = cube.total;
  const commitDelta = repGroups.reduce((s, g) => s + (g.commitAdjusted - g.commit), 0);
  // No quota set (or readable) for anyone counted: no total to attain either.
  const counted =
    quotas && !query.territoryId ? [...quotas.entries()].filter(([id]) => !members || members.has(id)) : [];
  const quotaTotal = counted.length ? counted.reduce((s, [, q]) => s + q, 0) : null;
  return {
    period: formatPeriod(period),
    kind: period.kind,
    startDate: dates.start,
    endDate: dates.end,
    start: bounds.start.toISOString(),
    end: bounds.end.toISOString(),
    timeZone,
    currency: fx.currency,
    groupBy,
    groups: groups.slice(0, maxForecastGroups),
    truncated: cube.truncated || groups.length > maxForecastGroups,
    total: {
      ...totalFigures,
      commitAdjusted: totalFigures.commit + commitDelta,
      quota: quotaTotal,
      attainment: quotaTotal ? totalFigures.won / quotaTotal : null,
    },
    quotasVisible: quotas !== null,
    projection,
    missingRates: [...fx.missing].sort(),
  };
}

type DealFigures = Pick<
  ForecastGroup,
  'won' | 'wonCount' | 'pipeline' | 'weighted' | 'openCount' | 'bestCase' | 'commit'
>;

const noFigures = (): DealFigures => ({
  won: 0,
  wonCount: 0,
  pipeline: 0,
  weighted: 0,
  openCount: 0,
  bestCase: 0,
  commit: 0,
});

/** Rows of the deals' cube above a few thousand mean something is off: the answer says truncated. */
export const maxCubeRows = 100_000;

/**
 * The period's deal figures per rep, per territory (when asked) and in total: won deals closed in
 * the period, per owner, [territory], currency and piece of time between month starts and rate
 * changes (wonPieces); open deals expected to close in it, per owner, [territory], forecast
 * category and currency — from their kept monthly sums where they answer (a period is whole months
 * of expected-close dates, the same in every zone; decision 034), else through the platform's
 * aggregate path over a covering index (decision 026). Each row is converted and added up here: a
 * won deal at the rate in force on its close day, an open one at today's.
 */
async function periodCube(
  ctx: Ctx,
  fx: Converter,
  p: {
    bounds: { start: Date; end: Date };
    dates: { start: string; end: string };
    narrow: FilterCondition[];
    byTerritory: boolean;
  },
) {
  const obj = objectOf(ctx, 'deal');
  const key = (field: string) => rowKey(ctx, 'deal', field);
  const openKeys = [key('ownerId'), ...(p.byTerritory ? [key('territoryId')] : []), key('forecastCategory')];
  const kept = keptScope(ctx, p.narrow);
  const [won, open] = await Promise.all([
    wonPieces(ctx, fx, p.narrow, {
      start: p.bounds.start.toISOString(),
      end: p.bounds.end.toISOString(),
      byOwner: true,
      byTerritory: p.byTerritory,
      rowLimit: maxCubeRows,
    }),
    kept
      ? keptOpenRows(ctx, kept, { ...p.dates, byTerritory: p.byTerritory }).then((rows) => ({ rows, truncated: false }))
      : groupedRows(ctx, 'deal', {
          keys: openKeys,
          metrics: parseMetrics(obj, 'sum:amount,sum:weightedAmount'),
          rowLimit: maxCubeRows,
          filter: {
            op: 'and',
            conditions: [
              { field: 'status', cmp: 'eq', value: 'open' },
              { field: 'expectedCloseDate', cmp: 'gte', value: p.dates.start },
              { field: 'expectedCloseDate', cmp: 'lt', value: p.dates.end },
              ...p.narrow,
            ],
          },
        }),
  ]);
  const reps = new Map<string | null, DealFigures>();
  const territories = new Map<string | null, DealFigures>();
  const total = noFigures();
  const into = (m: Map<string | null, DealFigures>, k: string | null) => {
    const f = m.get(k) ?? noFigures();
    m.set(k, f);
    return f;
  };
  const targetsOf = (owner: string | null, territory: string | null) => [
    total,
    into(reps, owner),
    ...(p.byTerritory ? [into(territories, territory)] : []),
  ];
  for (const piece of won.pieces) {
    const amount = fx.sum(piece.money, rateDayOf(fx, piece.at));
    for (const f of targetsOf(piece.owner, piece.territory)) {
      f.won += amount;
      f.wonCount += piece.count;
    }
  }
  for (const row of open.rows) {
    const category = row.keys[row.keys.length - 1];
    const pipeline = fx.sum(row.sums['sum:amount'] as Money);
    const weighted = fx.sum(row.sums['sum:weightedAmount'] as Money);
    const territory = p.byTerritory ? (row.keys[1] as string | null) : null;
    for (const f of targetsOf(row.keys[0] as string | null, territory)) {
      f.openCount += row.count;
      f.pipeline += pipeline;
      f.weighted += weighted;
      if (category === 'bestCase') f.bestCase += pipeline;
      if (category === 'commit') f.commit += pipeline;
    }
  }
  // The territories' titles, of those the reader may read (as groupedRows names its keys).
  const titles = p.byTerritory
    ? await titlesOf(
        ctx,
        key('territoryId'),
        [...territories.keys()].map((k) => ({ keys: [k], count: 0, sums: {} })),
        0,
      )
    : null;
  return {
    reps,
    territories,
    territoryTitles: titles ?? new Map<string, string | null>(),
    total,
    truncated: won.truncated || open.truncated,
  };
}

function withTargets(f: DealFigures, quota: number | null, commit: Adjustment | null): Figures {
  return {
    ...f,
    commitAdjusted: commit ? commit.amount : f.commit,
    quota,
    attainment: quota ? f.won / quota : null,
  };
}

/** Reps folded into their teams (a rep in two teams counts in both); reps in none under "No team". */
async function byTeam(ctx: Ctx, reps: ForecastGroup[], onlyTeam?: string): Promise<ForecastGroup[]> {
  const ids = reps.map((r) => r.key).filter((k): k is string => k !== null);
  const rows = await ctx.db.query<{ team_id: string; name: string; user_id: string }>(sql`
    SELECT tm.team_id, t.name, tm.user_id FROM team_members tm JOIN teams t ON t.id = tm.team_id
    WHERE tm.user_id = ANY(${ids}::uuid[]) ${onlyTeam ? sql`AND tm.team_id = ${onlyTeam}::uuid` : sql.empty}`);
  const teams = new Map<string | null, ForecastGroup>();
  const add = (key: string | null, title: string | null, r: ForecastGroup) => {
    const g = teams.get(key) ?? {
      key,
      title,
      ...noFigures(),
      commitAdjusted: 0,
      quota: null,
      attainment: null,
      adjustments: null,
    };
    for (const k of [
      'won',
      'wonCount',
      'pipeline',
      'weighted',
      'openCount',
      'bestCase',
      'commit',
      'commitAdjusted',
    ] as const)
      g[k] += r[k];
    if (r.quota !== null) g.quota = (g.quota ?? 0) + r.quota;
    g.attainment = g.quota ? g.won / g.quota : null;
    teams.set(key, g);
  };
  for (const r of reps) {
    const mine = rows.filter((t) => t.user_id === r.key);
    if (!mine.length) add(null, null, r);
    for (const t of mine) add(t.team_id, t.name, r);
  }
  return [...teams.values()];
}

/** The team or territory asked for, as conditions on deals (a team: its members' deals). */
async function narrowing(ctx: Ctx, query: ForecastQuery): Promise<FilterCondition[]> {
  const out: FilterCondition[] = [];
  if (query.teamId) {
    const rows = await ctx.db.query<{ user_id: string }>(
      sql`SELECT user_id FROM team_members WHERE team_id = ${query.teamId}::uuid ORDER BY user_id LIMIT 500`,
    );
    // No member, no deal: an id no user has keeps the condition well-formed.
    const ids = rows.length ? rows.map((r) => r.user_id) : ['00000000-0000-0000-0000-000000000000'];
    out.push({ field: 'ownerId', cmp: 'in', value: ids });
  }
  if (query.territoryId) out.push({ field: 'territoryId', cmp: 'eq', value: query.territoryId });
  return out;
}

/** The reader's time zone (their profile's), in which a period's days are counted. */
export async function userTimeZone(ctx: Ctx): Promise<string> {
  if (!ctx.principal.userId) return 'UTC';
  const [row] = await ctx.db.query<{ time_zone: string | null }>(
    sql`SELECT time_zone FROM users WHERE id = ${ctx.principal.userId}::uuid`,
  );
  return row?.time_zone || 'UTC';
}

async function userNames(ctx: Ctx, ids: Array<string | null>): Promise<Map<string, string>> {
  const wanted = ids.filter((i): i is string => i !== null);
  if (!wanted.length) return new Map();
  const rows = await ctx.db.query<{ id: string; name: string }>(
    sql`SELECT id, name FROM users WHERE id = ANY(${wanted}::uuid[])`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
