// An aggregate read from the kept counts (record-counts.ts) instead of the table, when they can
// answer it exactly: grouped by a counted select or yes/no field, counts with sums and averages
// only, no search, filter or field=value, live records, and a scope that is a set of owners (or
// everything). Anything else — or counts not made from the entry as it is now — returns null and
// the aggregate counts the table. The rows come out in aggregate.ts's shape and order, so the
// answer is built by the same code either way.
import type { ObjectPermission } from '@kith/common';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import type { AggregateParams, AggregateRow } from './aggregate.ts';
import { type GroupKey, moneyFieldsOf } from './aggregate-query.ts';
import { ownersReadable } from './owner-scope.ts';
import { countSpec, foldRecordCounts, signatureOf } from './record-counts.ts';

/** Deltas a read may sum before it folds them into the counts (each create adds a few). */
export const foldAfterDeltas = 500;

interface CountRow {
  ok: boolean;
  field: string | null;
  value: string | null;
  metric: string | null;
  currency: string | null;
  n: number | null;
  total: number | null;
  avg: number | null;
  /** The average in whole minor units (money), rounded as PostgreSQL rounds. */
  ravg: number | null;
  deltas: number | null;
}

/** Whether the kept counts can answer this aggregate exactly. */
function answerable(obj: ResolvedObject, p: AggregateParams): boolean {
  const spec = countSpec(obj);
  const g = p.groupBy;
  if (!spec || !g || g.bucket || p.deleted || p.q?.trim() || p.filter || p.equals?.length) return false;
  if (!spec.groups.some((c) => c.column === g.field.column)) return false;
  return p.metrics.every(
    (m) => (m.fn === 'sum' || m.fn === 'avg') && spec.metrics.some((c) => c.column === m.field.column),
  );
}

/** The aggregate's rows from the counts, or null when the counts cannot answer it. */
export async function countedAggregateRows(
  ctx: Ctx,
  obj: ResolvedObject,
  perm: ObjectPermission,
  p: AggregateParams,
): Promise<AggregateRow[] | null> {
  const spec = countSpec(obj);
  if (!spec || !p.groupBy || !answerable(obj, p)) return null;
  // Counts are kept per owner: a scope that is no set of owners (rows shared with the reader, or
  // reached by a territory) is not among them.
  const readable = ownersReadable(ctx, obj, perm);
  if (!readable) return null;
  const groupField = p.groupBy.field;
  const owners = readable.owners;
  const metrics = ['', ...new Set(p.metrics.map((m) => m.field.column))];
  // With keys (a pipeline's stages), only their groups' rows: the total is theirs, added up here.
  const keyed = p.keys?.map((k) => k.key);
  const which = keyed
    ? sql`field = ${groupField.column} AND (value = ANY(${keyed.filter((k) => k !== null).map(String)}::text[])
        ${keyed.includes(null) ? sql`OR value IS NULL` : sql.empty})`
    : sql`field IN ('', ${groupField.column})`;
  const conds = sql`table_name = ${spec.table} AND ${which} AND metric = ANY(${metrics}::text[])
    ${owners ? sql`AND owner_id = ANY(${owners}::uuid[])` : sql.empty}`;
  // A reader of every row reads the whole table's totals, not one row per owner (migration 0035);
  // the deltas are per owner only.
  const counts = sql`${conds} AND ${owners ? sql`NOT whole` : sql`whole`}`;
  const rows = await ctx.db.query<CountRow>(sql`
    SELECT v.ok, x.* FROM (SELECT EXISTS (SELECT 1 FROM record_count_sources
        WHERE table_name = ${spec.table} AND signature = ${signatureOf(obj)}) AS ok) v
    LEFT JOIN LATERAL (
      SELECT field, value, metric, currency, sum(n) AS n, sum(total) AS total,
             sum(total) / nullif(sum(n), 0) AS avg, round(sum(total) / nullif(sum(n), 0)) AS ravg,
             sum(d) AS deltas
      FROM (SELECT 0 AS d, field, value, metric, currency, n, total FROM record_counts WHERE ${counts}
            UNION ALL
            SELECT 1, field, value, metric, currency, n, total FROM record_count_deltas WHERE ${conds}) s
      GROUP BY field, value, metric, currency
    ) x ON v.ok`);
  if (!rows[0]?.ok) return null;
  const deltas = rows.reduce((a, r) => a + Number(r.deltas ?? 0), 0);
  if (deltas > foldAfterDeltas) await foldRecordCounts(ctx.db, spec.table);
  return toAggregateRows(
    rows.filter((r) => r.field !== null),
    p,
    groupField.type === 'boolean',
  );
}

type Totals = { count: number; byMetric: Map<string, CountRow[]> };

/** Rows of aggregate.ts's shape: the total's, then each group's in the aggregate's order. */
function toAggregateRows(rows: CountRow[], p: AggregateParams, boolean: boolean): AggregateRow[] {
  const keyOf = (v: string | null): GroupKey => (v === null || !boolean ? v : v === 'true');
  const sets = new Map<string, { key: GroupKey; all: boolean; t: Totals }>();
  for (const r of rows) {
    const all = r.field === '';
    const id = all ? '*' : `v:${r.value}`;
    const set = sets.get(id) ?? { key: all ? null : keyOf(r.value), all, t: { count: 0, byMetric: new Map() } };
    sets.set(id, set);
    if (r.metric === '') set.t.count = Number(r.n);
    else set.t.byMetric.set(r.metric ?? '', [...(set.t.byMetric.get(r.metric ?? '') ?? []), r]);
  }
  const none = () => ({ key: null, all: true, t: { count: 0, byMetric: new Map<string, CountRow[]>() } });
  const keys = p.keys?.map((k) => JSON.stringify(k.key));
  const groups = [...sets.values()]
    .filter((s) => !s.all && s.t.count > 0 && (p.group === undefined || s.key === p.group))
    .filter((s) => !keys || keys.includes(JSON.stringify(s.key)))
    .sort((a, b) => compareKeys(p, a, b))
    .slice(0, p.groupLimit + 1);
  // With one group asked for, the total is that group's, as the table's count gives it; with
  // keys, the total of those groups.
  const head =
    p.group !== undefined
      ? (groups[0] ?? none())
      : keys
        ? { ...none(), t: sumOf(groups.map((g) => g.t)) }
        : (sets.get('*') ?? none());
  return [...rowsOf(head.t, null, true, p), ...groups.flatMap((g) => rowsOf(g.t, g.key, false, p))];
}

/** Totals of several groups added up: counts, and each metric's rows per currency. */
function sumOf(ts: Totals[]): Totals {
  const out: Totals = { count: 0, byMetric: new Map() };
  for (const t of ts) {
    out.count += t.count;
    for (const [metric, rows] of t.byMetric) {
      const have = out.byMetric.get(metric) ?? [];
      for (const r of rows) {
        const same = have.find((h) => h.currency === r.currency);
        if (!same) have.push({ ...r });
        else {
          same.n = Number(same.n) + Number(r.n);
          same.total = Number(same.total) + Number(r.total);
        }
      }
      out.byMetric.set(metric, have);
    }
  }
  for (const rows of out.byMetric.values())
    for (const r of rows) {
      r.avg = Number(r.n) ? Number(r.total) / Number(r.n) : null;
      r.ravg = r.avg === null ? null : Math.round(r.avg);
    }
  return out;
}

/**
 * The order aggregate-query.ts's groupOrderSql gives: options as listed, others after, related
 * records by size, empty last.
 */
function compareKeys(p: AggregateParams, x: { key: GroupKey; t: Totals }, y: { key: GroupKey; t: Totals }): number {
  const [a, b] = [x.key, y.key];
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'boolean') return a ? 1 : -1;
  const type = p.groupBy?.field.type;
  if ((type === 'relation' || type === 'user') && x.t.count !== y.t.count) return y.t.count - x.t.count;
  const values = (p.groupBy?.field.options ?? []).map((o) => o.value);
  const [ia, ib] = [values.indexOf(a as string), values.indexOf(b as string)];
  if (ia >= 0 || ib >= 0) return ia < 0 ? 1 : ib < 0 ? -1 : ia - ib;
  return (a as string) < (b as string) ? -1 : 1;
}

/** One set's rows: its count with the plain metrics, then one row per money field and currency. */
function rowsOf(t: Totals, key: GroupKey, all: boolean, p: AggregateParams): AggregateRow[] {
  const money = moneyFieldsOf(p.metrics);
  const flags = (i: number) => Object.fromEntries(money.map((_, j) => [`g${j}`, j === i ? 0 : 1]));
  const value = (m: AggregateParams['metrics'][number], r: CountRow | undefined) => {
    if (!r || !Number(r.n)) return null;
    if (m.fn === 'sum') return Number(r.total);
    return Number(m.field.type === 'currency' ? r.ravg : r.avg);
  };
  const plain: AggregateRow = { k: key, all_rows: all ? 1 : 0, title: null, n: t.count, ...flags(-1) };
  p.metrics.forEach((m, i) => {
    if (m.field.type !== 'currency') plain[`m${i}`] = value(m, t.byMetric.get(m.field.column)?.[0]);
  });
  const out = [plain];
  money.forEach((column, i) => {
    const currencies = (t.byMetric.get(column) ?? []).filter((r) => r.currency);
    for (const c of currencies) {
      const row: AggregateRow = {
        k: key,
        all_rows: all ? 1 : 0,
        title: null,
        n: 0,
        ...flags(i),
        [`c${i}`]: c.currency,
      };
      p.metrics.forEach((m, j) => {
        if (m.field.column === column) row[`m${j}`] = value(m, c);
      });
      out.push(row);
    }
  });
  return out;
}
