// The activity timeline of any record: notes now; later issues add calls, emails, tickets…
// as further kinds merged into the same newest-first stream.
import type { ApiRecord } from '@kith/common/api/records';
import type { ChangeItem, Note, TimelineItem } from '@kith/common/api/timeline';
import sanitizeHtml from 'sanitize-html';
import { uuidv7 } from 'uuidv7';
import { type Sql, sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notify } from '../../platform/notifications.ts';
import { assertCan, permissionFor } from '../../platform/permissions.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { columnTypes, type Row, toRecord } from '../../platform/records/record-mapper.ts';
import { type AuditRow, auditJson } from '../../platform/records/records.routes.ts';
import {
  assertCanSee,
  baseSelect,
  canSeeSql,
  getRecord,
  objectOf,
  readableWhere,
  readScope,
} from '../../platform/records/records.service.ts';
import { isUuid, linkColumns } from '../../platform/registry/fields.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { decodeTimeCursor, encodeTimeCursor, type TimeCursor } from '../../platform/time-cursor.ts';

/** What a note's HTML may hold: simple formatting and safe links, nothing that runs. */
/** The timeline's part in every object's write path: a merged record's notes move to the one kept. */
export const timelineHooks: ObjectHooks = {
  async merge(ctx, { keptId, mergedId }) {
    await ctx.db.query(sql`UPDATE notes SET record_id = ${keptId}::uuid WHERE record_id = ${mergedId}::uuid`);
    // Items carried onto the merged record (and the merged record's own links, were it an item)
    // follow it; a link both had already is kept once. Ids are unique across objects (UUID v7).
    await ctx.db.query(sql`WITH moved AS (
        DELETE FROM timeline_links WHERE record_id = ${mergedId}::uuid OR item_id = ${mergedId}::uuid RETURNING *)
      INSERT INTO timeline_links (object_type, record_id, item_kind, item_id, via_object, via_id, created_by, created_at)
      SELECT object_type, CASE WHEN record_id = ${mergedId}::uuid THEN ${keptId}::uuid ELSE record_id END, item_kind,
        CASE WHEN item_id = ${mergedId}::uuid THEN ${keptId}::uuid ELSE item_id END, via_object, via_id, created_by, created_at
      FROM moved ON CONFLICT DO NOTHING`);
  },
};

export function sanitizeNote(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'p',
      'br',
      'b',
      'strong',
      'i',
      'em',
      'u',
      's',
      'a',
      'ul',
      'ol',
      'li',
      'code',
      'pre',
      'blockquote',
      'span',
    ],
    allowedAttributes: { a: ['href', 'rel', 'target'], span: ['data-mention'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
      // A mention names a user by id; anything else in the attribute is dropped.
      span: (tagName, attribs) => {
        const id = attribs['data-mention'];
        return { tagName, attribs: isUuid(id) ? { 'data-mention': id.toLowerCase() } : ({} as Record<string, string>) };
      },
    },
  }).trim();
}

/** The users a note mentions (`<span data-mention="id">`), each once. */
export function mentionsOf(html: string): string[] {
  const ids = [...html.matchAll(/data-mention="([0-9a-f-]{36})"/g)].map((m) => m[1]);
  return [...new Set(ids)].filter(isUuid);
}

/** Mentioned users who may read the record are told (notify() leaves out those who may not). */
async function notifyMentions(ctx: Ctx, note: { objectType: string; recordId: string; body: string }, ids: string[]) {
  if (!ids.length) return;
  const obj = objectOf(ctx, note.objectType);
  const [record] = await ctx.db.query<{ title: string }>(
    sql`SELECT title FROM ${sql.ident(obj.table)} WHERE id = ${note.recordId}::uuid`,
  );
  const text = sanitizeHtml(note.body, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
  await notify(ctx, {
    kind: 'mention',
    userIds: ids,
    title: `${ctx.principal.name} mentioned you on ${record?.title || obj.label.toLowerCase()}`,
    body: text.length > 200 ? `${text.slice(0, 199)}…` : text,
    record: { object: note.objectType, id: note.recordId },
  });
}

interface NoteRow {
  id: string;
  object_type: string;
  record_id: string;
  body: string;
  author_id: string | null;
  author_name: string | null;
  created_at: Date;
  updated_at: Date;
}

const noteJson = (n: NoteRow): Note => ({
  kind: 'note',
  id: n.id,
  objectType: n.object_type,
  recordId: n.record_id,
  body: n.body,
  author: n.author_id ? { id: n.author_id, title: n.author_name } : null,
  createdAt: new Date(n.created_at).toISOString(),
  updatedAt: new Date(n.updated_at).toISOString(),
});

/**
 * The branches of a record's timeline: for each activity entry the reader may read, one per field
 * that can point at the record (a link to any record, a relation to its object), each read from
 * its (link, time, id) index newest first; and the record's notes. Every branch keeps to the
 * reader's scope on its own entry, so a rep sees their team's calls on a shared contact.
 */
function timelineBranches(
  ctx: Ctx,
  target: ResolvedObject,
  recordId: string,
  page: { kinds: Set<string> | null; after: TimeCursor | null; limit: number },
) {
  const { kinds, after, limit } = page;
  const keyset = (col: Sql) =>
    after ? sql`AND (${col}, t.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql.empty;
  const branches: Sql[] = [];
  for (const obj of ctx.registry.all()) {
    if (!obj.activity || (kinds && !kinds.has(obj.name))) continue;
    if (!permissionFor(ctx.principal, obj.name).read) continue;
    const at = obj.fields.get(obj.activity.at);
    if (!at) continue;
    const branch = (from: Sql, link: Sql, atCol = sql`t.${sql.ident(at.column)}`) =>
      sql`(SELECT ${obj.name}::text AS kind, t.id, ${atCol} AS at FROM ${from}
        WHERE ${link} AND ${readableWhere(ctx, obj)} ${keyset(atCol)} ORDER BY ${atCol} DESC, t.id DESC LIMIT ${limit})`;
    // Through a table of its own: a meeting on the timelines of the contacts attending it, newest
    // first from that table's copy of the time when it keeps one (its index then gives the order).
    for (const l of obj.activity.links ?? [])
      if (l.object === target.name)
        branches.push(
          branch(
            sql`${sql.ident(obj.table)} t JOIN ${sql.ident(l.table)} l ON l.${sql.ident(l.activityColumn)} = t.id`,
            sql`l.${sql.ident(l.column)} = ${recordId}::uuid`,
            l.atColumn ? sql`l.${sql.ident(l.atColumn)}` : undefined,
          ),
        );
    for (const f of obj.fields.values()) {
      let link: Sql | null = null;
      if (f.type === 'anyRecord' && ctx.registry.linkTargets(f).some((o) => o.name === target.name)) {
        const c = linkColumns(f);
        link = sql`t.${sql.ident(c.object)} = ${target.name} AND t.${sql.ident(c.id)} = ${recordId}::uuid`;
      } else if (f.type === 'relation' && f.relation === target.name)
        link = sql`t.${sql.ident(f.column)} = ${recordId}::uuid`;
      if (link) branches.push(branch(sql`${sql.ident(obj.table)} t`, link));
    }
    // Carried here from another record's timeline (a converted lead's history): the item keeps to
    // its own entry's scope, exactly as if it were linked by one of its fields.
    branches.push(
      branch(
        sql`timeline_links l JOIN ${sql.ident(obj.table)} t ON t.id = l.item_id`,
        sql`l.object_type = ${target.name} AND l.record_id = ${recordId}::uuid AND l.item_kind = ${obj.name}`,
      ),
    );
  }
  // Changes of records that send theirs here (an order's on its company), newest first from the
  // links' own copy of the entry's time; each shows to those who may read the record that changed.
  const via = kinds && !kinds.has('change') ? null : changedReadable(ctx, target);
  if (via)
    branches.push(sql`(SELECT 'change'::text AS kind, l.item_id AS id, l.created_at AS at FROM timeline_links l
      WHERE l.object_type = ${target.name} AND l.record_id = ${recordId}::uuid AND l.item_kind = 'change' AND ${via}
        ${after ? sql`AND (l.created_at, l.item_id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql.empty}
      ORDER BY l.created_at DESC, l.item_id DESC LIMIT ${limit})`);
  if (!kinds || kinds.has('note')) {
    branches.push(sql`(SELECT 'note'::text AS kind, t.id, t.created_at AS at FROM notes t
      WHERE t.object_type = ${target.name} AND t.record_id = ${recordId}::uuid AND t.deleted_at IS NULL ${keyset(sql`t.created_at`)}
      ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit})`);
    // A note carried here shows to those who may read the record it was written on, as it does there.
    const homes = noteHomeReadable(ctx);
    if (homes)
      branches.push(sql`(SELECT 'note'::text AS kind, t.id, t.created_at AS at FROM timeline_links l JOIN notes t ON t.id = l.item_id
        WHERE l.object_type = ${target.name} AND l.record_id = ${recordId}::uuid AND l.item_kind = 'note'
          AND t.deleted_at IS NULL AND ${homes} ${keyset(sql`t.created_at`)}
        ORDER BY t.created_at DESC, t.id DESC LIMIT ${limit})`);
  }
  return branches;
}

/**
 * Whether the reader may read the record a note (alias t) was written on, live or in the bin — as
 * the record's own timeline asks: one primary-key look-up within that object's read scope.
 */
function noteHomeReadable(ctx: Ctx): Sql | null {
  const whens: Sql[] = [];
  for (const obj of ctx.registry.all()) {
    const perm = permissionFor(ctx.principal, obj.name);
    if (!perm.read || obj.junction) continue;
    const scope = readScope(ctx, obj, perm, 'h');
    whens.push(sql`WHEN ${obj.name} THEN EXISTS (SELECT 1 FROM ${sql.ident(obj.table)} h
      WHERE h.id = t.record_id${scope ? sql` AND ${scope}` : sql.empty})`);
  }
  return whens.length ? sql`(CASE t.object_type ${sql.join(whens, ' ')} ELSE false END)` : null;
}

/** Whether an entry's field can point at records of the target object (a relation to it, a link to any record that may name it). */
function pointsAt(ctx: Ctx, obj: ResolvedObject, name: string, target: ResolvedObject): boolean {
  const f = obj.fields.get(name);
  if (f?.type === 'relation') return f.relation === target.name;
  return f?.type === 'anyRecord' && ctx.registry.linkTargets(f).some((o) => o.name === target.name);
}

/**
 * Whether the reader may read the record a change link (alias l) comes from, live or in the bin:
 * one primary-key look-up within that object's read scope, for each object whose changes can reach
 * the target's timeline. Null when none can, or the reader may read none of them.
 */
function changedReadable(ctx: Ctx, target: ResolvedObject): Sql | null {
  const whens: Sql[] = [];
  for (const obj of ctx.registry.all()) {
    if (!obj.timelineChanges?.some((name) => pointsAt(ctx, obj, name, target))) continue;
    const perm = permissionFor(ctx.principal, obj.name);
    if (!perm.read) continue;
    const scope = readScope(ctx, obj, perm, 'h');
    whens.push(sql`WHEN ${obj.name} THEN EXISTS (SELECT 1 FROM ${sql.ident(obj.table)} h
      WHERE h.id = l.via_id${scope ? sql` AND ${scope}` : sql.empty})`);
  }
  return whens.length ? sql`(CASE l.via_object ${sql.join(whens, ' ')} ELSE false END)` : null;
}

/** What a record's timeline holds by its items' own links: the items to carry on from it. */
function itemsOn(ctx: Ctx, source: ResolvedObject, recordId: string): Sql[] {
  const items: Sql[] = [];
  for (const obj of ctx.registry.all()) {
    if (!obj.activity) continue;
    for (const l of obj.activity.links ?? [])
      if (l.object === source.name)
        items.push(sql`SELECT ${obj.name}::text AS kind, t.id FROM ${sql.ident(obj.table)} t
          JOIN ${sql.ident(l.table)} l ON l.${sql.ident(l.activityColumn)} = t.id
          WHERE l.${sql.ident(l.column)} = ${recordId}::uuid AND t.deleted_at IS NULL`);
    for (const f of obj.fields.values()) {
      let link: Sql | null = null;
      if (f.type === 'anyRecord' && ctx.registry.linkTargets(f).some((o) => o.name === source.name)) {
        const c = linkColumns(f);
        link = sql`t.${sql.ident(c.object)} = ${source.name} AND t.${sql.ident(c.id)} = ${recordId}::uuid`;
      } else if (f.type === 'relation' && f.relation === source.name)
        link = sql`t.${sql.ident(f.column)} = ${recordId}::uuid`;
      if (link)
        items.push(sql`SELECT ${obj.name}::text AS kind, t.id FROM ${sql.ident(obj.table)} t
          WHERE ${link} AND t.deleted_at IS NULL`);
    }
  }
  items.push(sql`SELECT 'note'::text AS kind, t.id FROM notes t
    WHERE t.object_type = ${source.name} AND t.record_id = ${recordId}::uuid AND t.deleted_at IS NULL`);
  // What was carried onto it before travels on too.
  items.push(sql`SELECT l.item_kind AS kind, l.item_id AS id FROM timeline_links l
    WHERE l.object_type = ${source.name} AND l.record_id = ${recordId}::uuid`);
  return items;
}

/**
 * Carries a record's timeline on to other records (a converted lead's to its contact, company and
 * deal): every live item on it — activities by any of their links, notes, items carried to it
 * before — is linked to each target as well, in the caller's transaction, in one statement
 * whatever the number of items. The items keep their own links (the source's timeline keeps
 * them) and their own read rules. The caller checks that the principal may read the source and
 * the targets. Returns how many items were carried.
 */
export async function carryTimeline(
  ctx: Ctx,
  from: { object: string; id: string },
  to: Array<{ object: string; id: string }>,
): Promise<number> {
  const source = objectOf(ctx, from.object);
  if (!to.length) return 0;
  const [row] = await ctx.db.query<{ items: number }>(sql`
    WITH items AS (${sql.join(itemsOn(ctx, source, from.id), ' UNION ')}),
    linked AS (
      INSERT INTO timeline_links (object_type, record_id, item_kind, item_id, via_object, via_id, created_by, created_at)
      SELECT r.object_type, r.record_id, i.kind, i.id, ${source.name}, ${from.id}::uuid, ${ctx.principal.userId}::uuid, ${ctx.now()}
      FROM items i CROSS JOIN unnest(${to.map((t) => t.object)}::text[], ${to.map((t) => t.id)}::uuid[]) AS r(object_type, record_id)
      ON CONFLICT DO NOTHING)
    SELECT count(*)::int AS items FROM items`);
  return row?.items ?? 0;
}

/**
 * Shows one item (an email sent from a quote) on more records' timelines than its own fields link
 * it to (the quote's deal and company), in the caller's transaction. The item keeps its own read rule.
 */
export async function linkToTimelines(
  ctx: Ctx,
  item: { kind: string; id: string },
  to: Array<{ object: string; id: string }>,
  via?: { object: string; id: string },
): Promise<void> {
  if (!to.length) return;
  await ctx.db.query(sql`
    INSERT INTO timeline_links (object_type, record_id, item_kind, item_id, via_object, via_id, created_by, created_at)
    SELECT r.object_type, r.record_id, ${item.kind}, ${item.id}::uuid, ${via?.object ?? null}, ${via?.id ?? null}::uuid,
      ${ctx.principal.userId}::uuid, ${ctx.now()}
    FROM unnest(${to.map((t) => t.object)}::text[], ${to.map((t) => t.id)}::uuid[]) AS r(object_type, record_id)
    ON CONFLICT DO NOTHING`);
}

export async function timeline(
  ctx: Ctx,
  objectType: string,
  recordId: string,
  opts: { cursor?: string; limit: number; kinds?: string },
): Promise<{ data: TimelineItem[]; nextCursor: string | null }> {
  const { obj: target, seen } = canSeeSql(ctx, objectType, recordId);
  const after = opts.cursor ? decodeTimeCursor(opts.cursor) : null;
  const kinds = opts.kinds ? new Set(opts.kinds.split(',')) : null;
  const want = opts.limit + 1;
  const branches = timelineBranches(ctx, target, recordId, { kinds, after, limit: want });
  if (!branches.length) {
    await assertCanSee(ctx, objectType, recordId);
    return { data: [], nextCursor: null };
  }
  // UNION, not UNION ALL: an activity linked to the record twice (its contact and its subject) shows once.
  // The record's own visibility rides along (one statement, not two); an empty page asks again,
  // to tell a record with nothing yet from one the reader may not see (404).
  // Prepared (decision 011): planning the union of a branch per link cost as much as running it,
  // and each branch's best plan is its index whatever the record, so a generic plan is no worse.
  const rows = await ctx.db.query<{ kind: string; id: string; at: Date }>(
    sql.prepared(
      sql`SELECT kind, id, at FROM (${sql.join(branches, ' UNION ')}) u WHERE ${seen}
        ORDER BY at DESC, id DESC LIMIT ${want}`,
      'timeline',
    ),
  );
  if (!rows.length) await assertCanSee(ctx, objectType, recordId);
  const page = rows.slice(0, opts.limit);
  const items = await loadItems(ctx, page);
  const last = page[page.length - 1];
  return {
    data: page.flatMap((r) => items.get(`${r.kind}:${r.id}`) ?? []),
    nextCursor: rows.length > opts.limit && last ? encodeTimeCursor({ at: last.at, id: last.id }) : null,
  };
}
const noteSelect = sql`SELECT n.*, u.name AS author_name FROM notes n LEFT JOIN users u ON u.id = n.author_id`;

/**
 * The page's items, one query per kind: notes as notes, activities as their entry's records (the
 * same JSON as GET /{plural}/{id}, relation titles within the reader's scope).
 */
async function loadItems(ctx: Ctx, page: Array<{ kind: string; id: string; at: Date }>) {
  const out = new Map<string, TimelineItem>();
  const byKind = new Map<string, string[]>();
  for (const r of page) byKind.set(r.kind, [...(byKind.get(r.kind) ?? []), r.id]);
  for (const [kind, ids] of byKind) {
    if (kind === 'change') {
      for (const c of await loadChanges(ctx, ids)) out.set(`change:${c.id}`, c);
      continue;
    }
    if (kind === 'note') {
      const notes = await ctx.db.query<NoteRow>(sql`${noteSelect} WHERE n.id = ANY(${ids}::uuid[])`);
      for (const n of notes) out.set(`note:${n.id}`, { ...noteJson(n), at: new Date(n.created_at).toISOString() });
      continue;
    }
    const obj = objectOf(ctx, kind);
    const at = obj.activity?.at ?? 'createdAt';
    // By ids, one parameter: the same text for every page of this kind, so prepared like loadRow.
    const records = await ctx.db.query<Row>(
      sql.prepared(
        sql`${baseSelect(ctx, obj)} WHERE t.id = ANY(${ids}::uuid[]) AND ${readableWhere(ctx, obj)}`,
        columnTypes(obj),
      ),
    );
    for (const row of records) {
      const record = toRecord(obj, row) as ApiRecord;
      out.set(`${kind}:${record.id}`, { kind, id: record.id, at: String(record[at]), record });
    }
  }
  return out;
}

/**
 * Changes as the records' History tabs show them (auditJson), with the changed record's object,
 * id and title, and the titles of the records its relation values name that the reader may read
 * (a deal's stage "Proposal → Won", not two ids). The branch has checked the changed records.
 */
async function loadChanges(ctx: Ctx, ids: string[]): Promise<ChangeItem[]> {
  const rows = await ctx.db.query<AuditRow & { object_type: string; record_id: string }>(sql`
    SELECT a.id, a.at, a.action, a.actor_id, a.actor_kind, a.changes, a.object_type, a.record_id, u.name AS actor_name
    FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE a.id = ANY(${ids}::uuid[])`);
  const wanted = new Map<string, Set<string>>();
  const want = (object: string, id: unknown) => {
    if (isUuid(id)) wanted.set(object, (wanted.get(object) ?? new Set()).add(id));
  };
  for (const r of rows) {
    const obj = ctx.registry.get(r.object_type);
    if (!obj) continue;
    want(obj.name, r.record_id);
    for (const [name, c] of Object.entries(r.changes ?? {})) {
      const f = obj.fields.get(name);
      if (f?.type !== 'relation' || !f.relation || !c || typeof c !== 'object') continue;
      const change = c as { before?: unknown; after?: unknown };
      want(f.relation, change.before);
      want(f.relation, change.after);
    }
  }
  // One statement for every object named (a branch each), each within the reader's scope.
  const parts: Sql[] = [];
  for (const [object, idSet] of wanted) {
    const obj = ctx.registry.get(object);
    if (!obj) continue;
    const perm = permissionFor(ctx.principal, obj.name);
    if (!perm.read) continue;
    const scope = readScope(ctx, obj, perm, 't');
    parts.push(sql`(SELECT t.id, t.title FROM ${sql.ident(obj.table)} t
      WHERE t.id = ANY(${[...idSet]}::uuid[])${scope ? sql` AND ${scope}` : sql.empty})`);
  }
  const found = parts.length
    ? await ctx.db.query<{ id: string; title: string | null }>(sql.join(parts, ' UNION ALL '))
    : [];
  const titles = new Map(found.flatMap((t) => (t.title ? [[t.id, t.title] as const] : [])));
  return rows.map((r) => {
    const refs: Record<string, string> = {};
    for (const c of Object.values(r.changes ?? {}))
      for (const v of c && typeof c === 'object'
        ? [(c as { before?: unknown }).before, (c as { after?: unknown }).after]
        : [])
        if (typeof v === 'string' && titles.has(v) && v !== r.record_id) refs[v] = titles.get(v) as string;
    return {
      ...auditJson({ ...r, ip: null }),
      kind: 'change' as const,
      objectType: r.object_type,
      recordId: r.record_id,
      recordTitle: titles.get(r.record_id) ?? null,
      titles: refs,
    };
  });
}

/** Adding to a record's timeline needs the right to update that record. */
async function assertCanWrite(ctx: Ctx, objectType: string, recordId: string) {
  const obj = objectOf(ctx, objectType);
  assertCan(ctx.principal, obj.name, 'update', obj.label);
  await getRecord(ctx, obj.name, recordId);
}

export async function addNote(ctx: Ctx, input: { objectType: string; recordId: string; body: string }): Promise<Note> {
  await assertCanWrite(ctx, input.objectType, input.recordId);
  const body = sanitizeNote(input.body);
  const id = uuidv7();
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const now = ctx.now();
    await tx.query(sql`INSERT INTO notes (id, object_type, record_id, body, author_id, created_at, updated_at)
      VALUES (${id}, ${input.objectType}, ${input.recordId}::uuid, ${body}, ${ctx.principal.userId}, ${now}, ${now})`);
    await recordAudit(c, {
      action: 'note.create',
      objectType: input.objectType,
      recordId: input.recordId,
      changes: { note: { before: null, after: body } },
    });
    await notifyMentions(c, { ...input, body }, mentionsOf(body));
    await emitEvent(c, {
      type: `${input.objectType}.noteAdded`,
      objectType: input.objectType,
      recordId: input.recordId,
      payload: { noteId: id },
    });
    const [row] = await tx.query<NoteRow>(
      sql`SELECT n.*, u.name AS author_name FROM notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.id = ${id}`,
    );
    return noteJson(row);
  });
}

async function loadNote(ctx: Ctx, id: string): Promise<NoteRow> {
  if (!isUuid(id)) throw notFound('Note');
  const [row] = await ctx.db.query<NoteRow>(
    sql`SELECT n.*, u.name AS author_name FROM notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.id = ${id}::uuid AND n.deleted_at IS NULL`,
  );
  if (!row) throw notFound('Note');
  await assertCanWrite(ctx, row.object_type, row.record_id);
  if (row.author_id !== ctx.principal.userId && !ctx.principal.role.isAdmin)
    throw forbidden('Only its author or an admin may change a note');
  return row;
}

export async function editNote(ctx: Ctx, id: string, bodyIn: string): Promise<Note> {
  const row = await loadNote(ctx, id);
  const body = sanitizeNote(bodyIn);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await tx.query(sql`UPDATE notes SET body = ${body}, updated_at = ${ctx.now()} WHERE id = ${id}::uuid`);
    await recordAudit(c, {
      action: 'note.update',
      objectType: row.object_type,
      recordId: row.record_id,
      changes: { note: { before: row.body, after: body } },
    });
    // Only those the edit newly mentions: the others were told when they were first mentioned.
    const before = new Set(mentionsOf(row.body));
    await notifyMentions(
      c,
      { objectType: row.object_type, recordId: row.record_id, body },
      mentionsOf(body).filter((id) => !before.has(id)),
    );
    await emitEvent(c, {
      type: `${row.object_type}.noteUpdated`,
      objectType: row.object_type,
      recordId: row.record_id,
      payload: { noteId: id },
    });
    return noteJson({ ...row, body, updated_at: ctx.now() });
  });
}

export async function deleteNote(ctx: Ctx, id: string) {
  const row = await loadNote(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await tx.query(sql`UPDATE notes SET deleted_at = ${ctx.now()} WHERE id = ${id}::uuid`);
    await recordAudit(c, {
      action: 'note.delete',
      objectType: row.object_type,
      recordId: row.record_id,
      changes: { note: { before: row.body, after: null } },
    });
    await emitEvent(c, {
      type: `${row.object_type}.noteDeleted`,
      objectType: row.object_type,
      recordId: row.record_id,
      payload: { noteId: id },
    });
  });
}
