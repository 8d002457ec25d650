// The batch write path of the records service, for imports: many validated rows in a few
// statements — one multi-row INSERT (or UPDATE … FROM VALUES) for the records, one multi-row
// audit insert, one domain event for the batch. The caller validates, checks permission and
// references, and owns the transaction. Per-row round trips would cap an import far below the
// 20,000 rows/s budget.
import { V7Generator } from 'uuidv7';
import { type Sql, sql } from '../../db/sql.ts';
import { diff } from '../audit.ts';
import type { Ctx } from '../context.ts';
import { notifyEvent } from '../events.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import { changeLinks } from './change-links.ts';
import { computeSearchText, computeTitle, fieldColumns, type Row, readValues, type Values } from './record-mapper.ts';

/**
 * UUIDv7 ids for many rows: the uuidv7 package's own generator asks crypto for random numbers
 * eight at a time, a call for every few ids (half a second per 100,000 rows of an import and
 * their audit entries); this one takes them a thousand at a time.
 */
const ids = new V7Generator({
  buffer: new Uint32Array(1024),
  cursor: 1024,
  nextUint32() {
    if (this.cursor >= this.buffer.length) {
      crypto.getRandomValues(this.buffer);
      this.cursor = 0;
    }
    return this.buffer[this.cursor++];
  },
} as { buffer: Uint32Array; cursor: number; nextUint32(): number });
export const newId = (): string => ids.generate().toString();
export const newIds = (n: number): string[] => Array.from({ length: n }, newId);

const needsEscape = /["\\]/;
/** A text[] parameter as PostgreSQL's array literal, passed as text (cast it with ::text::text[]). */
function arrayLiteral(values: ReadonlyArray<string | null>): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null ? 'NULL' : needsEscape.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : `"${v}"`;
  }
  return `{${parts.join(',')}}`;
}

/**
 * One column of many rows as a set-returning expression for ROWS FROM: a JSON array of the texts
 * (one JSON.stringify, native; node-postgres and PGlite build an array literal element by
 * element, with two regular expressions each and string concatenation: about a second of an
 * import's 100,000 rows). JSON.stringify writes a lone surrogate (half of a character cut in two)
 * as an escape that PostgreSQL's json refuses; such a column (or any holding the text "\ud") goes
 * as an array literal, whose lone surrogates reach the server as U+FFFD, as they always did.
 */
function textColumn(values: ReadonlyArray<string | null>): Sql {
  const json = JSON.stringify(values);
  return json.includes('\\ud')
    ? sql`unnest(${arrayLiteral(values)}::text::text[])`
    : sql`json_array_elements_text(${json}::text::json)`;
}

/** PostgreSQL takes at most 65,535 parameters per statement; stay well below. */
const maxParams = 30_000;

function chunks<T>(items: T[], perItem: number): T[][] {
  const size = Math.max(1, Math.floor(maxParams / Math.max(1, perItem)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type AuditCtx = Pick<Ctx, 'db' | 'principal' | 'now' | 'ip' | 'userAgent'>;

/**
 * Audit entries for many records in one statement (the shape recordAudit writes); `then` reads
 * them as `a`, in the same statement (the records path's timeline links, change-links.ts).
 */
export async function auditMany(
  ctx: AuditCtx,
  action: string,
  objectType: string,
  entries: Array<{ recordId: string; changes: Record<string, unknown> }>,
  then?: Sql | null,
): Promise<void> {
  if (!entries.length) return;
  const p = ctx.principal;
  const actor = p.kind === 'apiKey' ? (p.apiKeyId ?? null) : p.userId;
  // The changes as one json array (checked, not parsed into a tree), each element made jsonb on
  // its own: half the server's time of one jsonb array taken apart (jsonb_array_elements), which
  // builds the whole array's jsonb first and then copies every element out of it.
  const insert = sql`
    INSERT INTO audit_log (id, at, actor_id, actor_kind, ip, user_agent, action, object_type, record_id, changes)
    SELECT u.id::uuid, ${ctx.now()}, ${actor}::uuid, ${p.kind}, ${ctx.ip ?? null}, ${ctx.userAgent?.slice(0, 500) ?? null}, ${action}, ${objectType}, u.record_id::uuid, u.changes::jsonb
    FROM ROWS FROM (${textColumn(newIds(entries.length))}, ${textColumn(entries.map((e) => e.recordId))},
                    json_array_elements(${JSON.stringify(entries.map((e) => e.changes))}::text::json))
      AS u(id, record_id, changes)`;
  await ctx.db.query(then ? sql`WITH a AS (${insert} RETURNING id, at, record_id, changes) ${then}` : insert);
}

const auditable = (obj: ResolvedObject, values: Values) => {
  const written = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined));
  return diff(
    {},
    written,
    Object.keys(written).filter((k) => !obj.fields.get(k)?.sensitive),
  );
};

/** A value as text for an unnest() column: arrays as array literals, the rest as PostgreSQL reads them. */
function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v))
    return `{${v.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/**
 * NOT NULL columns with a default: what a row that leaves the field out gets. Cached per
 * resolved object, which the registry makes anew whenever custom fields change the table.
 */
const defaultsCache = new WeakMap<ResolvedObject, Map<string, string>>();
async function notNullDefaults(ctx: AuditCtx, obj: ResolvedObject): Promise<Map<string, string>> {
  const table = obj.table;
  let d = defaultsCache.get(obj);
  if (!d) {
    const rows = await ctx.db.query<{ column_name: string; column_default: string }>(sql`
      SELECT column_name, column_default FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ${table} AND is_nullable = 'NO' AND column_default IS NOT NULL`);
    d = new Map(rows.map((r) => [r.column_name, r.column_default]));
    defaultsCache.set(obj, d);
  }
  return d;
}

/**
 * Inserts validated records (values as validateValues returns them, title non-empty) and their
 * 'create' audit entries: one INSERT … SELECT FROM ROWS FROM(…) with one array parameter per column
 * (PGlite plans it twice as fast as a VALUES list with a parameter per cell). A field a row leaves
 * undefined gets NULL, or the column's default where the column is NOT NULL. Returns the ids in
 * input order.
 */
export async function insertMany(
  ctx: AuditCtx,
  obj: ResolvedObject,
  rows: Values[],
  ids: string[] = newIds(rows.length),
): Promise<string[]> {
  if (!rows.length) return [];
  const now = ctx.now();
  const defaults = await notNullDefaults(ctx, obj);
  const columns: Array<{ name: string; cast: Sql; values: Array<string | null>; someUndefined: boolean }> = [
    { name: 'id', cast: sql.raw('uuid'), values: ids, someUndefined: false },
    { name: 'title', cast: sql.raw('text'), values: rows.map((v) => computeTitle(obj, v)), someUndefined: false },
    {
      name: 'search_text',
      cast: sql.raw('text'),
      values: rows.map((v) => computeSearchText(obj, v)),
      someUndefined: false,
    },
  ];
  for (const f of obj.fields.values()) {
    if ((f.readOnly && !f.computed) || !rows.some((r) => r[f.name] !== undefined)) continue;
    const first = columns.length;
    rows.forEach((values, i) => {
      const v = values[f.name];
      fieldColumns(f, v).forEach(([col, colValue, cast], k) => {
        if (i === 0) columns.push({ name: col, cast, values: [], someUndefined: false });
        const c = columns[first + k];
        c.values.push(v === undefined ? null : asText(colValue));
        if (v === undefined) c.someUndefined = true;
      });
    });
  }
  const select = columns.map((c, i) => {
    const expr = sql`u.${sql.ident(`c${i}`)}::${c.cast}`;
    const fallback = c.someUndefined ? defaults.get(c.name) : undefined;
    // The default's text comes from our own schema (information_schema), never from a client.
    return fallback ? sql`COALESCE(${expr}, ${sql.raw(fallback)})` : expr;
  });
  await ctx.db.query(sql`
    INSERT INTO ${sql.ident(obj.table)} (${sql.join(columns.map((c) => sql.ident(c.name)))}, created_by, created_at, updated_at)
    SELECT ${sql.join(select)}, ${ctx.principal.userId}::uuid, ${now}::timestamptz, ${now}::timestamptz
    FROM ROWS FROM (${sql.join(columns.map((c) => textColumn(c.values)))}) AS u(${sql.join(columns.map((_, i) => sql.ident(`c${i}`)))})`);
  await auditMany(
    ctx,
    'create',
    obj.name,
    rows.map((values, i) => ({ recordId: ids[i], changes: auditable(obj, values) })),
    changeLinks(ctx, obj),
  );
  return ids;
}

export interface RowUpdate {
  /** The record as loaded (selectColumns of the object). */
  row: Row;
  patch: Values;
}

/**
 * Applies patches to loaded records: one UPDATE … FROM (VALUES …) for the batch and one 'update'
 * audit entry per record that changed. Returns the ids of the records that changed.
 */
export async function updateMany(ctx: AuditCtx, obj: ResolvedObject, updates: RowUpdate[]): Promise<string[]> {
  const changed: Array<{ id: string; after: Values; keys: string[]; before: Values }> = [];
  for (const u of updates) {
    const before = readValues(obj, u.row);
    const keys = Object.keys(u.patch).filter(
      (k) => obj.fields.has(k) && JSON.stringify(before[k] ?? null) !== JSON.stringify(u.patch[k] ?? null),
    );
    if (keys.length) changed.push({ id: u.row.id as string, before, after: { ...before, ...u.patch }, keys });
  }
  if (!changed.length) return [];
  const now = ctx.now();
  const names = [...new Set(changed.flatMap((c) => c.keys))];
  const fields = names.map((n) => obj.fields.get(n)).filter((f) => f !== undefined);
  const cols = ['id', 'title', 'search_text'];
  for (const f of fields) for (const [col] of fieldColumns(f, null)) cols.push(col);
  const tuples = changed.map((c) => {
    const vals: Sql[] = [
      sql`${c.id}::uuid`,
      sql`${computeTitle(obj, c.after)}::text`,
      sql`${computeSearchText(obj, c.after)}::text`,
    ];
    for (const f of fields) for (const [, v, cast] of fieldColumns(f, c.after[f.name])) vals.push(sql`${v}::${cast}`);
    return sql`(${sql.join(vals)})`;
  });
  const sets = cols.slice(1).map((col) => sql`${sql.ident(col)} = v.${sql.ident(col)}`);
  for (const part of chunks(tuples, cols.length)) {
    await ctx.db.query(sql`
      UPDATE ${sql.ident(obj.table)} t SET ${sql.join(sets)}, updated_at = ${now}
      FROM (VALUES ${sql.join(part)}) AS v(${sql.join(cols.map((c) => sql.ident(c)))})
      WHERE t.id = v.id`);
  }
  const entries = changed.map((c) => ({
    recordId: c.id,
    changes: diff(
      c.before,
      c.after,
      c.keys.filter((k) => !obj.fields.get(k)?.sensitive),
    ),
  }));
  for (const part of chunks(entries, 3)) await auditMany(ctx, 'update', obj.name, part, changeLinks(ctx, obj));
  return changed.map((c) => c.id);
}

/**
 * The domain events of a written batch: one `<object>.created` or `<object>.updated` event per
 * record, as the API's writes emit them (a workflow on "deal created" sees imported deals too),
 * in one statement; and one notification for the batch (`<object>.imported`, its ids in the
 * payload), so that live lists refetch once rather than once per row.
 */
export async function emitBatchEvent(
  ctx: Pick<Ctx, 'db' | 'principal' | 'now'>,
  obj: ResolvedObject,
  payload: { created: string[]; updated: string[] } & Record<string, unknown>,
): Promise<void> {
  if (!payload.created.length && !payload.updated.length) return;
  const { created, updated, ...rest } = payload;
  const records = [...created.map((id) => ['created', id]), ...updated.map((id) => ['updated', id])];
  for (const part of chunks(records, 2)) {
    await ctx.db.query(sql`
      INSERT INTO events (id, at, type, object_type, record_id, actor_id, payload)
      SELECT u.id::uuid, ${ctx.now()}, ${`${obj.name}.`} || u.kind, ${obj.name}, u.record_id::uuid,
             ${ctx.principal.userId}::uuid, ${JSON.stringify(rest)}::jsonb
      FROM ROWS FROM (${textColumn(newIds(part.length))}, ${textColumn(part.map((r) => r[0]))},
                      ${textColumn(part.map((r) => r[1]))}) AS u(id, kind, record_id)`);
  }
  await notifyEvent(ctx, { type: `${obj.name}.imported`, objectType: obj.name, payload });
}
