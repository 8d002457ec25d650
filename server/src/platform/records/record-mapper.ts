// Between the registry's field values and table rows: which columns a field uses, how a value is
// written, how a row becomes the JSON a client sees.
import { refKey } from '@kith/common';
import { type Sql, sql } from '../../db/sql.ts';
import { linkColumns } from '../registry/fields.ts';
import type { ResolvedField, ResolvedObject } from '../registry/registry.ts';

export type Values = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** Columns (and the values to write) for one field's value. */
export function fieldColumns(f: ResolvedField, value: unknown): Array<[string, unknown, Sql]> {
  const cast = sql.raw(f.sqlType);
  switch (f.type) {
    case 'currency': {
      const v = value as { amount: number; currency: string } | null;
      return [
        [f.column, v?.amount ?? null, cast],
        [`${f.column}_currency`, v?.currency ?? null, sql.raw('text')],
      ];
    }
    case 'anyRecord': {
      const v = value as { object: string; id: string } | null;
      const c = linkColumns(f);
      return [
        [c.object, v?.object ?? null, sql.raw('text')],
        [c.id, v?.id ?? null, sql.raw('uuid')],
      ];
    }
    case 'phoneList':
    case 'addressList':
      return [[f.column, JSON.stringify(value ?? []), cast]];
    case 'tags':
    case 'emailList':
    case 'multiSelect':
      return [[f.column, value ?? [], cast]];
    default:
      return [[f.column, value ?? null, cast]];
  }
}

const columnLists = new WeakMap<ResolvedObject, { list: Sql; types: string }>();

function columnList(obj: ResolvedObject) {
  let entry = columnLists.get(obj);
  if (!entry) {
    const cols = new Map<string, string>([
      ['id', 'uuid'],
      ['title', 'text'],
      ['deleted_at', 'timestamptz'],
      ['created_by', 'uuid'],
    ]);
    for (const f of obj.fields.values()) {
      if (f.type === 'anyRecord') {
        const c = linkColumns(f);
        cols.set(c.object, 'text');
        cols.set(c.id, 'uuid');
        continue;
      }
      cols.set(f.column, f.sqlType);
      if (f.type === 'currency') cols.set(`${f.column}_currency`, 'text');
    }
    const names = [...cols.keys()];
    entry = {
      list: sql.raw(names.map((c) => `t.${sql.ident(c).toQuery().text}`).join(', ')),
      types: [...cols].map(([c, type]) => `${c} ${type}`).join(','),
    };
    columnLists.set(obj, entry);
  }
  return entry;
}

/**
 * Column list of the fields, as selected from alias t. Built once per resolved object (a registry
 * change resolves new objects): every read selects it, and rebuilding it cost a get by id more
 * CPU than mapping its row.
 */
export const selectColumns = (obj: ResolvedObject): Sql => columnList(obj).list;

/** The selected columns with their types: the key of a prepared read (see `sql.prepared`). */
export const columnTypes = (obj: ResolvedObject): string => columnList(obj).types;

/** A table whose records' titles a read may show, with who may see them (a condition on its alias). */
export interface TitleSource {
  table: string;
  readable: (alias: string) => Sql;
}

/**
 * Relation fields get their target's title in the same query, no N+1, of targets the reader may
 * read only (`readable`, a condition on the look-up's alias), so a record linked to one hidden
 * from them shows the id with a null title, in lists, on the record and in exports. A link to any
 * record reads its title the same way, from the table of the object it names: a CASE on the
 * object looks in that object's table only.
 *
 * Up to `joinedTitlesAtMost` titles are LEFT JOINs (memoized nested loops: the cheapest to run);
 * beyond that each is a scalar subquery, which PostgreSQL plans on its own and runs only for the
 * rows the page keeps. Joining a lead's five relations made the planner weigh every order of six
 * tables with their indexes: 58–88 ms of planning for a 0.5 ms page at 1M rows. With two joins
 * (a contact's company and owner) the joins ran 17 % faster than subqueries. A statement of many
 * pages (a board's columns) plans every branch's joins: it asks for none (`joinsAtMost` 0).
 */
export function relationTitles(
  obj: ResolvedObject,
  targetOf: (object: string) => TitleSource | undefined,
  linkTargetsOf: (f: ResolvedField) => Array<TitleSource & { name: string }> = () => [],
  joinsAtMost = joinedTitlesAtMost,
): { select: Sql; joins: Sql } {
  const selects: Sql[] = [];
  const joins: Sql[] = [];
  const related = [...obj.fields.values()].filter((f) => f.type === 'relation' || f.type === 'user');
  const joined = related.length <= joinsAtMost;
  for (const f of obj.fields.values()) {
    if (f.type === 'anyRecord') {
      const c = linkColumns(f);
      const alias = `l_${f.column}`;
      const branches = linkTargetsOf(f).map(
        (target) => sql`WHEN ${target.name} THEN ${titleLookup(target, alias, c.id, 'title')}`,
      );
      const title = branches.length
        ? sql`CASE t.${sql.ident(c.object)} ${sql.join(branches, ' ')} END`
        : sql`NULL::text`;
      selects.push(sql`${title} AS ${sql.ident(`__rel_${f.column}`)}`);
      continue;
    }
    if (f.type !== 'relation' && f.type !== 'user') continue;
    const aliasName = `r_${f.column}`;
    const alias = sql.ident(aliasName);
    const as = sql.ident(`__rel_${f.column}`);
    const target = f.type === 'user' ? { table: 'users', readable: () => sql`true` } : targetOf(f.relation ?? '');
    if (!target) continue;
    const column = f.type === 'user' ? 'name' : 'title';
    if (joined) {
      joins.push(
        sql`LEFT JOIN ${sql.ident(target.table)} ${alias} ON ${alias}.id = t.${sql.ident(f.column)} AND ${target.readable(aliasName)}`,
      );
      selects.push(sql`${alias}.${sql.ident(column)} AS ${as}`);
    } else {
      selects.push(sql`${titleLookup(target, aliasName, f.column, column)} AS ${as}`);
    }
  }
  return { select: selects.length ? sql`, ${sql.join(selects)}` : sql.empty, joins: sql.join(joins, ' ') };
}

/** The title of the row of target that t's idColumn names, if the reader may read it: a scalar subquery. */
const titleLookup = (target: TitleSource, alias: string, idColumn: string, column: 'title' | 'name'): Sql => {
  const a = sql.ident(alias);
  return sql`(SELECT ${a}.${sql.ident(column)} FROM ${sql.ident(target.table)} ${a} WHERE ${a}.id = t.${sql.ident(idColumn)} AND ${target.readable(alias)})`;
};

/** How many relation titles a read joins; more are read by scalar subqueries (see relationTitles). */
export const joinedTitlesAtMost = 3;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null));

type Reader = (row: Row) => unknown;

/** How one field's value is read from a row, chosen once per field rather than on every read. */
function fieldReader(f: ResolvedField): Reader {
  const col = f.column;
  switch (f.type) {
    case 'currency': {
      const currencyCol = `${col}_currency`;
      return (row) => (row[col] == null ? null : { amount: Number(row[col]), currency: row[currencyCol] as string });
    }
    case 'datetime':
      return (row) => iso(row[col] ?? null);
    case 'date':
      return (row) => {
        const v = row[col];
        return v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? null);
      };
    case 'tags':
    case 'emailList':
    case 'multiSelect':
    case 'phoneList':
    case 'addressList':
      return (row) => row[col] ?? [];
    case 'anyRecord': {
      const c = linkColumns(f);
      return (row) => (row[c.id] ? { object: row[c.object] as string, id: row[c.id] as string } : null);
    }
    default:
      return (row) => row[col] ?? null;
  }
}

/**
 * The readers of an object's rows, built once per resolved object (a registry reload makes new
 * objects, so a changed field list gets new readers): a list page maps thousands of values a
 * second, and choosing each reader again, or spreading one object into another, showed as a
 * seventh of the server's time in a profile of the list.
 */
interface RowShape {
  values: Array<[string, Reader]>;
  record: Array<[string, Reader]>;
}
const shapes = new WeakMap<ResolvedObject, RowShape>();

function shapeOf(obj: ResolvedObject): RowShape {
  let shape = shapes.get(obj);
  if (shape) return shape;
  const values: Array<[string, Reader]> = [...obj.fields].map(([name, f]) => [name, fieldReader(f)]);
  // The record: system fields, every field, then each relation expanded with its target's title.
  // A link to any record carries its target's title in its value: { object, id, title }.
  const withTitles = values.map(([name, read]): [string, Reader] => {
    const f = obj.fields.get(name);
    if (f?.type !== 'anyRecord') return [name, read];
    const titleCol = `__rel_${f.column}`;
    return [
      name,
      (row) => {
        const link = read(row) as { object: string; id: string } | null;
        return link && { ...link, title: (row[titleCol] as string | null) ?? null };
      },
    ];
  });
  const record: Array<[string, Reader]> = [['id', (row) => row.id], ['title', (row) => row.title], ...withTitles];
  record.push(['deletedAt', (row) => iso(row.deleted_at ?? null)]);
  for (const f of obj.fields.values()) {
    if (f.type !== 'relation' && f.type !== 'user') continue;
    const col = f.column;
    const titleCol = `__rel_${col}`;
    record.push([
      refKey(f.name),
      (row) => (row[col] ? { id: row[col], title: (row[titleCol] as string | null) ?? null } : null),
    ]);
  }
  shape = { values, record };
  shapes.set(obj, shape);
  return shape;
}

function build(readers: Array<[string, Reader]>, row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, read] of readers) out[key] = read(row);
  return out;
}

/** The field values of a row (for diffs and hooks). */
export function readValues(obj: ResolvedObject, row: Row): Values {
  return build(shapeOf(obj).values, row);
}

/** A row as the API returns it: system fields, every field, and relation titles expanded. */
export function toRecord(obj: ResolvedObject, row: Row): Record<string, unknown> {
  return build(shapeOf(obj).record, row);
}

/** The display name: title fields joined; falls back to the subtitle field. */
export function computeTitle(obj: ResolvedObject, values: Values): string {
  if (obj.title) return obj.title(values).trim();
  const parts = obj.titleFields.map((k) => values[k]).filter((v) => typeof v === 'string' && v.trim() !== '');
  const title = parts.join(' ').trim();
  if (title) return title;
  const sub = obj.subtitleField ? values[obj.subtitleField] : null;
  return typeof sub === 'string' ? sub : '';
}

/** The text the full-text index is built from: every searchable field's words. */
export function computeSearchText(obj: ResolvedObject, values: Values): string {
  const words: string[] = [];
  for (const [name, f] of obj.fields) {
    if (!f.searchable || f.sensitive) continue;
    const v = values[name];
    if (typeof v === 'string') words.push(v);
    else if (Array.isArray(v)) words.push(...v.filter((x): x is string => typeof x === 'string'));
    if (f.type === 'email' && typeof v === 'string')
      words.push(v.split('@')[0].replace(/[._-]/g, ' '), v.split('@')[1] ?? '');
    if (f.type === 'phone' && typeof v === 'string') words.push(v.replace(/\D/g, ''));
  }
  return words.join(' ').toLowerCase().slice(0, 10_000);
}
