// An aggregate grouped by several fields at once, for a service that adds the figures up itself
// (a report's small cube): one statement under the list's own rules — the reader's scope, live
// records, the filter JSON, the equality filters and the search, all from queryWhere, as
// aggregate.ts takes them — grouped by every key and by the currency of every money metric. Each
// row holds a disjoint set of records, so rows add up to any coarser figure without counting a
// record twice. Only sums: they add up across rows (an average would not).
//
// A date or date-time key is either a bucket (month, …, as aggregates bucket) or a list of
// breaks: the key is then the last break at or before the value (null before the first, or
// without a value), so that records between two instants where something changes — an exchange
// rate — are summed together.
import type { DateBucket } from '@kith/common/api/aggregates';
import { type Sql, sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { invalid } from '../errors.ts';
import { assertCan } from '../permissions.ts';
import type { ResolvedField } from '../registry/registry.ts';
import { type GroupKey, groupKeySql, type MetricSpec, moneyFieldsOf, parseGroupBy } from './aggregate-query.ts';
import { objectOf, type QueryParams, queryWhere, readableWhere } from './records.service.ts';

export type RowKeySpec =
  | { field: ResolvedField; bucket: DateBucket | null; breaks?: undefined }
  | { field: ResolvedField; bucket: null; breaks: string[] };

export interface GroupedRowsParams extends QueryParams {
  keys: RowKeySpec[];
  /** Sums only (`sum:amount`); the count is always given. */
  metrics: MetricSpec[];
  /**
   * Rows the statement gives at most (a combination of keys in two currencies is two); past it the
   * answer holds none and says `truncated` — a partial cube would add up to wrong figures.
   */
  rowLimit: number;
}

export type Money = Array<{ currency: string; amount: number }>;

export interface GroupedRow {
  keys: GroupKey[];
  count: number;
  /** Per metric key: a number's sum (null without values), or money per currency. */
  sums: Record<string, number | null | Money>;
}

export interface GroupedRows {
  rows: GroupedRow[];
  /** Per key: the titles of the related records and users among the rows (the reader's to see only), else null. */
  titles: Array<Map<string, string | null> | null>;
  truncated: boolean;
}

export const maxKeys = 8;
export const maxBreaks = 5000;

/** A key by field name: parseGroupBy's checks (groupable, filterable, not sensitive), breaks for dates. */
export function rowKey(
  ctx: Ctx,
  objectName: string,
  field: string,
  opts: { bucket?: DateBucket; breaks?: string[] } = {},
): RowKeySpec {
  const spec = parseGroupBy(objectOf(ctx, objectName), field, opts.bucket);
  if (!opts.breaks) return spec;
  const f = spec.field;
  if (f.type !== 'date' && f.type !== 'datetime') throw invalid(`breaks: only date and date-time fields take breaks`);
  if (opts.bucket) throw invalid('breaks: a key has a bucket or breaks, not both');
  if (opts.breaks.length > maxBreaks) throw invalid(`breaks: at most ${maxBreaks}`);
  const valid = f.type === 'date' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})$/;
  opts.breaks.forEach((b, i) => {
    if (!valid.test(b) || Number.isNaN(Date.parse(b))) throw invalid(`breaks.${i}: not a ${f.type}`);
    if (i && Date.parse(b) <= Date.parse(opts.breaks?.[i - 1] as string))
      throw invalid(`breaks.${i}: breaks go in ascending order, each once`);
  });
  return { field: f, bucket: null, breaks: opts.breaks };
}

function keySql(k: RowKeySpec): Sql {
  if (!k.breaks) return groupKeySql(k);
  const c = sql`t.${sql.ident(k.field.column)}`;
  // 0 before the first break, i after the i-th (width_bucket over sorted thresholds); null stays null.
  return k.field.type === 'date'
    ? sql`width_bucket(${c}, ${k.breaks}::date[])`
    : sql`width_bucket(${c}, ${k.breaks}::timestamptz[])`;
}

/**
 * The counts and sums of the records the reader's list would show with the same q, filter and
 * field=value parameters, one row per combination of keys that has records.
 */
export async function groupedRows(ctx: Ctx, objectName: string, p: GroupedRowsParams): Promise<GroupedRows> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  if (!p.keys.length || p.keys.length > maxKeys) throw invalid(`keys: one to ${maxKeys}`);
  for (const m of p.metrics) if (m.fn !== 'sum') throw invalid(`metrics: "${m.key}" — grouped rows take sums only`);
  const where = await queryWhere(ctx, obj, perm, p);
  const money = moneyFieldsOf(p.metrics);
  const cols: Sql[] = [
    ...p.keys.map((k, i) => sql`${keySql(k)} AS ${sql.ident(`k${i}`)}`),
    ...money.map((c, i) => sql`t.${sql.ident(`${c}_currency`)} AS ${sql.ident(`c${i}`)}`),
  ];
  const groupBy = sql.raw(cols.map((_, i) => String(i + 1)).join(', '));
  const out: Sql[] = [...cols, sql`count(*)::bigint AS n`];
  p.metrics.forEach((m, i) => {
    out.push(sql`sum(t.${sql.ident(m.field.column)}) AS ${sql.ident(`m${i}`)}`);
  });
  const raw = await ctx.db.query<Record<string, unknown>>(sql`
    SELECT ${sql.join(out)} FROM ${sql.ident(obj.table)} t WHERE ${sql.join(where, ' AND ')}
    GROUP BY ${groupBy} LIMIT ${p.rowLimit + 1}`);
  if (raw.length > p.rowLimit) return { rows: [], titles: p.keys.map(() => null), truncated: true };
  // Rows per currency folded into one per combination of keys.
  const folded = new Map<string, GroupedRow>();
  for (const r of raw) {
    const keys = p.keys.map((k, i) => keyOf(k, r[`k${i}`]));
    const id = JSON.stringify(keys);
    let row = folded.get(id);
    if (!row) {
      row = {
        keys,
        count: 0,
        sums: Object.fromEntries(p.metrics.map((m) => [m.key, m.field.type === 'currency' ? [] : null])),
      };
      folded.set(id, row);
    }
    row.count += Number(r.n);
    p.metrics.forEach((m, i) => {
      const v = r[`m${i}`];
      if (v === null || v === undefined) return;
      const sums = row.sums;
      if (m.field.type !== 'currency') {
        sums[m.key] = ((sums[m.key] as number | null) ?? 0) + Number(v);
        return;
      }
      const currency = r[`c${money.indexOf(m.field.column)}`] as string | null;
      if (currency === null) return; // amounts without a currency are not money
      const list = sums[m.key] as Money;
      const same = list.find((x) => x.currency === currency);
      if (same) same.amount += Number(v);
      else list.push({ currency, amount: Number(v) });
    });
  }
  const rows = [...folded.values()];
  return { rows, titles: await Promise.all(p.keys.map((k, i) => titlesOf(ctx, k, rows, i))), truncated: false };
}

function keyOf(k: RowKeySpec, v: unknown): GroupKey {
  if (k.breaks) return v === null || v === undefined || Number(v) === 0 ? null : (k.breaks[Number(v) - 1] ?? null);
  if (v === null || v === undefined) return null;
  return typeof v === 'boolean' ? v : String(v);
}

/**
 * Users' names and related records' titles for a key's values (records only when readable, as in
 * lists): the `titles` of groupedRows, also for rows a service made alike from sums of its own.
 */
export async function titlesOf(
  ctx: Ctx,
  k: RowKeySpec,
  rows: GroupedRow[],
  i: number,
): Promise<Map<string, string | null> | null> {
  const f = k.field;
  const target = f.type === 'relation' ? ctx.registry.get(f.relation ?? '') : undefined;
  if (f.type !== 'user' && !target) return null;
  const ids = [...new Set(rows.map((r) => r.keys[i]).filter((v): v is string => typeof v === 'string'))];
  if (!ids.length) return new Map();
  const found = await ctx.db.query<{ id: string; title: string | null }>(
    target
      ? sql`SELECT t.id, t.title FROM ${sql.ident(target.table)} t
            WHERE t.id = ANY(${ids}::uuid[]) AND ${readableWhere(ctx, target)}`
      : sql`SELECT id, name AS title FROM users WHERE id = ANY(${ids}::uuid[])`,
  );
  return new Map(found.map((r) => [r.id, r.title]));
}
