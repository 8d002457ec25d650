// The records path: every registry object is listed, read and written here, with permission
// check → validation → write → audit → event in one transaction.
import type { FilterCondition, FilterGroup, ObjectPermission } from '@kith/common';
import type { ApiRecord, BulkInput, BulkResult, Duplicate } from '@kith/common/api/records';
import type { RecordLinkInput } from '@kith/common/api/shared';
import { uuidv7 } from 'uuidv7';
import { type Sql, sql } from '../../db/sql.ts';
import { diff } from '../audit.ts';
import { type Ctx, withTx } from '../context.ts';
import { AppError, conflict, invalid, notFound } from '../errors.ts';
import { auditAndEmit } from '../events.ts';
import { assertCan, inScope, permissionFor, scopeCondition } from '../permissions.ts';
import { markColumns, markFields } from '../record-scopes.ts';
import { isUuid } from '../registry/fields.ts';
import { ownerColumn, ownerOf, type ResolvedField, type ResolvedObject } from '../registry/registry.ts';
import { changeLinks } from './change-links.ts';
import { afterWrite, beforeWrite, hooksOf, validateLifecycle } from './hooks.ts';
import {
  decodeCursor,
  encodeCursor,
  equalsSql,
  filterSql,
  fullTextSql,
  keysetPageSql,
  parseSort,
  typoMinLength,
  typoSql,
} from './list-query.ts';
import {
  columnTypes,
  computeSearchText,
  computeTitle,
  fieldColumns,
  type Row,
  readValues,
  relationTitles,
  selectColumns,
  toRecord,
  type Values,
} from './record-mapper.ts';
import { validateValues } from './validate.ts';

export interface ListParams {
  limit?: number;
  cursor?: string;
  sort?: string;
  q?: string;
  filter?: FilterGroup;
  equals?: FilterCondition[];
  deleted?: boolean;
}

export function objectOf(ctx: Ctx, name: string): ResolvedObject {
  const obj = ctx.registry.get(name);
  if (!obj) throw notFound(`Object type ${name}`);
  return obj;
}

/**
 * The condition, on rows of obj under `alias`, for live records the principal may read: what its
 * lists show. Relations are accepted, and their titles shown, only within it (the import uses it
 * too, so keep the signature).
 */
export function readableWhere(ctx: Ctx, obj: ResolvedObject, alias = 't'): Sql {
  const perm = permissionFor(ctx.principal, obj.name);
  if (!perm.read) return sql`false`;
  const a = sql.ident(alias);
  const scope = readScope(ctx, obj, perm, alias);
  return scope ? sql`${a}.deleted_at IS NULL AND ${scope}` : sql`${a}.deleted_at IS NULL`;
}

/**
 * What of obj's rows (under alias) the principal may read: their owner's scope, or — for an
 * entry shared with people through a table of its own (a meeting with its attendees) — a row
 * there naming them. Null when they may read every row.
 */
export function readScope(ctx: Ctx, obj: ResolvedObject, perm: ObjectPermission, alias = 't'): Sql | null {
  const scope = changeScope(ctx, obj, perm, alias);
  const shared = obj.sharedWith;
  if (!scope || !shared || !ctx.principal.userId) return scope;
  return sql`(${scope} OR EXISTS (SELECT 1 FROM ${sql.ident(shared.table)} s
    WHERE s.${sql.ident(shared.recordColumn)} = ${sql.ident(alias)}.id AND s.${sql.ident(shared.userColumn)} = ${ctx.principal.userId}::uuid))`;
}

/**
 * What of obj's rows the principal's scope reaches by owner (or by a module's mark): what they may
 * change. A part of another record (a line of a document: its relation is `partOf`) is also only
 * within reach where its whole is — nobody reads or edits the lines of a quote they may not read.
 */
export function changeScope(ctx: Ctx, obj: ResolvedObject, perm: ObjectPermission, alias = 't'): Sql | null {
  const own = scopeCondition(ctx.principal, perm, ownerColumn(obj, alias), markColumns(obj, alias));
  const whole = wholeScope(ctx, obj, alias);
  return own && whole ? sql`(${own} AND ${whole})` : (own ?? whole);
}

/** For a part: the condition that its whole is within the principal's read scope (null: every whole is). */
function wholeScope(ctx: Ctx, obj: ResolvedObject, alias: string): Sql | null {
  const partOf = [...obj.fields.values()].find((f) => f.type === 'relation' && f.partOf);
  const whole = partOf?.relation ? ctx.registry.get(partOf.relation) : undefined;
  if (!partOf || !whole) return null;
  const perm = permissionFor(ctx.principal, whole.name);
  if (!perm.read) return sql`false`;
  const w = `${alias}_whole`;
  const scope = readScope(ctx, whole, perm, w);
  return scope
    ? sql`EXISTS (SELECT 1 FROM ${sql.ident(whole.table)} ${sql.ident(w)}
        WHERE ${sql.ident(w)}.id = ${sql.ident(alias)}.${sql.ident(partOf.column)} AND ${scope})`
    : null;
}

const titleSource = (ctx: Ctx, target: ResolvedObject) => ({
  name: target.name,
  table: target.table,
  readable: (alias: string) => readableWhere(ctx, target, alias),
});

const relationTargetOf = (ctx: Ctx) => (object: string) => {
  const target = ctx.registry.get(object);
  return target && titleSource(ctx, target);
};

/**
 * A list's SELECT in parts: obj's columns and the sort value as text (`columns`), its table under
 * alias t (`from`), and the relation titles to add over alias t — in the same SELECT, or over a
 * page already chosen (keysetPageSql), so that their subqueries are planned once.
 */
export interface PageSelect {
  columns: Sql;
  from: Sql;
  titles: { select: Sql; joins: Sql };
}

export function pageSelect(
  ctx: Ctx,
  obj: ResolvedObject,
  sortColumn?: string,
  opts: { joinsAtMost?: number } = {},
): PageSelect {
  const titles = relationTitles(
    obj,
    relationTargetOf(ctx),
    (f) => ctx.registry.linkTargets(f).map((target) => titleSource(ctx, target)),
    opts.joinsAtMost,
  );
  const sortText = sortColumn ? sql`, t.${sql.ident(sortColumn)}::text AS __sort` : sql.empty;
  return { columns: sql`${selectColumns(obj)}${sortText}`, from: sql`${sql.ident(obj.table)} t`, titles };
}

/** The list's SELECT … FROM … JOIN of obj under alias t: every column, relation titles, the sort value as text. */
export function baseSelect(
  ctx: Ctx,
  obj: ResolvedObject,
  sortColumn?: string,
  opts: { joinsAtMost?: number } = {},
): Sql {
  const p = pageSelect(ctx, obj, sortColumn, opts);
  return sql`SELECT ${p.columns}${p.titles.select} FROM ${p.from} ${p.titles.joins}`;
}

/** The rows a list shows (`read`), or a bulk change may touch (not shared ones: those stay the owner's to change). */
function visibleWhere(ctx: Ctx, obj: ResolvedObject, perm: ObjectPermission, deleted = false, read = true): Sql[] {
  const scope = read ? readScope(ctx, obj, perm) : changeScope(ctx, obj, perm);
  return [
    deleted ? sql`t.deleted_at IS NOT NULL` : sql`t.deleted_at IS NULL`,
    ...(scope ? [scope] : []),
    ...junctionEndsReadable(ctx, obj),
  ];
}

/** A junction's row is seen only by those who may read the records at both its ends. */
function junctionEndsReadable(ctx: Ctx, obj: ResolvedObject): Sql[] {
  return (obj.junction ?? []).map((name, i) => {
    const f = obj.fields.get(name);
    const target = f?.relation ? ctx.registry.get(f.relation) : undefined;
    if (!f || !target) return sql`false`;
    const alias = `j${i}`;
    return sql`EXISTS (SELECT 1 FROM ${sql.ident(target.table)} ${sql.ident(alias)} WHERE ${sql.ident(alias)}.id = t.${sql.ident(f.column)} AND ${readableWhere(ctx, target, alias)})`;
  });
}

/** The key sets that hold once among live records: a junction's pair, and the entry's unique keys. */
const uniqueKeysOf = (obj: ResolvedObject): string[][] => [
  ...(obj.junction ? [obj.junction] : []),
  ...(obj.unique ?? []),
];

/**
 * A junction links a pair once, and an entry's unique keys hold once: a second is a conflict that
 * names the first (the unique index backs this up against a concurrent write). `changed` limits
 * the check to keys a write touches.
 */
async function assertUnique(
  ctx: Ctx,
  obj: ResolvedObject,
  values: Values,
  exceptId?: string,
  changed?: string[],
): Promise<void> {
  for (const key of uniqueKeysOf(obj)) {
    if (changed && !key.some((k) => changed.includes(k))) continue;
    const fields = key.map((n) => obj.fields.get(n)).filter((f): f is ResolvedField => !!f);
    const conds = fields.flatMap((f) =>
      fieldColumns(f, values[f.name]).map(([col, v, cast]) => sql`${sql.ident(col)} = ${v}::${cast}`),
    );
    const [found] = await ctx.db.query<{ id: string }>(sql`
      SELECT id FROM ${sql.ident(obj.table)} WHERE ${sql.join(conds, ' AND ')} AND deleted_at IS NULL
        ${exceptId ? sql`AND id <> ${exceptId}::uuid` : sql.empty} LIMIT 1`);
    if (!found) continue;
    if (key === obj.junction)
      throw conflict(`These are already linked (${obj.label.toLowerCase()} ${found.id}): change that one instead`, {
        existingId: found.id,
      });
    const names = fields.map((f) => f.label.toLowerCase()).join(', ');
    throw conflict(
      `${key.join(', ')}: a ${obj.label.toLowerCase()} with this ${names} already exists (${found.id}): change that one instead`,
      { existingId: found.id, fields: Object.fromEntries(key.map((k) => [k, 'already taken'])) },
    );
  }
}

/**
 * Words first: when any visible row matches q as full text, the list is those rows. Only when none
 * does (a typo, most likely) does it fall back to the rows holding title words similar to q's (the
 * search-words dictionary, decision 007) — so "Imported299" never lists "Imported0", and the
 * look-up runs only when it is needed. The choice is made the same way for every page, so cursors
 * stay valid.
 */
async function searchCondition(ctx: Ctx, obj: ResolvedObject, q: string, where: Sql[]): Promise<Sql> {
  const fts = fullTextSql(q);
  if (fts && q.trim().length < typoMinLength) return fts;
  if (fts) {
    const [hit] = await ctx.db.query(
      sql`SELECT 1 FROM ${sql.ident(obj.table)} t WHERE ${sql.join([...where, fts], ' AND ')} LIMIT 1`,
    );
    if (hit) return fts;
  }
  return (await typoSql(ctx.db, obj.table, q)) ?? sql`false`;
}

/** What narrows a list or an aggregate: the bin or the live records, filters and search. */
export type QueryParams = Pick<ListParams, 'q' | 'filter' | 'equals' | 'deleted'>;

/**
 * The conditions, on rows of obj under alias t, of what a list with these parameters shows: the
 * principal's scope, live records (or the bin), the filter JSON, the equality filters and the
 * search. Lists and aggregates both take their WHERE from here, so a count never reaches a
 * record the same reader's list would not show. A caller narrowing further (an aggregate's group)
 * adds its conditions after: the search then decides between full-text and typo matches as the
 * list does, and a group's page is the list's page.
 */
export async function queryWhere(
  ctx: Ctx,
  obj: ResolvedObject,
  perm: ObjectPermission,
  params: QueryParams,
): Promise<Sql[]> {
  const where = visibleWhere(ctx, obj, perm, params.deleted);
  if (params.filter) {
    const f = filterSql(obj, params.filter);
    if (f) where.push(f);
  }
  if (params.equals?.length) {
    const f = equalsSql(obj, params.equals);
    if (f) where.push(f);
  }
  if (params.q?.trim()) where.push(await searchCondition(ctx, obj, params.q, where));
  return where;
}

export async function listRecords(ctx: Ctx, objectName: string, params: ListParams) {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  const limit = params.limit ?? 50;
  const sort = parseSort(obj, params.deleted && !params.sort ? '-deletedAt' : params.sort);
  const cursor = params.cursor ? decodeCursor(params.cursor, sort) : null;
  const where = await queryWhere(ctx, obj, perm, params);
  const rows = await ctx.db.query<Row>(
    keysetPageSql(pageSelect(ctx, obj, sort.column), where, sort, cursor, limit + 1),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({ s: sort.key, v: (last.__sort as string | null) ?? null, id: last.id as string })
      : null;
  return { data: page.map((r) => toRecord(obj, r) as ApiRecord), nextCursor };
}

export async function loadRow(
  ctx: Ctx,
  obj: ResolvedObject,
  perm: ObjectPermission,
  id: string,
  opts: { deleted?: boolean | 'any'; lock?: boolean; read?: boolean } = {},
) {
  if (!isUuid(id)) throw notFound(obj.label);
  // Only a read reaches records shared with the reader; a change stays within the owner's scope.
  const scope = opts.read ? readScope(ctx, obj, perm) : changeScope(ctx, obj, perm);
  const conds = [sql`t.id = ${id}::uuid`, ...(scope ? [scope] : []), ...junctionEndsReadable(ctx, obj)];
  if (opts.deleted !== 'any') conds.push(opts.deleted ? sql`t.deleted_at IS NOT NULL` : sql`t.deleted_at IS NULL`);
  const lock = opts.lock ? sql` FOR UPDATE OF t` : sql.empty;
  const [row] = await ctx.db.query<Row>(
    sql.prepared(sql`${baseSelect(ctx, obj)} WHERE ${sql.join(conds, ' AND ')}${lock}`, columnTypes(obj)),
  );
  // Out of scope reads as absent: a rep learns nothing of records they may not see.
  if (!row) throw notFound(obj.label);
  return row;
}

/**
 * Throws the same 404 as getRecord unless the principal may read this record (live or in the
 * bin): for what hangs on a record (its timeline, its files) without reading the record itself.
 */
export async function assertCanSee(ctx: Ctx, objectName: string, id: string): Promise<ResolvedObject> {
  const { obj, seen } = canSeeSql(ctx, objectName, id);
  const [row] = await ctx.db.query(sql.prepared(sql`SELECT ${seen} AS ok`, 'exists'));
  if (!row?.ok) throw notFound(obj.label);
  return obj;
}

/**
 * Whether the principal may read this record (live or in the bin), as a condition another
 * statement can carry (a timeline's page); the role's right and the id's form are checked here.
 */
export function canSeeSql(ctx: Ctx, objectName: string, id: string): { obj: ResolvedObject; seen: Sql } {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  if (!isUuid(id)) throw notFound(obj.label);
  const scope = readScope(ctx, obj, perm);
  const conds = [sql`t.id = ${id}::uuid`, ...(scope ? [scope] : []), ...junctionEndsReadable(ctx, obj)];
  return { obj, seen: sql`EXISTS (SELECT 1 FROM ${sql.ident(obj.table)} t WHERE ${sql.join(conds, ' AND ')})` };
}

export async function getRecord(ctx: Ctx, objectName: string, id: string): Promise<ApiRecord> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  return toRecord(obj, await loadRow(ctx, obj, perm, id, { deleted: 'any', read: true })) as ApiRecord;
}

/**
 * Relation ids must point at live records the principal may read (the same scope as lists, so
 * that no one links to, and then sees the title of, a record hidden from them); owners at active
 * users. The answer is the same whether the record is missing or out of scope. A link one of the
 * records being written already held (`held`: a merged duplicate's values) is no new link: it
 * need only be live. One statement for all the fields (a deal names a pipeline, a stage, a
 * company, a contact and an owner); the first field that fails, in field order, is the error.
 */
async function checkReferences(ctx: Ctx, obj: ResolvedObject, values: Values, held: Values = {}) {
  // Each check: a condition that holds when the reference is good (null: it cannot be), and its error.
  const checks: Array<{ ok: Sql | null; error: () => AppError }> = [];
  for (const [name, f] of obj.fields) {
    if (f.type === 'anyRecord') {
      const check = linkCheck(ctx, f, name, values[name] as RecordLinkInput | null | undefined, held[name]);
      if (check) checks.push(check);
      continue;
    }
    const id = values[name];
    if ((f.type !== 'relation' && f.type !== 'user') || typeof id !== 'string') continue;
    const target = f.type === 'user' ? null : ctx.registry.get(f.relation ?? '');
    const within = target && held[name] === id ? sql`t.deleted_at IS NULL` : target && readableWhere(ctx, target);
    // Only targets holding the field's values (a bundle item's bundle is a product of kind bundle).
    const where = Object.entries(f.where ?? {}).map(([k, v]) => {
      const col = target?.fields.get(k)?.column;
      if (!col) throw new Error(`${obj.name}.${name}: where names "${k}", not a field of ${f.relation}`);
      return sql` AND t.${sql.ident(col)} = ${v}`;
    });
    const which = Object.entries(f.where ?? {})
      .map(([k, v]) => ` with ${target?.fields.get(k)?.label?.toLowerCase() ?? k} ${v}`)
      .join('');
    checks.push({
      ok: target
        ? sql`EXISTS (SELECT 1 FROM ${sql.ident(target.table)} t WHERE t.id = ${id}::uuid AND ${within}${sql.join(where, '')})`
        : sql`EXISTS (SELECT 1 FROM users WHERE id = ${id}::uuid AND is_active)`,
      error: () =>
        invalid(`${name}: no such ${target ? target.label.toLowerCase() : 'active user'}${which}`, {
          [name]: which ? `must be a ${target?.label.toLowerCase()}${which}` : 'does not exist',
        }),
    });
  }
  const asked = checks.filter((c): c is { ok: Sql; error: () => AppError } => c.ok !== null);
  const [row] = asked.length
    ? await ctx.db.query<Record<string, boolean>>(
        sql`SELECT ${sql.join(asked.map((c, i) => sql`${c.ok} AS ${sql.ident(`ok${i}`)}`))}`,
      )
    : [{}];
  let i = 0;
  for (const c of checks) if (c.ok === null || !row[`ok${i++}`]) throw c.error();
}

/**
 * A link to any record: its object must be one the field may link to, and its record live and
 * readable by the writer (or held already, see checkReferences). A record the writer may not
 * read is refused exactly as one that does not exist. Errors name the part (about.object, about.id).
 */
function linkCheck(
  ctx: Ctx,
  f: ResolvedField,
  name: string,
  link: RecordLinkInput | null | undefined,
  held: unknown,
): { ok: Sql | null; error: () => AppError } | null {
  if (!link) return null;
  const target = ctx.registry.linkTargets(f).find((o) => o.name === link.object);
  if (!target) {
    const allowed = ctx.registry.linkTargets(f).map((o) => o.name);
    return {
      ok: null,
      error: () =>
        invalid(`${name}.object: cannot link to "${link.object}"; it links to ${allowed.join(', ')}`, {
          [`${name}.object`]: 'not an object this field links to',
        }),
    };
  }
  const heldLink = held as RecordLinkInput | null | undefined;
  const kept = heldLink?.object === link.object && heldLink.id === link.id;
  const within = kept ? sql`t.deleted_at IS NULL` : readableWhere(ctx, target);
  return {
    ok: sql`EXISTS (SELECT 1 FROM ${sql.ident(target.table)} t WHERE t.id = ${link.id}::uuid AND ${within})`,
    error: () => invalid(`${name}.id: no such ${target.label.toLowerCase()}`, { [`${name}.id`]: 'does not exist' }),
  };
}

/** Possible duplicates the principal can see: same key (e.g. email), or a similar title in the same scope field. */
export async function findDuplicates(
  ctx: Ctx,
  obj: ResolvedObject,
  values: Values,
  excludeId?: string,
): Promise<Duplicate[]> {
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  const checks: Sql[] = [];
  for (const key of obj.duplicateKeys ?? []) {
    const f = obj.fields.get(key);
    const v = values[key];
    if (!f || typeof v !== 'string' || !v) continue;
    checks.push(
      sql`SELECT t.id, t.title, ${`same ${f.label.toLowerCase()}`} AS reason FROM ${sql.ident(obj.table)} t WHERE lower(t.${sql.ident(f.column)}) = lower(${v})`,
    );
  }
  const title = computeTitle(obj, values);
  if (title.length >= 3) {
    // Names alone collide too often ("Bulk A", "Bulk B"): only within the scope field (same company).
    const scopeField = obj.duplicateScope ? obj.fields.get(obj.duplicateScope) : undefined;
    const scopeValue = obj.duplicateScope ? values[obj.duplicateScope] : undefined;
    if (scopeField && typeof scopeValue === 'string') {
      const within = sql` AND t.${sql.ident(scopeField.column)} = ${scopeValue}::uuid`;
      checks.push(sql`SELECT t.id, t.title, 'similar name' AS reason FROM ${sql.ident(obj.table)} t
        WHERE kith_unaccent(lower(t.title)) % kith_unaccent(lower(${title}))
          AND similarity(kith_unaccent(lower(t.title)), kith_unaccent(lower(${title}))) >= 0.6${within}`);
    }
  }
  if (!checks.length) return [];
  const where = visibleWhere(ctx, obj, perm);
  if (excludeId) where.push(sql`d.id <> ${excludeId}::uuid`);
  const rows = await ctx.db.query<Duplicate>(sql`
    SELECT DISTINCT ON (d.id) d.id, d.title, d.reason
    FROM (${sql.join(
      checks.map((c) => sql`(${c} AND t.deleted_at IS NULL LIMIT 10)`),
      ' UNION ALL ',
    )}) d
    JOIN ${sql.ident(obj.table)} t ON t.id = d.id
    WHERE ${sql.join(where, ' AND ')} LIMIT 10`);
  return rows;
}

export interface CreateOptions {
  /** Create even when a possible duplicate exists. */
  allowDuplicate?: boolean;
}

export async function createRecord(
  ctx: Ctx,
  objectName: string,
  input: unknown,
  opts: CreateOptions = {},
  /** More to write with the record, in its transaction (a meeting's attendees): all or nothing. */
  withRecord?: (ctx: Ctx, id: string) => Promise<void>,
): Promise<ApiRecord> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'create', obj.label);
  const values = validateValues(obj, input, 'create');
  const owner = ownerOf(obj);
  if (owner) {
    if (values[owner.name] === undefined) values[owner.name] = ctx.principal.userId;
    assertAssignableOwner(ctx, obj, perm, values[owner.name]);
  }
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const id = await insertRecord(c, obj, values, opts);
    await withRecord?.(c, id);
    const all = { create: true, read: true, update: true, delete: true, export: true, scope: 'all' as const };
    return toRecord(obj, await loadRow(c, obj, all, id)) as ApiRecord;
  });
}

/** Inserts validated values inside the caller's transaction; the import uses it row by row. */
export async function insertRecord(
  ctx: Ctx,
  obj: ResolvedObject,
  values: Values,
  opts: CreateOptions = {},
): Promise<string> {
  // A title made of computed fields, or of fields a defaults hook fills in (a line's product
  // name), is known once the hooks have run.
  const titled = obj.titleFields.some((n) => obj.fields.get(n)?.computed) || hooksOf(ctx, obj).some((h) => h.defaults);
  const needsTitle = () => {
    const names = [...obj.titleFields, ...(obj.subtitleField ? [obj.subtitleField] : [])];
    return invalid(
      `${names.join(' or ')}: ${obj.label} needs ${names.join(' or ')}`,
      Object.fromEntries(names.map((n) => [n, 'is required'])),
    );
  };
  if (!titled && !computeTitle(obj, values) && !obj.junction) throw needsTitle();
  await checkReferences(ctx, obj, values);
  await assertUnique(ctx, obj, values);
  const id = uuidv7();
  const written = Object.keys(values).filter((k) => values[k] !== undefined);
  const server = await beforeWrite(ctx, obj, { action: 'create', id, before: null, after: values, changed: written });
  // Defaults the hooks filled in point where they must as the client's values do.
  const filled = Object.keys(server).filter((k) => !obj.fields.get(k)?.computed);
  if (filled.length) await checkReferences(ctx, obj, Object.fromEntries(filled.map((k) => [k, server[k]])));
  Object.assign(values, server);
  const title = computeTitle(obj, values);
  if (!title && !obj.junction) throw needsTitle();
  if (!opts.allowDuplicate) {
    const dups = await findDuplicates(ctx, obj, values);
    if (dups.length) {
      throw conflict(`Possible duplicate of ${dups.map((d) => `"${d.title}"`).join(', ')} (${dups[0].reason})`, {
        duplicates: dups,
      });
    }
  }
  const now = ctx.now();
  const cols: Sql[] = [sql`id`, sql`title`, sql`search_text`, sql`created_by`, sql`created_at`, sql`updated_at`];
  const vals: Sql[] = [
    sql`${id}::uuid`,
    sql`${title}`,
    sql`${computeSearchText(obj, values)}`,
    sql`${ctx.principal.userId}::uuid`,
    sql`${now}`,
    sql`${now}`,
  ];
  for (const [name, f] of obj.fields) {
    if ((f.readOnly && !f.computed) || values[name] === undefined) continue;
    for (const [col, v, cast] of fieldColumns(f, values[name])) {
      cols.push(sql.ident(col));
      vals.push(sql`${v}::${cast}`);
    }
  }
  const set = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
  const changes = diff(
    {},
    set,
    Object.keys(set).filter((k) => !obj.fields.get(k)?.sensitive),
  );
  await auditAndEmit(
    ctx,
    { action: 'create', objectType: obj.name, recordId: id, changes },
    { type: `${obj.name}.created`, objectType: obj.name, recordId: id, payload: { title } },
    {
      write: sql`INSERT INTO ${sql.ident(obj.table)} (${sql.join(cols)}) VALUES (${sql.join(vals)})`,
      links: (w) => changeLinks(ctx, obj, w),
    },
  );
  await afterWrite(ctx, obj, { action: 'create', id, before: null, after: values, changed: written });
  return id;
}

export async function updateRecord(ctx: Ctx, objectName: string, id: string, input: unknown): Promise<ApiRecord> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'update', obj.label);
  const patch = validateValues(obj, input, 'update');
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRow(c, obj, perm, id, { lock: true });
    await applyUpdate(c, obj, perm, row, patch);
    // The writer sees what they wrote, even when it moved the record out of their scope (a company
    // that moved to another territory): the change stands, and their lists no longer show it.
    return toRecord(obj, await loadRow(c, obj, { ...perm, scope: 'all' }, id, { deleted: 'any' })) as ApiRecord;
  });
}

/**
 * The one owner rule (update, import): with an own or team scope, records go only to owners within
 * it. A module's scope (territory) speaks of rows, not people: its owners are the team's.
 */
export function assertAssignableOwner(ctx: Ctx, obj: ResolvedObject, perm: ObjectPermission, ownerId: unknown): void {
  if (perm.scope === 'all' || inScope(ctx.principal, perm, (ownerId as string | null) ?? null)) return;
  const within = perm.scope === 'own' ? 'own records' : 'team';
  throw new AppError(
    'FORBIDDEN',
    `ownerId: you may only assign ${obj.labelPlural.toLowerCase()} within your ${within}`,
    {
      fields: { ownerId: `outside your ${within}` },
    },
  );
}

/**
 * Writes a patch to a loaded row inside the caller's transaction (update, bulk, import, merge).
 * `held`: values another record being merged in already held; its relation links are kept even
 * when outside the principal's read scope (see checkReferences).
 */
export async function applyUpdate(
  ctx: Ctx,
  obj: ResolvedObject,
  perm: ObjectPermission,
  row: Row,
  input: Values,
  held: Values = {},
): Promise<boolean> {
  const before = readValues(obj, row);
  const id = row.id as string;
  const patched = Object.keys(input).filter(
    (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(input[k] ?? null),
  );
  if (!patched.length) return false;
  const computed = await beforeWrite(ctx, obj, {
    action: 'update',
    id,
    before,
    after: { ...before, ...input },
    changed: patched,
  });
  // The caller's patch stays as it was: a bulk update hands the same one to every record.
  const patch: Values = { ...input, ...computed };
  const after = { ...before, ...patch };
  const changedKeys = Object.keys(patch).filter(
    (k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(patch[k] ?? null),
  );
  const title = computeTitle(obj, after);
  if (!title && !obj.junction)
    throw invalid(
      `${obj.titleFields.join(' or ')}: ${obj.label} needs a name`,
      Object.fromEntries(obj.titleFields.map((n) => [n, 'is required'])),
    );
  const owner = ownerOf(obj);
  if (owner && owner.name in patch) assertAssignableOwner(ctx, obj, perm, patch[owner.name]);
  // What the server computed (a territory by rule) links where it must, whatever the writer may read.
  const written = changedKeys.filter((k) => !obj.fields.get(k)?.computed);
  await checkReferences(ctx, obj, Object.fromEntries(written.map((k) => [k, patch[k]])), held);
  await assertUnique(ctx, obj, after, id, changedKeys);
  const sets: Sql[] = [
    sql`title = ${title}`,
    sql`search_text = ${computeSearchText(obj, after)}`,
    sql`updated_at = ${ctx.now()}`,
  ];
  for (const k of changedKeys) {
    const f = obj.fields.get(k);
    if (!f) continue;
    for (const [col, v, cast] of fieldColumns(f, patch[k])) sets.push(sql`${sql.ident(col)} = ${v}::${cast}`);
  }
  const changes = diff(
    before,
    after,
    changedKeys.filter((k) => !obj.fields.get(k)?.sensitive),
  );
  await auditAndEmit(
    ctx,
    { action: 'update', objectType: obj.name, recordId: row.id as string, changes },
    {
      type: `${obj.name}.updated`,
      objectType: obj.name,
      recordId: row.id as string,
      payload: { fields: changedKeys },
      // Whoever could see it before hears that it changed (and, refetching, that it left their scope).
      ...(owner && changedKeys.includes(owner.name)
        ? { previousOwnerId: (before[owner.name] as string | null) ?? null }
        : {}),
      ...previousMarks(obj, before, changedKeys),
    },
    {
      write: sql`UPDATE ${sql.ident(obj.table)} SET ${sql.join(sets)} WHERE id = ${row.id as string}::uuid`,
      links: (w) => changeLinks(ctx, obj, w),
    },
  );
  await afterWrite(ctx, obj, { action: 'update', id, before, after, changed: changedKeys });
  return true;
}

/** The marks (a territory) a change moved the record from, for live updates of those who saw it there. */
function previousMarks(
  obj: ResolvedObject,
  before: Values,
  changed: string[],
): { previousMarks?: Record<string, string | null> } {
  const moved = Object.entries(markFields(obj)).filter(([, f]) => changed.includes(f.name));
  if (!moved.length) return {};
  return {
    previousMarks: Object.fromEntries(moved.map(([key, f]) => [key, (before[f.name] as string | null) ?? null])),
  };
}

export async function deleteRecord(ctx: Ctx, objectName: string, id: string): Promise<void> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'delete', obj.label);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRow(c, obj, perm, id, { lock: true });
    await softDelete(c, obj, row);
  });
}

export async function softDelete(ctx: Ctx, obj: ResolvedObject, row: Row): Promise<void> {
  const change = {
    action: 'delete' as const,
    id: row.id as string,
    before: readValues(obj, row),
    after: null,
    changed: [],
  };
  await validateLifecycle(ctx, obj, change);
  await auditAndEmit(
    ctx,
    { action: 'delete', objectType: obj.name, recordId: row.id as string },
    { type: `${obj.name}.deleted`, objectType: obj.name, recordId: row.id as string },
    {
      write: sql`UPDATE ${sql.ident(obj.table)} SET deleted_at = ${ctx.now()} WHERE id = ${row.id as string}::uuid`,
      links: (w) => changeLinks(ctx, obj, w),
    },
  );
  await afterWrite(ctx, obj, change);
}

export async function restoreRecord(ctx: Ctx, objectName: string, id: string): Promise<ApiRecord> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'delete', obj.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRow(c, obj, perm, id, { deleted: true, lock: true });
    const values = readValues(obj, row);
    const change = { action: 'restore' as const, id, before: values, after: values, changed: [] };
    // A record restored beside one that took its unique keys meanwhile would break the index.
    await assertUnique(c, obj, values, id);
    await validateLifecycle(c, obj, change);
    await auditAndEmit(
      c,
      { action: 'restore', objectType: obj.name, recordId: id },
      { type: `${obj.name}.restored`, objectType: obj.name, recordId: id },
      {
        write: sql`UPDATE ${sql.ident(obj.table)} SET deleted_at = NULL, updated_at = ${ctx.now()} WHERE id = ${id}::uuid`,
        links: (w) => changeLinks(c, obj, w),
      },
    );
    await afterWrite(c, obj, change);
    return toRecord(obj, await loadRow(c, obj, perm, id)) as ApiRecord;
  });
}

/** One transaction for the whole batch: all or nothing, each record audited. */
export async function bulkRecords(ctx: Ctx, objectName: string, input: BulkInput): Promise<BulkResult> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, input.action === 'delete' ? 'delete' : 'update', obj.label);
  const patch = input.action === 'update' ? validateValues(obj, input.values ?? {}, 'update') : {};
  if (input.action === 'update' && !Object.keys(patch).length)
    throw invalid('values: name at least one field to set', { values: 'is empty' });
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const rows = await tx.query<Row>(
      sql`${baseSelect(c, obj)} WHERE t.id = ANY(${input.ids}::uuid[]) AND ${sql.join(visibleWhere(c, obj, perm, false, false), ' AND ')} FOR UPDATE OF t`,
    );
    if (rows.length !== new Set(input.ids).size)
      throw notFound(`${input.ids.length - rows.length} of the ${obj.labelPlural.toLowerCase()}`);
    let updated = 0;
    for (const row of rows) {
      if (input.action === 'delete') {
        await softDelete(c, obj, row);
        updated++;
      } else if (await applyUpdate(c, obj, perm, row, patch)) updated++;
    }
    return { updated };
  });
}
