// The forecast of one month or quarter (issue 13, decision 023): per rep, team or territory and in
// total, what was won, what is open and expected to close, best case and commit, quota and
// attainment, managers' adjustments, and a projection of won revenue from history. Every deal
// figure is an aggregate of the platform's (aggregateRecords), so it covers exactly the deals the
// reader's list would show; amounts are converted into the company currency.
import type { FilterCondition, FilterGroup } from '@kith/common';
import type { ForecastGroup, ForecastQuery, ForecastResult } from '@kith/common/api/forecasts';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Aggregate, aggregateRecords } from '../../platform/records/aggregate.ts';
import { parseGroupBy, parseMetrics } from '../../platform/records/aggregate-query.ts';
import { objectOf } from '../../platform/records/records.service.ts';
import { type Converter, converterFor, readExchangeRates } from './exchange-rates.service.ts';
import { forecastProjection } from './forecast-projection.ts';
import { type Adjustment, readAdjustments, readQuotas } from './forecast-targets.ts';
import { fiscalYearStartMonth } from './forecasts.object.ts';
import { formatPeriod, parsePeriod, periodBounds, periodDates } from './periods.ts';

/** Groups one answer holds at most (the aggregates' own limit). */
export const maxForecastGroups = 1000;

type Figures = Omit<ForecastGroup, 'key' | 'title' | 'adjustments'>;

/** What one aggregate pass gives per key (owner or territory) and in total, converted. */
interface Pass {
  byKey: Map<string | null, { title: string | null; values: number[] }>;
  total: number[];
  truncated: boolean;
}

export async function forecast(ctx: Ctx, query: ForecastQuery): Promise<ForecastResult> {
  const period = parsePeriod(query.period, 'period');
  const groupBy = query.groupBy ?? 'rep';
  const timeZone = query.timeZone ?? (await userTimeZone(ctx));
  const bounds = periodBounds(period, { timeZone, fiscalYearStartMonth });
  const dates = periodDates(period, fiscalYearStartMonth);
  const fx = converterFor(await readExchangeRates(ctx.db));
  const narrow = await narrowing(ctx, query);

  const won: FilterCondition[] = [
    { field: 'status', cmp: 'eq', value: 'won' },
    { field: 'closedAt', cmp: 'gte', value: bounds.start.toISOString() },
    { field: 'closedAt', cmp: 'lt', value: bounds.end.toISOString() },
  ];
  const open: FilterCondition[] = [
    { field: 'status', cmp: 'eq', value: 'open' },
    { field: 'expectedCloseDate', cmp: 'gte', value: dates.start },
    { field: 'expectedCloseDate', cmp: 'lt', value: dates.end },
  ];
  const category = (value: string): FilterCondition[] => [...open, { field: 'forecastCategory', cmp: 'eq', value }];
  // Reps' figures are needed for every grouping: adjustments and quotas belong to reps.
  const passes = async (field: 'ownerId' | 'territoryId') => {
    const [w, o, b, c] = await Promise.all([
      pass(ctx, fx, field, [...won, ...narrow], 'sum:amount'),
      pass(ctx, fx, field, [...open, ...narrow], 'sum:amount,sum:weightedAmount'),
      pass(ctx, fx, field, [...category('bestCase'), ...narrow], 'sum:amount'),
      pass(ctx, fx, field, [...category('commit'), ...narrow], 'sum:amount'),
    ]);
    return { w, o, b, c };
  };
  const reps = await passes('ownerId');
  const territories = groupBy === 'territory' ? await passes('territoryId') : null;

  const quotaKind = { kind: period.kind, start: dates.start };
  const quotas = await readQuotas(ctx, fx, quotaKind, fiscalYearStartMonth);
  const adjustments = await readAdjustments(ctx, fx, quotaKind);
  const repIds = new Set<string | null>([...reps.w.byKey.keys(), ...reps.o.byKey.keys(), ...reps.c.byKey.keys()]);
  if (!query.territoryId) for (const id of [...(quotas?.keys() ?? []), ...adjustments.keys()]) repIds.add(id);
  const members = query.teamId ? new Set(narrow[0]?.value as string[]) : null;
  const names = await userNames(ctx, [...repIds]);

  const repGroups: ForecastGroup[] = [...repIds]
    .filter((id) => !members || (id !== null && members.has(id)))
    .map((id) => {
      const figures = figuresOf(reps, id);
      const adj = id ? adjustments.get(id) : undefined;
      const quota = id && quotas ? (quotas.get(id) ?? null) : null;
      return {
        key: id,
        title: id ? (names.get(id) ?? reps.o.byKey.get(id)?.title ?? null) : null,
        ...withTargets(figures, quota, adj?.commit ?? null),
        adjustments: quotas || adj ? { commit: adj?.commit ?? null, bestCase: adj?.bestCase ?? null } : null,
      };
    });

  let groups: ForecastGroup[];
  if (groupBy === 'rep') groups = repGroups;
  else if (groupBy === 'team') groups = await byTeam(ctx, repGroups, query.teamId);
  else
    groups = [...keysOf(territories as NonNullable<typeof territories>)].map((key) => {
      const t = territories as NonNullable<typeof territories>;
      return {
        key,
        title: t.o.byKey.get(key)?.title ?? t.w.byKey.get(key)?.title ?? t.c.byKey.get(key)?.title ?? null,
        ...withTargets(figuresOf(t, key), null, null),
        adjustments: null,
      };
    });
  groups.sort(
    (a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || b.won - a.won || b.pipeline - a.pipeline,
  );

  const totalFigures = totalOf(reps);
  const commitDelta = repGroups.reduce((s, g) => s + (g.commitAdjusted - g.commit), 0);
  // No quota set (or readable) for anyone counted: no total to attain either.
  const counted =
    quotas && !query.territoryId ? [...quotas.entries()].filter(([id]) => !members || members.has(id)) : [];
  const quotaTotal = counted.length ? counted.reduce((s, [, q]) => s + q, 0) : null;
  const truncated = [reps, territories].some((p) => p && Object.values(p).some((x) => x.truncated));
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
    truncated: truncated || groups.length > maxForecastGroups,
    total: {
      ...totalFigures,
      commitAdjusted: totalFigures.commit + commitDelta,
      quota: quotaTotal,
      attainment: quotaTotal ? totalFigures.won / quotaTotal : null,
    },
    quotasVisible: quotas !== null,
    projection: await forecastProjection(ctx, fx, narrow, period),
    missingRates: [...fx.missing].sort(),
  };
}

/** One aggregate of deals grouped by `field`, its money summed in the company currency. */
async function pass(
  ctx: Ctx,
  fx: Converter,
  field: 'ownerId' | 'territoryId',
  conditions: FilterCondition[],
  metrics: string,
): Promise<Pass> {
  const obj = objectOf(ctx, 'deal');
  const parsed = parseMetrics(obj, metrics);
  const agg: Aggregate = await aggregateRecords(ctx, 'deal', {
    groupBy: parseGroupBy(obj, field, undefined),
    metrics: parsed,
    groupLimit: maxForecastGroups,
    filter: { op: 'and', conditions } satisfies FilterGroup,
  });
  const valuesOf = (t: { count: number; metrics: Record<string, unknown> }) => [
    t.count,
    ...parsed.map((m) => fx.sum(t.metrics[m.key] as Array<{ amount: number; currency: string }>)),
  ];
  return {
    byKey: new Map(agg.groups.map((g) => [g.key as string | null, { title: g.title, values: valuesOf(g) }])),
    total: valuesOf(agg.total),
    truncated: agg.truncated,
  };
}

type Passes = { w: Pass; o: Pass; b: Pass; c: Pass };

const keysOf = (p: Passes) => new Set([...p.w.byKey.keys(), ...p.o.byKey.keys(), ...p.c.byKey.keys()]);

function figuresOf(p: Passes, key: string | null) {
  const v = (x: Pass) => x.byKey.get(key)?.values ?? [0, 0, 0];
  const [wonCount, won] = v(p.w);
  const [openCount, pipeline, weighted] = v(p.o);
  return { won, wonCount, pipeline, weighted, openCount, bestCase: v(p.b)[1], commit: v(p.c)[1] };
}

function totalOf(p: Passes) {
  const [wonCount, won] = p.w.total;
  const [openCount, pipeline, weighted] = p.o.total;
  return { won, wonCount, pipeline, weighted, openCount, bestCase: p.b.total[1], commit: p.c.total[1] };
}

function withTargets(f: ReturnType<typeof figuresOf>, quota: number | null, commit: Adjustment | null): Figures {
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
      won: 0,
      wonCount: 0,
      pipeline: 0,
      weighted: 0,
      openCount: 0,
      bestCase: 0,
      commit: 0,
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

async function userTimeZone(ctx: Ctx): Promise<string> {
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
