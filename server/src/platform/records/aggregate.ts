// Aggregates of any registry object under the list's own rules: the reader's scope, live records,
// the filter JSON, the equality filters and the search all come from queryWhere, the function the
// list takes its WHERE from. Counts and metrics per group in one statement; a board's first page
// of every group in one more (group-pages.ts).

import type { ObjectPermission } from '@kith/common';
import type { AggregateGroup, AggregateResult, DateBucket, MetricValue } from '@kith/common/api/aggregates';
import { type Sql, sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { assertCan } from '../permissions.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import {
  type GroupKey,
  type GroupSpec,
  groupConditionSql,
  groupFilter,
  groupKeySql,
  groupOrderSql,
  type MetricSpec,
  metricSql,
  moneyFieldsOf,
} from './aggregate-query.ts';
import { countedAggregateRows } from './counted-aggregate.ts';
import { objectOf, type QueryParams, queryWhere, readableWhere } from './records.service.ts';
import { withWithinGroups } from './within.ts';

export interface AggregateParams extends QueryParams {
  groupBy: GroupSpec | null;
  metrics: MetricSpec[];
  groupLimit: number;
  /** Only this group (a board column's next page). */
  group?: GroupKey;
  /**
   * Only these groups, in this order, each given even when empty, the total theirs (a pipeline's
   * stages as a board's columns). Server-side only: the keys come from data the caller read.
   */
  keys?: Array<{ key: GroupKey; title: string | null }>;
}

export interface AggregateRow {
  k: GroupKey;
  /** 1 on the rows of the total, 0 on a group's. */
  all_rows: number;
  title: string | null;
  n: number;
  [column: string]: unknown;
}

/**
 * One statement: the matching rows grouped by key (plus the total, and per currency for money
 * metrics, as grouping sets of one scan), then the first groupLimit + 1 groups in their order, with
 * related titles the reader may see. The key is read straight from its column, so an index on it
 * (with the scope's owner column) can answer a count without reading the table.
 */
function aggregateSql(ctx: Ctx, obj: ResolvedObject, where: Sql[], p: AggregateParams): Sql {
  const money = moneyFieldsOf(p.metrics);
  const spec = p.groupBy;
  const cols: Sql[] = [spec ? sql`${groupKeySql(spec)} AS k` : sql`NULL::text AS k`];
  money.forEach((c, i) => {
    cols.push(sql`t.${sql.ident(`${c}_currency`)} AS ${sql.ident(`c${i}`)}`);
  });
  p.metrics.forEach((m, i) => {
    cols.push(sql`t.${sql.ident(m.field.column)} AS ${sql.ident(`v${i}`)}`);
  });
  const key = spec ? [sql`s.k`] : [];
  const sets: Sql[][] = [key, ...(spec ? [[]] : [])];
  money.forEach((_, i) => {
    const c = sql`s.${sql.ident(`c${i}`)}`;
    sets.push([...key, c], ...(spec ? [[c]] : []));
  });
  const setsSql = sql.join(
    sets.map((s) => sql`(${sql.join(s)})`),
    ', ',
  );
  const out: Sql[] = [
    spec ? sql`s.k` : sql`NULL::text AS k`,
    spec ? sql`GROUPING(s.k) AS all_rows` : sql`1 AS all_rows`,
    sql`count(*)::bigint AS n`,
  ];
  money.forEach((_, i) => {
    const c = sql.ident(`c${i}`);
    out.push(sql`s.${c}`, sql`GROUPING(s.${c}) AS ${sql.ident(`g${i}`)}`);
  });
  p.metrics.forEach((m, i) => {
    out.push(sql`${metricSql(m, sql`s.${sql.ident(`v${i}`)}`)} AS ${sql.ident(`m${i}`)}`);
  });
  const groupLevel = sql.join([sql`a.all_rows = 0`, ...money.map((_, i) => sql`a.${sql.ident(`g${i}`)} = 1`)], ' AND ');
  const title = spec ? titleJoin(ctx, spec) : null;
  return sql`WITH a AS (
      SELECT ${sql.join(out)} FROM (SELECT ${sql.join(cols)} FROM ${sql.ident(obj.table)} t
        WHERE ${sql.join(where, ' AND ')}) s
      GROUP BY GROUPING SETS (${setsSql})
    ), top AS (
      SELECT a.k, row_number() OVER (ORDER BY ${spec ? groupOrderSql(spec) : sql`a.k`}) AS pos FROM a
      WHERE ${groupLevel} ORDER BY pos LIMIT ${p.groupLimit + 1}
    )
    SELECT a.*, top.pos, ${title ? title.select : sql`NULL::text`} AS title
    FROM a LEFT JOIN top ON a.all_rows = 0 AND top.k IS NOT DISTINCT FROM a.k ${title ? title.join : sql.empty}
    WHERE a.all_rows = 1 OR top.pos IS NOT NULL
    ORDER BY top.pos NULLS FIRST`;
}

/** Related records' titles (only those the reader may read, as in lists) and users' names. */
function titleJoin(ctx: Ctx, spec: GroupSpec): { select: Sql; join: Sql } | null {
  const f = spec.field;
  if (f.type === 'user') return { select: sql`r.name`, join: sql`LEFT JOIN users r ON r.id = top.k` };
  const target = f.type === 'relation' ? ctx.registry.get(f.relation ?? '') : undefined;
  if (!target) return null;
  return {
    select: sql`r.title`,
    join: sql`LEFT JOIN ${sql.ident(target.table)} r ON r.id = top.k AND ${readableWhere(ctx, target, 'r')}`,
  };
}

type Totals = { count: number; metrics: Record<string, MetricValue> };

/** Folds the statement's rows (a group's own row and its rows per currency) into groups and the total. */
function foldRows(rows: AggregateRow[], p: AggregateParams) {
  const money = moneyFieldsOf(p.metrics);
  const empty = (): Totals => ({
    count: 0,
    metrics: Object.fromEntries(p.metrics.map((m) => [m.key, m.field.type === 'currency' ? [] : null])),
  });
  const total = empty();
  const groups = new Map<string, Totals & { key: GroupKey; title: string | null }>();
  for (const r of rows) {
    const id = JSON.stringify(r.k);
    let target: Totals;
    if (Number(r.all_rows) === 1) target = total;
    else {
      const g = groups.get(id) ?? { key: r.k, title: r.title, ...empty() };
      groups.set(id, g);
      target = g;
    }
    const currencyOf = money.findIndex((_, i) => Number(r[`g${i}`]) === 0);
    if (currencyOf < 0) {
      target.count = Number(r.n);
      p.metrics.forEach((m, i) => {
        if (m.field.type !== 'currency') target.metrics[m.key] = r[`m${i}`] === null ? null : Number(r[`m${i}`]);
      });
      continue;
    }
    const currency = r[`c${currencyOf}`] as string | null;
    if (currency === null) continue; // amounts without a currency are not money
    p.metrics.forEach((m, i) => {
      if (m.field.type !== 'currency' || m.field.column !== money[currencyOf] || r[`m${i}`] === null) return;
      (target.metrics[m.key] as Array<{ currency: string; amount: number }>).push({
        currency,
        amount: Number(r[`m${i}`]),
      });
    });
  }
  // Currencies in a stable order (the statement's grouping gives them in any).
  for (const t of [total, ...groups.values()])
    for (const v of Object.values(t.metrics))
      if (Array.isArray(v)) v.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return { total, groups: [...groups.values()], empty };
}

type Group = AggregateGroup & { key: GroupKey };

/** Select options with no record slotted in among the groups the statement gave, in option order. */
function withEmptyOptions(spec: GroupSpec, found: Group[], empty: () => Totals, limit: number): Group[] {
  if (spec.field.type !== 'select') return found;
  const options = spec.field.options ?? [];
  const have = new Set(found.map((g) => g.key));
  const rank = (k: GroupKey) => {
    const i = options.findIndex((o) => o.value === k);
    return k === null ? Number.MAX_SAFE_INTEGER : i < 0 ? options.length : i;
  };
  const added = options
    .filter((o) => !have.has(o.value))
    .map((o) => ({ key: o.value, title: o.label, ...empty(), filter: groupFilter(spec, o.value) }));
  // Stable: among values outside the options, the statement's order (alphabetical) stands.
  return [...found, ...added].sort((a, b) => rank(a.key) - rank(b.key)).slice(0, limit + 1);
}

/**
 * Counts and metrics of the records the reader's list would show with the same q, filter and
 * field=value parameters, per group. Select fields list every option, empty ones too.
 */
export async function aggregateRecords(ctx: Ctx, objectName: string, p: AggregateParams): Promise<Aggregate> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  const q = await withWithinGroups(ctx, p);
  return aggregateWhere(ctx, obj, await queryWhere(ctx, obj, perm, q), q, perm);
}

export type Aggregate = AggregateResult & { groups: Group[] };

/**
 * The aggregate over rows meeting `where` (the list's conditions, from queryWhere). Given the
 * reader's permission, it is read from the kept counts when they can answer it (the same numbers
 * without reading the table: counted-aggregate.ts); without, the table is always counted.
 */
export async function aggregateWhere(
  ctx: Ctx,
  obj: ResolvedObject,
  where: Sql[],
  p: AggregateParams,
  perm?: ObjectPermission,
): Promise<Aggregate> {
  const spec = p.groupBy;
  const only =
    spec && p.group !== undefined
      ? [groupConditionSql(spec, p.group)]
      : spec && p.keys
        ? [
            p.keys.length
              ? sql`(${sql.join(
                  p.keys.map((k) => groupConditionSql(spec, k.key)),
                  ' OR ',
                )})`
              : sql`false`,
          ]
        : [];
  const rows =
    (perm && (await countedAggregateRows(ctx, obj, perm, p))) ??
    (await ctx.db.query<AggregateRow>(aggregateSql(ctx, obj, [...where, ...only], p)));
  const { total, groups, empty } = foldRows(rows, p);
  if (!spec) return { groupBy: null, bucket: null, groups: [], total, truncated: false };
  const optionLabel = (k: GroupKey) => spec.field.options?.find((o) => o.value === k)?.label ?? null;
  let found: Group[] = groups.map((g) => ({
    ...g,
    title: spec.field.type === 'select' ? optionLabel(g.key) : g.title,
    filter: groupFilter(spec, g.key),
  }));
  if (p.group !== undefined) {
    // The one group asked for, even when empty.
    const key = p.group;
    if (!found.length) found = [{ key, title: optionLabel(key), ...empty(), filter: groupFilter(spec, key) }];
  } else if (p.keys) {
    const byKey = new Map(found.map((g) => [JSON.stringify(g.key), g]));
    found = p.keys.map(({ key, title }) => ({
      ...(byKey.get(JSON.stringify(key)) ?? { key, ...empty(), filter: groupFilter(spec, key) }),
      title,
    }));
  } else found = withEmptyOptions(spec, found, empty, p.groupLimit);
  return {
    groupBy: spec.field.name,
    bucket: (spec.bucket as DateBucket | null) ?? null,
    groups: p.keys ? found : found.slice(0, p.groupLimit),
    total,
    truncated: !p.keys && found.length > p.groupLimit,
  };
}
