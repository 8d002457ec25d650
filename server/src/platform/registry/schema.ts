// The storage an entry's description asks for: its table's columns and its indexes, derived
// from the fields (decision 009). Migrations for built-in objects are generated from it
// (`npm run db:generate`), custom fields and objects made at run time use it directly, and a
// test compares every entry with the database so that drift fails CI.
import { sql } from '../../db/sql.ts';
import { indexKeysOf } from './define-object.ts';
import { linkColumns, type SqlType } from './fields.ts';
import type { ResolvedField, ResolvedObject } from './registry.ts';

export interface ColumnSpec {
  name: string;
  /** The type as written in DDL (text, int, timestamptz, text[] …). */
  type: string;
  /** The type as information_schema.columns.udt_name gives it. */
  udt: string;
  notNull: boolean;
  default?: string;
  generated?: string;
  primaryKey?: boolean;
  references?: { table: string; onDelete: 'SET NULL' | 'CASCADE' };
}

export interface IndexSpec {
  name: string;
  method: 'btree' | 'gin';
  /** Key expressions as PostgreSQL prints them (pg_get_indexdef), unquoted. */
  keys: string[];
  /** Partial on live rows (the default), on deleted rows only (the bin), or on all rows. */
  rows: 'live' | 'deleted' | 'all';
  /** Columns carried in the index beyond its keys (INCLUDE): a covering index. */
  include?: string[];
  /** Why the index exists, for the generated migration and for the next engineer. */
  why: string;
  unique?: boolean;
}

/** A table CHECK constraint (a link's two columns are set together). */
export interface CheckSpec {
  name: string;
  expression: string;
  why: string;
}

export interface StatisticsSpec {
  name: string;
  expression: string;
}

export interface TableSpec {
  table: string;
  columns: ColumnSpec[];
  indexes: IndexSpec[];
  checks: CheckSpec[];
  statistics: StatisticsSpec[];
}

/** udt_name of each SQL type the fields use. */
const udtOf: Record<SqlType | 'tsvector', string> = {
  text: 'text',
  int: 'int4',
  bigint: 'int8',
  numeric: 'numeric',
  date: 'date',
  timestamptz: 'timestamptz',
  boolean: 'bool',
  uuid: 'uuid',
  'text[]': '_text',
  jsonb: 'jsonb',
  tsvector: 'tsvector',
};

/** PostgreSQL caps identifiers at 63 bytes; longer index names are cut the same way every time. */
const identifier = (name: string) => name.slice(0, 63);

/** Which table a relation field's target lives in (users for owner and user fields). */
export type TableOf = (object: string) => string | undefined;

function fieldColumns(f: ResolvedField, tableOf: TableOf): ColumnSpec[] {
  if (f.type === 'anyRecord') {
    // No foreign key can name every table: the records path checks the target on write, the
    // title is joined per object on read, and a merge moves the links (records/merge.ts).
    const c = linkColumns(f);
    return [
      { name: c.object, type: 'text', udt: 'text', notNull: false },
      { name: c.id, type: 'uuid', udt: 'uuid', notNull: false },
    ];
  }
  const col: ColumnSpec = { name: f.column, type: f.sqlType, udt: udtOf[f.sqlType], notNull: false };
  // Lists are never null: an empty list is the empty value.
  if (f.sqlType === 'text[]') Object.assign(col, { notNull: true, default: `'{}'::text[]` });
  else if (f.sqlType === 'jsonb') Object.assign(col, { notNull: true, default: `'[]'::jsonb` });
  else if (f.type === 'boolean' && !f.custom)
    Object.assign(col, { notNull: true, default: f.defaultValue === true ? 'true' : 'false' });
  else if (f.required && !f.custom) col.notNull = true;
  // Custom relations never block deletes (no foreign key); built-in ones keep their rows consistent.
  if ((f.type === 'relation' || f.type === 'user') && !f.custom) {
    const target = f.type === 'user' ? 'users' : tableOf(f.relation ?? '');
    if (!target) throw new Error(`field ${f.name}: relation to unknown object "${f.relation}"`);
    col.references = { table: target, onDelete: f.onDelete === 'cascade' ? 'CASCADE' : 'SET NULL' };
  }
  if (f.type !== 'currency') return [col];
  return [col, { name: `${f.column}_currency`, type: 'text', udt: 'text', notNull: false }];
}

const systemColumns = (): { head: ColumnSpec[]; tail: ColumnSpec[] } => ({
  head: [
    { name: 'id', type: 'uuid', udt: 'uuid', notNull: true, primaryKey: true },
    { name: 'title', type: 'text', udt: 'text', notNull: true, default: `''::text` },
    { name: 'search_text', type: 'text', udt: 'text', notNull: true, default: `''::text` },
    {
      name: 'search_vector',
      type: 'tsvector',
      udt: 'tsvector',
      notNull: false,
      generated: `to_tsvector('simple'::regconfig, kith_unaccent(search_text))`,
    },
  ],
  tail: [
    {
      name: 'created_by',
      type: 'uuid',
      udt: 'uuid',
      notNull: false,
      references: { table: 'users', onDelete: 'SET NULL' },
    },
    { name: 'created_at', type: 'timestamptz', udt: 'timestamptz', notNull: true, default: 'now()' },
    { name: 'updated_at', type: 'timestamptz', udt: 'timestamptz', notNull: true, default: 'now()' },
    { name: 'deleted_at', type: 'timestamptz', udt: 'timestamptz', notNull: false },
  ],
});

/** System fields by the names entries use in `indexes`. */
const systemKeyColumns: Record<string, string> = { title: 'title', createdAt: 'created_at', updatedAt: 'updated_at' };

/** The column a field's filter and sort use, with id last so that keyset pages walk the index. */
function fieldIndexes(
  table: string,
  f: ResolvedField,
  duplicateKey: boolean,
  isOwner = false,
  activityAt?: string,
): IndexSpec[] {
  const out: IndexSpec[] = [];
  const name = identifier(`${table}_${f.column}`);
  const isList = f.sqlType === 'text[]';
  if (duplicateKey) {
    // Duplicate checks compare case-insensitively (lower(col) = lower($1)), as do email filters.
    if (isList) out.push({ name, method: 'gin', keys: [f.column], rows: 'live', why: 'duplicate check' });
    else
      out.push({
        name: identifier(`${table}_${f.column}_lower`),
        method: 'btree',
        keys: [`lower(${f.column})`],
        rows: 'live',
        why: 'duplicate check',
      });
  }
  if (f.type === 'anyRecord') {
    const c = linkColumns(f);
    // An activity's links also give the linked record's timeline, newest first (activityAt).
    out.push({
      name: identifier(`${table}_${c.object}_${c.id}`),
      method: 'btree',
      keys: activityAt ? [c.object, c.id, activityAt, 'id'] : [c.object, c.id, 'id'],
      rows: 'live',
      why: activityAt
        ? 'records linking to a record, newest first (its timeline, "linked from" lists, merges)'
        : 'records linking to a record (its "linked from" lists, merges)',
    });
    return out;
  }
  const indexed = f.sortable || f.filterable || f.type === 'relation';
  // The owner has indexes of its own (below); a document (jsonb) has none that a filter could use.
  if (!indexed || isOwner || f.sqlType === 'jsonb') return out;
  if (isList) {
    if (!duplicateKey) out.push({ name, method: 'gin', keys: [f.column], rows: 'live', why: 'filter' });
    return out;
  }
  const why =
    f.type === 'relation' || f.type === 'user'
      ? 'related lists and deletes of the target'
      : f.sortable
        ? 'sort and filter'
        : 'filter';
  if (activityAt && f.type === 'relation')
    out.push({ name, method: 'btree', keys: [f.column, activityAt, 'id'], rows: 'live', why: `${why}, timeline` });
  else out.push({ name, method: 'btree', keys: [f.column, 'id'], rows: 'live', why });
  return out;
}

/**
 * The table an entry asks for. Every registry table has the system columns (id, title, search
 * text and vector, created/updated/deleted, created_by) and the indexes every list needs (title,
 * created, updated, the bin, full text); fields add an index only when they are sortable or
 * filterable (opted into per field), relations always (related lists, and the target's delete).
 */
export function tableSpec(obj: ResolvedObject, tableOf: TableOf): TableSpec {
  const t = obj.table;
  const { head, tail } = systemColumns();
  const fields = [...obj.fields.values()].filter((f) => !systemKeyColumns[f.name]);
  const columns = [...head, ...fields.flatMap((f) => fieldColumns(f, tableOf)), ...tail];
  const idx = (suffix: string, keys: string[], why: string, rows: IndexSpec['rows'] = 'live'): IndexSpec => ({
    name: identifier(`${t}_${suffix}`),
    method: 'btree',
    keys,
    rows,
    why,
  });
  const indexes: IndexSpec[] = [
    idx('title', ['title', 'id'], 'sort by name'),
    idx('created', ['created_at', 'id'], 'sort by created'),
    idx('updated', ['updated_at', 'id'], 'sort by updated'),
    idx('deleted', ['deleted_at', 'id'], 'the bin', 'deleted'),
    { name: identifier(`${t}_search`), method: 'gin', keys: ['search_vector'], rows: 'live', why: 'full-text search' },
  ];
  const duplicates = new Set(obj.duplicateKeys ?? []);
  if (duplicates.size || obj.duplicateScope)
    indexes.push({
      name: identifier(`${t}_title_trgm`),
      method: 'gin',
      keys: ['kith_unaccent(lower(title)) gin_trgm_ops'],
      rows: 'live',
      why: 'similar names (duplicate check)',
    });
  const owner = obj.ownerField ? obj.fields.get(obj.ownerField) : undefined;
  if (owner) {
    // "My records" (own and team scopes) under both universal sorts without walking all of them.
    indexes.push(idx('owner_title', [owner.column, 'title', 'id'], 'own/team scope, sort by name'));
    indexes.push(idx('owner_created', [owner.column, 'created_at', 'id'], 'own/team scope, sort by created'));
  }
  const activityAt = obj.activity ? obj.fields.get(obj.activity.at)?.column : undefined;
  for (const f of fields) indexes.push(...fieldIndexes(t, f, duplicates.has(f.name), f === owner, activityAt));
  if (obj.junction) {
    const [a, b] = obj.junction.map((n) => obj.fields.get(n)?.column ?? n);
    indexes.push({ ...idx(`${a}_${b}_pair`, [a, b], 'one link per pair'), unique: true });
  }
  for (const keys of obj.unique ?? []) {
    const cols = keys.map((k) => obj.fields.get(k)?.column ?? k);
    indexes.push({ ...idx(`${cols.join('_')}_unique`, cols, `unique (${keys.join(', ')})`), unique: true });
  }
  for (const index of obj.indexes ?? []) {
    const keys = indexKeysOf(index);
    const cols = keys.map((k) => systemKeyColumns[k] ?? obj.fields.get(k)?.column ?? k);
    const spec = idx(cols.join('_'), [...cols, 'id'], `declared by the entry (${keys.join(', ')})`);
    if (Array.isArray(index)) indexes.push(spec);
    else {
      // A money field rides along with its currency.
      const include = index.include.flatMap((k) => {
        const f = obj.fields.get(k);
        const column = systemKeyColumns[k] ?? f?.column ?? k;
        return f?.type === 'currency' ? [column, `${column}_currency`] : [column];
      });
      indexes.push({ ...spec, include, why: `${spec.why}, covering ${index.include.join(', ')}` });
    }
  }
  const statistics = indexes
    .filter((i) => i.keys.length === 1 && i.keys[0].startsWith('lower('))
    .map((i) => ({ name: identifier(`${i.name}_stats`), expression: i.keys[0] }));
  return {
    table: t,
    columns,
    indexes: dedupeIndexes(indexes),
    checks: fields.flatMap((f) => fieldChecks(t, f)),
    statistics,
  };
}

/** A link to any record names both its object and its id, or neither. */
function fieldChecks(table: string, f: ResolvedField): CheckSpec[] {
  if (f.type !== 'anyRecord') return [];
  const c = linkColumns(f);
  return [
    {
      name: identifier(`${table}_${f.column}_link`),
      expression: `(${c.object} IS NULL) = (${c.id} IS NULL)`,
      why: 'object and id set together',
    },
  ];
}

/** A field can be asked for twice (a sortable relation); the first asking wins. */
function dedupeIndexes(indexes: IndexSpec[]): IndexSpec[] {
  const seen = new Set<string>();
  return indexes.filter((i) => {
    const key = indexShape(i);
    if (seen.has(key) || seen.has(`name:${i.name}`)) return false;
    seen.add(key);
    seen.add(`name:${i.name}`);
    return true;
  });
}

// ---- DDL ----

const rowsPredicate = { live: 'deleted_at IS NULL', deleted: 'deleted_at IS NOT NULL', all: '' } as const;

/** What an index is, without its name: how pg_indexes would print it after `ON <table>`. */
export function indexShape(i: IndexSpec): string {
  const where = rowsPredicate[i.rows];
  return `${i.unique ? 'UNIQUE ' : ''}USING ${i.method} (${i.keys.join(', ')})${includeOf(i)}${where ? ` WHERE (${where})` : ''}`;
}

export function columnDdl(c: ColumnSpec): string {
  const parts = [sql.ident(c.name).toQuery().text, c.type];
  if (c.primaryKey) parts.push('PRIMARY KEY');
  if (c.generated) parts.push(`GENERATED ALWAYS AS (${c.generated}) STORED`);
  if (c.notNull && !c.primaryKey) parts.push('NOT NULL');
  if (c.default) parts.push(`DEFAULT ${c.default}`);
  if (c.references) parts.push(`REFERENCES ${c.references.table}(id) ON DELETE ${c.references.onDelete}`);
  return parts.join(' ');
}

const includeOf = (i: IndexSpec) => (i.include?.length ? ` INCLUDE (${i.include.join(', ')})` : '');

export function indexDdl(table: string, i: IndexSpec): string {
  const where = rowsPredicate[i.rows];
  return `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${i.name} ON ${table} USING ${i.method} (${i.keys.join(', ')})${includeOf(i)}${where ? ` WHERE ${where}` : ''}; -- ${i.why}`;
}

export function checkDdl(table: string, c: CheckSpec): string {
  return `ALTER TABLE ${table} ADD CONSTRAINT ${c.name} CHECK (${c.expression}); -- ${c.why}`;
}

export function statisticsDdl(table: string, s: StatisticsSpec): string {
  return `CREATE STATISTICS ${s.name} ON (${s.expression}) FROM ${table};`;
}

/** A new table, complete: columns, indexes, statistics and the typo-search dictionary's triggers. */
export function createTableDdl(spec: TableSpec): string[] {
  return [
    `CREATE TABLE ${spec.table} (\n  ${spec.columns.map(columnDdl).join(',\n  ')}\n);`,
    ...spec.checks.map((c) => checkDdl(spec.table, c)),
    ...spec.indexes.map((i) => indexDdl(spec.table, i)),
    ...spec.statistics.map((s) => statisticsDdl(spec.table, s)),
    `SELECT kith_enable_search_words('${spec.table}');`,
  ];
}

/** The columns a new field adds to an existing table (custom fields at run time, new built-ins). */
export function fieldSpec(
  f: ResolvedField,
  table: string,
  tableOf: TableOf,
): { columns: ColumnSpec[]; indexes: IndexSpec[]; checks: CheckSpec[] } {
  return { columns: fieldColumns(f, tableOf), indexes: fieldIndexes(table, f, false), checks: fieldChecks(table, f) };
}
