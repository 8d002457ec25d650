// Who is invited to an event and what each answered. Attendees are written through the event
// (its update permission, in one transaction with audit and event); invited users answer for
// themselves. Contacts may be invited only by someone who may read them.
import type { Attendee, AttendeeInput, Booking, RespondInput } from '@kith/common/api/calendar';
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertCan } from '../../platform/permissions.ts';
import { createRecord, loadRow, objectOf, readableWhere } from '../../platform/records/records.service.ts';
import { type AttendeeRow, attendeeRows, eventRow } from './event-rows.ts';
import { notifyUsers, sendItip } from './invitations.ts';

const keyOf = (a: { userId?: string | null; contactId?: string | null }) =>
  a.userId ? `user:${a.userId}` : `contact:${a.contactId}`;

/** What a reader sees of the attendees: a contact they may not read has no name or address. */
async function attendeesFor(ctx: Ctx, eventId: string): Promise<Attendee[]> {
  const contact = ctx.registry.get('contact');
  const rows = await attendeeRows(ctx, eventId);
  const contactIds = rows.map((r) => r.contact_id).filter((id): id is string => !!id);
  const readable = new Set(
    contact && contactIds.length
      ? (
          await ctx.db.query<{ id: string }>(
            sql`SELECT t.id FROM contacts t WHERE t.id = ANY(${contactIds}::uuid[]) AND ${readableWhere(ctx, contact)}`,
          )
        ).map((r) => r.id)
      : [],
  );
  return rows.map((r) => {
    const hidden = !!r.contact_id && !readable.has(r.contact_id);
    return {
      id: r.id,
      kind: r.user_id ? 'user' : 'contact',
      userId: r.user_id,
      contactId: r.contact_id,
      name: hidden ? null : r.name,
      email: hidden ? null : r.email,
      response: r.response,
      respondedAt: r.responded_at ? new Date(r.responded_at).toISOString() : null,
    };
  });
}

/** Checks each new attendee: an active user, or a live contact the writer may read. Errors name the index. */
async function checkAttendees(ctx: Ctx, list: AttendeeInput[]): Promise<void> {
  const contact = objectOf(ctx, 'contact');
  for (const [i, a] of list.entries()) {
    const found =
      'userId' in a
        ? await ctx.db.query(sql`SELECT 1 FROM users WHERE id = ${a.userId}::uuid AND is_active`)
        : await ctx.db.query(
            sql`SELECT 1 FROM contacts t WHERE t.id = ${a.contactId}::uuid AND ${readableWhere(ctx, contact)}`,
          );
    if (!found.length) {
      const what = 'userId' in a ? 'userId: no such active user' : 'contactId: no such contact';
      throw invalid(`attendees.${i}.${what}`, { [`attendees.${i}`]: 'does not exist' });
    }
  }
}

/**
 * Replaces the attendees of an event the caller may update, inside ctx's transaction: the new ones
 * are invited, the ones taken off get a CANCEL, the rest keep their answers.
 */
export async function writeAttendees(ctx: Ctx, eventId: string, list: AttendeeInput[]): Promise<void> {
  const e = await eventRow(ctx, eventId);
  if (!e) throw notFound('Event');
  const wanted = new Map(list.map((a) => [keyOf(a as { userId?: string; contactId?: string }), a]));
  const before = await attendeeRows(ctx, eventId);
  const held = new Map(before.map((r) => [keyOf({ userId: r.user_id, contactId: r.contact_id }), r]));
  const added = [...wanted].filter(([k]) => !held.has(k)).map(([, a]) => a);
  const removed = before.filter((r) => !wanted.has(keyOf({ userId: r.user_id, contactId: r.contact_id })));
  if (!added.length && !removed.length) return;
  await checkAttendees(ctx, added);
  // Taken off: told before their row goes (the CANCEL names them).
  if (removed.length) await sendItip(ctx, eventId, 'CANCEL', { to: removed });
  if (removed.length)
    await ctx.db.query(sql`DELETE FROM event_attendees WHERE id = ANY(${removed.map((r) => r.id)}::uuid[])`);
  const addedIds: string[] = [];
  for (const a of added) {
    const id = uuidv7();
    addedIds.push(id);
    // The organizer attends their own meeting.
    const response = 'userId' in a && a.userId === e.organizer_id ? 'accepted' : 'needsAction';
    await ctx.db.query(sql`INSERT INTO event_attendees (id, event_id, user_id, contact_id, response)
      VALUES (${id}, ${eventId}::uuid, ${'userId' in a ? a.userId : null}::uuid, ${'contactId' in a ? a.contactId : null}::uuid, ${response})`);
  }
  const names = (rows: AttendeeRow[]) => rows.map((r) => keyOf({ userId: r.user_id, contactId: r.contact_id }));
  await recordAudit(ctx, {
    action: 'update',
    objectType: 'event',
    recordId: eventId,
    changes: { attendees: { before: names(before), after: [...wanted.keys()] } },
  });
  await emitEvent(ctx, {
    type: 'event.attendeesChanged',
    objectType: 'event',
    recordId: eventId,
    payload: { added: added.length, removed: removed.length },
  });
  if (addedIds.length) {
    const now = await attendeeRows(ctx, eventId);
    await sendItip(ctx, eventId, 'REQUEST', { to: now.filter((r) => addedIds.includes(r.id)) });
  }
}

export async function listAttendees(ctx: Ctx, eventId: string): Promise<Attendee[]> {
  await readableEvent(ctx, eventId);
  return attendeesFor(ctx, eventId);
}

/** The attendees of an event the caller may update, replaced in one transaction. */
export async function setAttendees(ctx: Ctx, eventId: string, list: AttendeeInput[]): Promise<Attendee[]> {
  const obj = objectOf(ctx, 'event');
  const perm = assertCan(ctx.principal, 'event', 'update', obj.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await loadRow(c, obj, perm, eventId, { lock: true });
    await writeAttendees(c, eventId, list);
    return attendeesFor(c, eventId);
  });
}

/** An event and its attendees, written together (the booking modal): nothing when anything is wrong. */
export async function book(
  ctx: Ctx,
  input: { event: Record<string, unknown>; attendees: AttendeeInput[] },
): Promise<Booking> {
  let attendees: Attendee[] = [];
  const event = await createRecord(ctx, 'event', input.event, {}, async (c, id) => {
    await writeAttendees(c, id, input.attendees);
    attendees = await attendeesFor(c, id);
  });
  return { event, attendees };
}

/** The event if the caller may read it or is invited to it; otherwise not found. */
async function readableEvent(ctx: Ctx, eventId: string) {
  const obj = objectOf(ctx, 'event');
  const [row] = await ctx.db.query<{ id: string }>(sql`SELECT t.id FROM calendar_events t WHERE t.id = ${eventId}::uuid
    AND t.deleted_at IS NULL AND (${readableWhere(ctx, obj)} OR EXISTS (SELECT 1 FROM event_attendees a
      WHERE a.event_id = t.id AND a.user_id = ${ctx.principal.userId}::uuid))`);
  if (!row) throw notFound('Event');
}

/** An invited user answers; the organizer is told. */
export async function respond(ctx: Ctx, eventId: string, input: RespondInput): Promise<Attendee[]> {
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const [mine] = await c.db.query<{ id: string; response: string }>(sql`SELECT a.id, a.response FROM event_attendees a
      JOIN calendar_events e ON e.id = a.event_id AND e.deleted_at IS NULL
      WHERE a.event_id = ${eventId}::uuid AND a.user_id = ${ctx.principal.userId}::uuid FOR UPDATE OF a`);
    if (!mine) throw notFound('Invitation');
    const e = await eventRow(c, eventId);
    if (!e) throw notFound('Event');
    if (mine.response !== input.response) {
      await c.db.query(
        sql`UPDATE event_attendees SET response = ${input.response}, responded_at = ${ctx.now()} WHERE id = ${mine.id}::uuid`,
      );
      await recordAudit(c, {
        action: 'respond',
        objectType: 'event',
        recordId: eventId,
        changes: { response: { before: mine.response, after: input.response } },
      });
      await emitEvent(c, {
        type: 'event.responded',
        objectType: 'event',
        recordId: eventId,
        payload: { response: input.response },
      });
      const verb = { accepted: 'accepted', declined: 'declined', tentative: 'tentatively accepted' }[input.response];
      if (e.organizer_id)
        await notifyUsers(c, [e.organizer_id], { title: `${ctx.principal.name} ${verb}: ${e.title}`, eventId });
    }
    return attendeesFor(c, eventId);
  });
}
