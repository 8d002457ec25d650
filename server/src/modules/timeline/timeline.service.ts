// The activity timeline of any record: notes now; later issues add calls, emails, tickets…
// as further kinds merged into the same newest-first stream.
import type { Note, TimelineItem } from '@kith/common/api/timeline';
import sanitizeHtml from 'sanitize-html';
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { forbidden, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertCan } from '../../platform/permissions.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { getRecord, objectOf } from '../../platform/records/records.service.ts';
import { isUuid } from '../../platform/registry/fields.ts';

/** What a note's HTML may hold: simple formatting and safe links, nothing that runs. */
/** The timeline's part in every object's write path: a merged record's notes move to the one kept. */
export const timelineHooks: ObjectHooks = {
  async merge(ctx, { keptId, mergedId }) {
    await ctx.db.query(sql`UPDATE notes SET record_id = ${keptId}::uuid WHERE record_id = ${mergedId}::uuid`);
  },
};

export function sanitizeNote(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'a', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote'],
    allowedAttributes: { a: ['href', 'rel', 'target'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  }).trim();
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

export async function timeline(
  ctx: Ctx,
  objectType: string,
  recordId: string,
  opts: { before?: string; limit: number },
): Promise<TimelineItem[]> {
  await getRecord(ctx, objectType, recordId); // may this principal see the record at all?
  const rows = await ctx.db.query<NoteRow>(sql`
    SELECT n.*, u.name AS author_name FROM notes n LEFT JOIN users u ON u.id = n.author_id
    WHERE n.object_type = ${objectType} AND n.record_id = ${recordId}::uuid AND n.deleted_at IS NULL
      ${opts.before ? sql`AND n.created_at < ${opts.before}::timestamptz` : sql.empty}
    ORDER BY n.created_at DESC LIMIT ${opts.limit}`);
  return rows.map(noteJson);
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
