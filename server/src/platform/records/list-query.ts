// The list query of any registry object: filters (AND/OR groups), sort with a keyset cursor,
// full-text and typo-tolerant search. Everything a client sends is checked against the entry;
// anything unknown is a 400 naming the parameter.
import { type FilterComparator, type FilterCondition, type FilterGroup, filterComparators } from '@kith/common';
import { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { type Sql, sql } from '../../db/sql.ts';
import { invalid } from '../errors.ts';
import { findBadInput } from '../http/input-guard.ts';
import { comparatorsFor, isRealDate, isUuid, linkColumns, numberProblem, type SqlType } from '../registry/fields.ts';
import type { ResolvedField, ResolvedObject } from '../registry/registry.ts';
import type { PageSelect } from './records.service.ts';

const conditionSchema = z.strictObject({
  field: z.string().max(100),
  cmp: z.enum(filterComparators),
  value: z.unknown().optional(),
});
type GroupInput = { op: 'and' | 'or'; conditions: Array<z.infer<typeof conditionSchema> | GroupInput> };
const groupSchema: z.ZodType<GroupInput> = z.lazy(() =>
  z.strictObject({
    op: z.enum(['and', 'or']),
    conditions: z.array(z.union([conditionSchema, groupSchema])).max(50),
  }),
);

/** Parses the `filter` query parameter (JSON). */
export function parseFilter(raw: string): FilterGroup {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalid('filter: is not valid JSON', { filter: 'is not valid JSON' });
  }
  // Before zod, whose recursion a filter nested thousands deep would overflow (a 500). Five
  // groups take 12 JSON levels; 16 leaves room for an `in` list and nothing more.
  const bad = findBadInput(json, 'filter', 16);
  if (bad?.problem.startsWith('is nested'))
    throw invalid('filter: nested more than 5 levels deep', { filter: 'too deep' });
  if (bad) throw invalid(`${bad.path}: ${bad.problem}`, { [bad.path]: bad.problem });
  const parsed = groupSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['filter', ...issue.path].join('.');
    throw invalid(`${path}: ${issue.message}`, { [path]: issue.message });
  }
  if (depth(parsed.data) > 5) throw invalid('filter: nested more than 5 levels deep', { filter: 'too deep' });
  return parsed.data as FilterGroup;
}

const depth = (g: GroupInput): number =>
  1 + Math.max(0, ...g.conditions.map((c) => ('op' in c ? depth(c as GroupInput) : 0)));

/** A filter's date-time: ISO 8601 with or without an offset (without: UTC, the session's zone), from year 1. */
const filterDateTime = z.iso.datetime({ offset: true, local: true }).refine((v) => !v.startsWith('0000'));

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An object's name as entries spell them (contact, schemaProbe): what a link's object can be. */
const objectName = /^[a-zA-Z][a-zA-Z0-9_]{0,99}$/;

/** A condition's value, checked against the field's type. */
function conditionValue(f: ResolvedField, cmp: FilterComparator, value: unknown, path: string): unknown {
  const fail = (msg: string): never => {
    throw invalid(`${path}: ${msg}`, { [path]: msg });
  };
  if (cmp === 'isEmpty' || cmp === 'isNotEmpty') return null;
  if (cmp === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 500)
      fail('must be a non-empty list (at most 500)');
    return (value as unknown[]).map((v, i) => conditionValue(f, 'eq', v, `${path}[${i}]`));
  }
  if (cmp === 'contains' || cmp === 'startsWith') {
    if (typeof value !== 'string' || value.length === 0 || value.length > 500) fail('must be text (1–500 characters)');
    return value;
  }
  switch (f.type) {
    case 'number':
    case 'currency': {
      // The column's own range (currency compares its bigint amount): -5e-324 is no int.
      const problem = numberProblem(f.sqlType, value);
      if (problem) fail(problem);
      return value;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be true or false');
      return value;
    case 'date':
      if (typeof value !== 'string' || !isRealDate(value)) fail('must be a date (YYYY-MM-DD)');
      return value;
    case 'datetime':
      // A day stands for its midnight; anything else must be a full ISO date-time PostgreSQL reads.
      if (typeof value !== 'string' || !(isRealDate(value) || filterDateTime.safeParse(value).success))
        fail('must be a date (YYYY-MM-DD) or an ISO 8601 date-time');
      return value;
    case 'relation':
    case 'user':
      if (!isUuid(value)) fail('must be an id');
      return value;
    case 'anyRecord': {
      const v = value as { object?: unknown; id?: unknown } | null;
      const ok =
        typeof v === 'object' &&
        v !== null &&
        !Array.isArray(v) &&
        Object.keys(v).every((k) => k === 'object' || k === 'id') &&
        typeof v.object === 'string' &&
        objectName.test(v.object) &&
        isUuid(v.id);
      if (!ok) fail('must be a link: { "object": "contact", "id": "…" } (object:id as a query parameter)');
      return { object: v?.object, id: v?.id };
    }
    default:
      if (typeof value !== 'string' || value.length > 500) fail('must be text (at most 500 characters)');
      return value;
  }
}

function conditionSql(obj: ResolvedObject, c: FilterCondition, path: string, valuePath = `${path}.value`): Sql {
  const f = obj.fields.get(c.field);
  if (!f?.filterable)
    throw invalid(`${path}.field: unknown or unfilterable field "${c.field}"`, { [`${path}.field`]: 'unknown field' });
  if (!comparatorsFor(f).includes(c.cmp)) {
    throw invalid(`${path}.cmp: "${c.cmp}" does not apply to ${f.type} field ${c.field}`, {
      [`${path}.cmp`]: 'not allowed for this field',
    });
  }
  const v = conditionValue(f, c.cmp, c.value, valuePath);
  if (f.type === 'anyRecord') return linkConditionSql(f, c.cmp, v as { object: string; id: string } | null);
  const col = sql`t.${sql.ident(f.column)}`;
  const type = sql.raw(f.sqlType);
  const isArray = f.sqlType === 'text[]';
  const isJson = f.sqlType === 'jsonb';
  const caseless = f.type === 'email';
  switch (c.cmp) {
    case 'isEmpty':
      if (isArray) return sql`cardinality(${col}) = 0`;
      if (isJson) return sql`jsonb_array_length(${col}) = 0`;
      return f.sqlType === 'text' ? sql`(${col} IS NULL OR ${col} = '')` : sql`${col} IS NULL`;
    case 'isNotEmpty':
      if (isArray) return sql`cardinality(${col}) > 0`;
      if (isJson) return sql`jsonb_array_length(${col}) > 0`;
      return f.sqlType === 'text' ? sql`(${col} IS NOT NULL AND ${col} <> '')` : sql`${col} IS NOT NULL`;
    case 'contains':
      if (isArray) return sql`${col} @> ARRAY[${v}]::text[]`;
      if (isJson) return sql`${col}::text ILIKE ${`%${escapeLike(v as string)}%`}`;
      return sql`${col} ILIKE ${`%${escapeLike(v as string)}%`}`;
    case 'startsWith':
      return sql`${col} ILIKE ${`${escapeLike(v as string)}%`}`;
    case 'in':
      if (isArray) return sql`${col} && ${v}::text[]`;
      return caseless
        ? sql`lower(${col}) = ANY(${(v as string[]).map((s) => s.toLowerCase())}::text[])`
        : sql`${col} = ANY(${v}::${type}[])`;
    case 'eq':
      return caseless ? sql`lower(${col}) = lower(${v})` : sql`${col} = ${v}::${type}`;
    case 'neq':
      return caseless ? sql`lower(${col}) IS DISTINCT FROM lower(${v})` : sql`${col} IS DISTINCT FROM ${v}::${type}`;
    case 'gt':
      return sql`${col} > ${v}::${type}`;
    case 'gte':
      return sql`${col} >= ${v}::${type}`;
    case 'lt':
      return sql`${col} < ${v}::${type}`;
    case 'lte':
      return sql`${col} <= ${v}::${type}`;
  }
}

/** A link to any record: the pair (on its (object, id) index), or whether it is set. */
function linkConditionSql(f: ResolvedField, cmp: FilterComparator, v: { object: string; id: string } | null): Sql {
  const c = linkColumns(f);
  const id = sql`t.${sql.ident(c.id)}`;
  if (cmp === 'isEmpty') return sql`${id} IS NULL`;
  if (cmp === 'isNotEmpty') return sql`${id} IS NOT NULL`;
  // comparatorsFor allows nothing else; eq:
  return sql`(t.${sql.ident(c.object)} = ${v?.object ?? ''} AND ${id} = ${v?.id ?? null}::uuid)`;
}

/** The SQL of a filter group; empty groups match everything. */
export function filterSql(obj: ResolvedObject, g: FilterGroup, path = 'filter'): Sql | null {
  const parts = g.conditions
    .map((c, i) =>
      'op' in c ? filterSql(obj, c, `${path}.conditions.${i}`) : conditionSql(obj, c, `${path}.conditions.${i}`),
    )
    .filter((p): p is Sql => p !== null);
  if (parts.length === 0) return null;
  return sql`(${sql.join(parts, g.op === 'and' ? ' AND ' : ' OR ')})`;
}

const decimalNumber = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** The SQL of equality filters from query parameters; errors name the parameter (`employees`). */
export function equalsSql(obj: ResolvedObject, conditions: FilterCondition[]): Sql | null {
  if (!conditions.length) return null;
  return sql`(${sql.join(
    conditions.map((c) => conditionSql(obj, c, c.field, c.field)),
    ' AND ',
  )})`;
}

/** `?lifecycleStage=lead&ownerId=…`: plain equality filters from query parameters. */
export function equalityFilters(obj: ResolvedObject, params: Record<string, string>): FilterCondition[] {
  return Object.entries(params).map(([name, value]) => {
    const f = obj.fields.get(name);
    if (!f?.filterable) throw invalid(`${name}: unknown query parameter`, { [name]: 'unknown parameter' });
    const isList = f.sqlType === 'text[]';
    let v: unknown = value;
    // Number('') is 0 and Number('0x1f') 31: only decimal notation counts as a number here.
    if (f.type === 'number' || f.type === 'currency') v = decimalNumber.test(value) ? Number(value) : value;
    if (f.type === 'boolean') v = value === 'true' ? true : value === 'false' ? false : value;
    // A link as object:id (as the export writes it); anything else fails the value check, naming the parameter.
    if (f.type === 'anyRecord' && value.includes(':'))
      v = { object: value.slice(0, value.indexOf(':')), id: value.slice(value.indexOf(':') + 1) };
    return { field: name, cmp: isList ? 'contains' : 'eq', value: v } satisfies FilterCondition;
  });
}

// ---- search ----

const joiners = new Set(['.', '@', '_', '-']);

/** Strips joiners from both ends of a word by index: a `[.@_-]+$` regex is quadratic on "a.-.-.-…x". */
function trimJoiners(w: string): string {
  let start = 0;
  let end = w.length;
  while (start < end && joiners.has(w[start])) start++;
  while (end > start && joiners.has(w[end - 1])) end--;
  return w.slice(start, end);
}

/** The words of a query, at most eight, lowercased: what a full-text search looks for as prefixes. */
export function queryWords(q: string): string[] {
  // Dots, @, - and _ stay inside a word, so "acme.com" or "ann@acme.com" match the domain and
  // address as PostgreSQL's parser indexed them; everything else separates words.
  return q
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}\p{M}.@_-]+/u)
    .map(trimJoiners)
    .filter(Boolean)
    .slice(0, 8);
}

/**
 * The words of q as a prefix tsquery ('ann':* & 'mul':* for "Ann Mül"), or null if q has none. The
 * words are unaccented in SQL, as the search vector was, and only then quoted: unaccent turns a few
 * letters into tsquery syntax ("ŉ" → "'n", "ː" → ":", "‖" → "||"), which must stay text. A word it
 * splits ("¼" → " 1/4") becomes two; words it empties vanish, and if all do, the query is NULL
 * (matches nothing). Every function here is immutable: the planner sees the tsquery itself.
 */
export function prefixTsQuerySql(q: string): Sql | null {
  const words = queryWords(q);
  if (!words.length) return null;
  const unaccented = sql`nullif(btrim(kith_unaccent(${words.join(' ')})), '')`;
  const quoted = sql`replace(replace(${unaccented}, '\\', '\\\\'), '''', '''''')`;
  return sql`to_tsquery('simple', '''' || regexp_replace(${quoted}, '\\s+', ''':* & ''', 'g') || ''':*')`;
}

/** Full-text match on the search vector: every word of q as a prefix, accents folded. */
export function fullTextSql(q: string): Sql | null {
  const tsq = prefixTsQuerySql(q);
  return tsq ? sql`t.search_vector @@ ${tsq}` : null;
}

/** A typo search looks for similar words only when q has at least this many characters. */
export const typoMinLength = 3;
/** How many dictionary words a typed word may stand for (the closest first). */
export const typoAlternatives = 8;

export interface TypoWords {
  table: string;
  typed: string;
  similar: string[];
}

/**
 * The dictionary look-up of a typo search (migration 0010, decision 007): for each table, and each
 * word of q as a search vector holds it (PostgreSQL's parser, unaccented, lowercased; the first
 * eight, in the order typed), the words of the table's titles similar to it (pg_trgm `%`), closest
 * first. The dictionary holds a few thousand words where the table holds a million titles, so this
 * costs a millisecond whatever the table's size. Null if q is too short to be a typo of anything.
 */
export function typoWordsSql(tables: string[], q: string): Sql | null {
  const trimmed = q.trim().slice(0, 200);
  if (trimmed.length < typoMinLength) return null;
  return sql`SELECT tn.name AS "table", q.lexeme AS typed, ARRAY(
      SELECT d.word FROM search_words d
      WHERE d.table_name = tn.name AND length(q.lexeme) >= ${typoMinLength} AND d.word % q.lexeme
      ORDER BY similarity(d.word, q.lexeme) DESC, d.word LIMIT ${typoAlternatives}) AS similar
    FROM (SELECT lexeme, positions[1] AS pos FROM unnest(to_tsvector('simple', kith_unaccent(lower(${trimmed}))))
      ORDER BY 2 LIMIT 8) q, unnest(${tables}::text[]) tn(name)
    ORDER BY tn.name, q.pos`;
}

/** A tsquery operand that is one lexeme, whatever characters it holds: quoted, quotes and backslashes doubled. */
export const tsLexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/**
 * Per table, the tsquery of a typo search: every word typed, each as a prefix or as one of its
 * similar dictionary words — "gonzales mar" → ('gonzales':* | 'gonzalez') & ('mar':* | 'mario').
 * Words are quoted lexemes, so nothing typed or stored is read as an operator. A table for which no
 * word has a similar one is left out: its search would be the full-text one again.
 */
export function typoTsQueries(rows: TypoWords[]): Map<string, string> {
  const groups = new Map<string, { terms: string[]; similar: boolean }>();
  for (const r of rows) {
    const g = groups.get(r.table) ?? { terms: [], similar: false };
    groups.set(r.table, g);
    const similar = r.similar.filter((w) => w !== r.typed);
    g.similar ||= similar.length > 0;
    g.terms.push(`(${[`${tsLexeme(r.typed)}:*`, ...similar.map(tsLexeme)].join(' | ')})`);
  }
  const out = new Map<string, string>();
  for (const [table, g] of groups) if (g.similar) out.set(table, g.terms.join(' & '));
  return out;
}

/**
 * A typo-tolerant match on the table's rows (alias t), or null if q is too short or no word of it
 * is like any word of the table's titles. Two steps, two statements: the dictionary gives the words
 * meant (typoWordsSql), then the full-text index finds the records holding them, as fast as a
 * full-text search. The tsquery reaches the list query as a value, so the planner sees how common
 * its words are (a condition on a subquery's result would be planned blind). The reader's scope
 * and filters stay in the list query's WHERE: nothing is cut short before them.
 */
export async function typoSql(db: Queryable, table: string, q: string): Promise<Sql | null> {
  const lookup = typoWordsSql([table], q);
  if (!lookup) return null;
  const tsq = typoTsQueries(await db.query<TypoWords>(lookup)).get(table);
  return tsq ? sql`t.search_vector @@ ${tsq}::tsquery` : null;
}

// ---- sort and cursor ----

export interface SortSpec {
  key: string; // as the client wrote it, e.g. -createdAt
  column: string;
  sqlType: string;
  desc: boolean;
  nullable: boolean;
}

const notNullColumns = new Set(['title', 'created_at', 'updated_at', 'id']);

export function parseSort(obj: ResolvedObject, raw: string | undefined): SortSpec {
  const key = raw || obj.defaultSort;
  const desc = key.startsWith('-');
  const name = desc ? key.slice(1) : key;
  if (name === 'title' || name === 'name') return { key, column: 'title', sqlType: 'text', desc, nullable: false };
  if (name === 'deletedAt') return { key, column: 'deleted_at', sqlType: 'timestamptz', desc, nullable: true };
  const f = obj.fields.get(name);
  if (!f?.sortable) {
    const sortable = ['name', ...[...obj.fields.values()].filter((x) => x.sortable).map((x) => x.name)];
    throw invalid(`sort: cannot sort by "${name}"; sortable fields: ${sortable.join(', ')}`, {
      sort: 'unknown sort field',
    });
  }
  return { key, column: f.column, sqlType: f.sqlType, desc, nullable: !notNullColumns.has(f.column) && !f.required };
}

interface Cursor {
  s: string; // the sort it was made for
  v: string | null; // the sort column's value as text
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(raw: string, sort: SortSpec): Cursor {
  let c: unknown;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid('cursor: is not a cursor this API handed out', { cursor: 'malformed' });
  }
  const ok = (x: unknown): x is Cursor =>
    typeof x === 'object' &&
    x !== null &&
    typeof (x as Cursor).s === 'string' &&
    isUuid((x as Cursor).id) &&
    ((x as Cursor).v === null || typeof (x as Cursor).v === 'string');
  if (!ok(c)) throw invalid('cursor: is not a cursor this API handed out', { cursor: 'malformed' });
  if (c.s !== sort.key)
    throw invalid(`cursor: was made for sort "${c.s}", not "${sort.key}"`, { cursor: 'sort mismatch' });
  // The value is cast to the sort column's type in SQL: a forged one must fail here, not there.
  if (c.v !== null && !sortValueFits(sort.sqlType, c.v))
    throw invalid('cursor: is not a cursor this API handed out', { cursor: 'malformed' });
  return c;
}

const pgTimestamp = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/;

/** Whether text (as PostgreSQL printed a sort value with ::text) casts back to the type. */
export function sortValueFits(sqlType: SqlType | string, v: string): boolean {
  if (v.length > 1000 || v.includes('\u0000')) return false;
  switch (sqlType) {
    case 'int':
    case 'bigint':
      return /^-?\d{1,19}$/.test(v) && numberProblem(sqlType, Number(v)) === null;
    case 'numeric':
      return /^-?\d+(?:\.\d+)?$/.test(v);
    case 'date':
      return isRealDate(v);
    case 'timestamptz': {
      const m = pgTimestamp.exec(v);
      return !!m && isRealDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
    }
    case 'boolean':
      return v === 'true' || v === 'false';
    case 'uuid':
      return isUuid(v);
    default:
      return true;
  }
}

/**
 * The keyset segments to read, in order. Ascending sorts put empty values last, descending first
 * (PostgreSQL's defaults, so one (column, id) b-tree serves both directions). A nullable column's
 * rows are read in two segments — values, then empties, or the reverse — each a plain index range,
 * so a deep page costs what the first one does.
 */
export function keysetSegments(sort: SortSpec, cursor: Cursor | null): Array<{ where: Sql | null; order: Sql }> {
  const col = sql`t.${sql.ident(sort.column)}`;
  const type = sql.raw(sort.sqlType);
  const dir = sql.raw(sort.desc ? 'DESC' : 'ASC');
  const cmp = sql.raw(sort.desc ? '<' : '>');
  const valuesOrder = sql`${col} ${dir}, t.id ${dir}`;
  const nullsOrder = sql`t.id ${dir}`;
  if (!sort.nullable) {
    const where = cursor ? sql`(${col}, t.id) ${cmp} (${cursor.v}::${type}, ${cursor.id}::uuid)` : null;
    return [{ where, order: valuesOrder }];
  }
  const values = (after: Cursor | null) => ({
    where: after ? sql`(${col}, t.id) ${cmp} (${after.v}::${type}, ${after.id}::uuid)` : sql`${col} IS NOT NULL`,
    order: valuesOrder,
  });
  const nulls = (after: Cursor | null) => ({
    where: after ? sql`${col} IS NULL AND t.id ${cmp} ${after.id}::uuid` : sql`${col} IS NULL`,
    order: nullsOrder,
  });
  const inNulls = cursor !== null && cursor.v === null;
  if (!sort.desc) return inNulls ? [nulls(cursor)] : [values(cursor), nulls(null)];
  return inNulls ? [nulls(cursor), values(null)] : cursor ? [values(cursor)] : [nulls(null), values(null)];
}

/**
 * One page under the sort, from `select` (pageSelect: obj's table as t) and its conditions, in
 * one statement: its keyset segments as branches, each an index range with its own limit, then
 * ordered as the sort orders them. PostgreSQL's defaults put empty values first in descending and
 * last in ascending order, as the segments do, so the plain order joins them. With two segments,
 * the second is read only when the first leaves the page short (a one-time filter on the first's
 * count: a user's 50 open tasks by due date no longer walk their tasks without one, 7 ms of 8),
 * and the relation titles are added once over the page rather than planned in each branch (a
 * task's link to any record names a dozen tables: 28 ms of planning for two branches).
 */
export function keysetPageSql(
  select: PageSelect,
  where: Sql[],
  sort: SortSpec,
  cursor: Cursor | null,
  take: number,
): Sql {
  const branch = (seg: { where: Sql | null; order: Sql }, columns: Sql, gate: Sql | null = null) => {
    const conds = [...where, ...(seg.where ? [seg.where] : []), ...(gate ? [gate] : [])];
    return sql`SELECT ${columns} WHERE ${sql.join(conds, ' AND ')} ORDER BY ${seg.order} LIMIT ${take}`;
  };
  const { titles } = select;
  const segments = keysetSegments(sort, cursor);
  if (segments.length === 1)
    return branch(segments[0], sql`${select.columns}${titles.select} FROM ${select.from} ${titles.joins}`);
  const [first, second] = segments;
  const bare = sql`${select.columns} FROM ${select.from}`;
  const dir = sql.raw(sort.desc ? 'DESC' : 'ASC');
  return sql`WITH seg1 AS (${branch(first, bare)})
    SELECT t.*${titles.select} FROM (SELECT * FROM seg1
      UNION ALL (${branch(second, bare, sql`(SELECT count(*) FROM seg1) < ${take}`)})) t ${titles.joins}
    ORDER BY t.${sql.ident(sort.column)} ${dir}, t.id ${dir} LIMIT ${take}`;
}
