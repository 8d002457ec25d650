// The parameters of an aggregate (group-by, date bucket, metrics, one group's key) checked against
// the registry entry, and the SQL pieces they become. Anything a client sends that does not fit is
// a 400 naming the parameter (`groupBy`, `metrics.1`, `group`).
import { type AggregateFunction, type DateBucket, dateBuckets } from '@kith/common/api/aggregates';
import { type Sql, sql } from '../../db/sql.ts';
import { invalid } from '../errors.ts';
import { isRealDate, isUuid } from '../registry/fields.ts';
import type { ResolvedField, ResolvedObject } from '../registry/registry.ts';

export interface GroupSpec {
  field: ResolvedField;
  /** Date and date-time fields only. */
  bucket: DateBucket | null;
}

export interface MetricSpec {
  /** As the client wrote it (`sum:amount`): the metric's key in the answer. */
  key: string;
  fn: Exclude<AggregateFunction, 'count'>;
  field: ResolvedField;
}

export type GroupKey = string | boolean | null;

const groupableTypes = new Set(['select', 'boolean', 'relation', 'user', 'date', 'datetime']);
const metricTypes = new Set(['number', 'currency']);
export const maxMetrics = 10;

const fail = (param: string, problem: string): never => {
  throw invalid(`${param}: ${problem}`, { [param]: problem });
};

/** Fields an aggregate may group by: filterable (so indexed, and the group is a list filter), not sensitive. */
export const groupableFields = (obj: ResolvedObject) =>
  [...obj.fields.values()].filter((f) => groupableTypes.has(f.type) && f.filterable && !f.sensitive);

export function parseGroupBy(obj: ResolvedObject, groupBy: string, bucket: string | undefined): GroupSpec {
  const f = obj.fields.get(groupBy);
  const names = () => groupableFields(obj).map((g) => g.name);
  if (!f) return fail('groupBy', `unknown field "${groupBy}"; group by one of: ${names().join(', ')}`);
  if (!groupableTypes.has(f.type))
    return fail('groupBy', `cannot group by a ${f.type} field ("${groupBy}"); group by one of: ${names().join(', ')}`);
  // Sensitive values stay out of counts too (a count per value reveals the values).
  if (f.sensitive) return fail('groupBy', `"${groupBy}" is sensitive and cannot be grouped by`);
  if (!f.filterable) return fail('groupBy', `"${groupBy}" is not filterable; group by one of: ${names().join(', ')}`);
  const dated = f.type === 'date' || f.type === 'datetime';
  if (bucket !== undefined && !dated) return fail('bucket', `only date and date-time fields take a bucket`);
  if (bucket !== undefined && !(dateBuckets as readonly string[]).includes(bucket))
    return fail('bucket', `must be one of ${dateBuckets.join(', ')}`);
  return { field: f, bucket: dated ? ((bucket as DateBucket | undefined) ?? 'month') : null };
}

/** Money fields among the metrics, each summed per currency: amounts in different currencies never add up. */
export const moneyFieldsOf = (metrics: MetricSpec[]) => [
  ...new Set(metrics.filter((m) => m.field.type === 'currency').map((m) => m.field.column)),
];

const metricFunctions = ['sum', 'avg', 'min', 'max'] as const;

/** `count,sum:amount,avg:employees`: each metric once; count is always given and needs no entry. */
export function parseMetrics(obj: ResolvedObject, raw: string | undefined): MetricSpec[] {
  const parts = (raw ?? '').split(',').map((s) => s.trim());
  if (parts.length === 1 && parts[0] === '') return [];
  if (parts.length > maxMetrics) fail('metrics', `at most ${maxMetrics}`);
  const out: MetricSpec[] = [];
  for (const [i, part] of parts.entries()) {
    const param = `metrics.${i}`;
    if (part === 'count') continue;
    const [fn, name, ...rest] = part.split(':');
    if (!(metricFunctions as readonly string[]).includes(fn) || name === undefined || rest.length)
      fail(param, `"${part}" is not a metric; write count, or sum, avg, min or max and a field: sum:amount`);
    const f = obj.fields.get(name) ?? fail(param, `unknown field "${name}"`);
    if (!metricTypes.has(f.type)) fail(param, `${fn} needs a number or currency field; "${name}" is ${f.type}`);
    if (f.sensitive) fail(param, `"${name}" is sensitive`);
    const key = `${fn}:${name}`;
    if (out.some((m) => m.key === key)) fail(param, `"${key}" is asked for twice`);
    out.push({ key, fn: fn as MetricSpec['fn'], field: f });
  }
  return out;
}

/** The `group` parameter: one group's key as JSON, checked against the field's type. */
export function parseGroupKey(spec: GroupSpec, raw: string): GroupKey {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return fail('group', 'must be a group key as JSON: "lead", true, null, "2026-03-01"');
  }
  if (v === null) return null;
  switch (spec.field.type) {
    case 'boolean':
      return typeof v === 'boolean' ? v : fail('group', 'must be true, false or null');
    case 'relation':
    case 'user':
      return isUuid(v) ? v : fail('group', 'must be an id or null');
    case 'date':
    case 'datetime':
      return typeof v === 'string' && isRealDate(v) ? v : fail('group', 'must be a date (YYYY-MM-DD) or null');
    default:
      return typeof v === 'string' && v.length <= 500
        ? v
        : fail('group', 'must be text (at most 500 characters) or null');
  }
}

// ---- SQL ----

const col = (f: ResolvedField) => sql`t.${sql.ident(f.column)}`;
const unit = (b: DateBucket) => sql.raw(`'${b}'`); // one of five known words, never client text

/**
 * The group's key of a row under alias t. Buckets are the first day of the period as text
 * (YYYY-MM-DD), in UTC for date-times (the context carries no time zone of the reader's).
 */
export function groupKeySql(spec: GroupSpec): Sql {
  const c = col(spec.field);
  if (!spec.bucket) return c;
  const day = spec.field.type === 'date' ? sql`${c}::timestamp` : sql`(${c} AT TIME ZONE 'UTC')`;
  return sql`to_char(date_trunc(${unit(spec.bucket)}, ${day}), 'YYYY-MM-DD')`;
}

/**
 * The first day after a bucket that starts on `day` (YYYY-MM-DD), in the calendar (UTC); null past
 * year 9999, where no date of a record can be.
 */
export function bucketEnd(day: string, bucket: DateBucket): string | null {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(2000, m - 1, d));
  t.setUTCFullYear(y);
  if (bucket === 'day') t.setUTCDate(t.getUTCDate() + 1);
  else if (bucket === 'week') t.setUTCDate(t.getUTCDate() + 7);
  else t.setUTCMonth(t.getUTCMonth() + (bucket === 'month' ? 1 : bucket === 'quarter' ? 3 : 12));
  if (t.getUTCFullYear() > 9999) return null;
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${t.toISOString().slice(-19, -14)}`;
}

/** A bucket's range as the field's values: days, or UTC midnights for date-times. */
function bucketRange(spec: GroupSpec & { bucket: DateBucket }, day: string): [string, string | null] {
  const end = bucketEnd(day, spec.bucket);
  if (spec.field.type !== 'datetime') return [day, end];
  return [`${day}T00:00:00Z`, end && `${end}T00:00:00Z`];
}

/**
 * The condition selecting one group's rows, written so that an index on the column serves it:
 * equality, IS NULL, or a bucket's range (not its date_trunc, which no index holds).
 */
export function groupConditionSql(spec: GroupSpec, key: GroupKey): Sql {
  const c = col(spec.field);
  if (key === null) return sql`${c} IS NULL`;
  const type = sql.raw(spec.field.sqlType);
  if (!spec.bucket) return sql`${c} = ${key}::${type}`;
  const [from, to] = bucketRange({ ...spec, bucket: spec.bucket }, key as string);
  return to === null ? sql`${c} >= ${from}::${type}` : sql`${c} >= ${from}::${type} AND ${c} < ${to}::${type}`;
}

/** The list filter (JSON) that selects the same rows as groupConditionSql. */
export function groupFilter(spec: GroupSpec, key: GroupKey) {
  const field = spec.field.name;
  const and = (conditions: Array<{ field: string; cmp: 'eq' | 'isEmpty' | 'gte' | 'lt'; value: unknown }>) => ({
    op: 'and' as const,
    conditions,
  });
  if (key === null) return and([{ field, cmp: 'isEmpty', value: null }]);
  if (!spec.bucket) return and([{ field, cmp: 'eq', value: key }]);
  const [from, to] = bucketRange({ ...spec, bucket: spec.bucket }, key as string);
  return and([{ field, cmp: 'gte', value: from }, ...(to === null ? [] : [{ field, cmp: 'lt' as const, value: to }])]);
}

/**
 * The order groups come in: select options as the entry lists them (values no longer among them
 * after), false before true, buckets in time, related records and users by size; empty last.
 * Over the aggregate's rows, with the key as `k` and the count as `n`.
 */
export function groupOrderSql(spec: GroupSpec): Sql {
  const f = spec.field;
  if (f.type === 'select') {
    const values = (f.options ?? []).map((o) => o.value);
    return sql`(a.k IS NULL), array_position(${values}::text[], a.k::text), a.k`;
  }
  if (f.type === 'relation' || f.type === 'user') return sql`(a.k IS NULL), a.n DESC, a.k`;
  return sql`(a.k IS NULL), a.k`;
}

/** The aggregate of one metric over `value`, the field's column (money: its amount column, per currency). */
export function metricSql(m: MetricSpec, value: Sql): Sql {
  switch (m.fn) {
    case 'sum':
      return sql`sum(${value})`;
    case 'avg':
      // An average of money is money again: whole minor units.
      return m.field.type === 'currency' ? sql`round(avg(${value}))` : sql`avg(${value})`;
    case 'min':
      return sql`min(${value})`;
    case 'max':
      return sql`max(${value})`;
  }
}
