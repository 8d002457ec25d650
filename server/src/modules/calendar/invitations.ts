// Invitations (iTIP over email, RFC 6047): each attendee with an address gets a message with the
// event as text/calendar — REQUEST when invited or when the event changes (its SEQUENCE raised by
// the write path), CANCEL when it is cancelled, deleted or they are taken off it. Users invited
// are told in the app too. Everything is queued in the write's transaction.
import type { Ctx } from '../../platform/context.ts';
import { queueMail } from '../../platform/mail.ts';
import { notify } from '../../platform/notifications.ts';
import type { WriteChange } from '../../platform/records/hooks.ts';
import { wallTime } from '../../platform/recurrence/time-zones.ts';
import { hostOf, settingsOf } from './calendar-settings.ts';
import { type AttendeeRow, attendeeRows, type EventRow, eventRow, toIcsEvent, userPerson } from './event-rows.ts';
import { itipMessage } from './ics.ts';
import { scheduleReminder } from './reminders.ts';

export type ItipMethod = 'REQUEST' | 'CANCEL';

/** "Mon 15 Mar 2027, 09:00–10:00 (Europe/Berlin)" */
export function whenText(e: Pick<EventRow, 'starts_at' | 'ends_at' | 'all_day' | 'time_zone'>): string {
  const s = wallTime(new Date(e.starts_at), e.time_zone);
  const en = wallTime(new Date(e.ends_at), e.time_zone);
  if (e.all_day) return `${s.toFormat('ccc d LLL yyyy')} (all day)`;
  return `${s.toFormat('ccc d LLL yyyy, HH:mm')}–${en.toFormat('HH:mm')} (${e.time_zone})`;
}

/**
 * Sends the event to `to` (attendee rows; every attendee when omitted). `update` marks a REQUEST
 * about a change rather than a first invitation (the subject says so).
 */
export async function sendItip(
  ctx: Ctx,
  eventId: string,
  method: ItipMethod,
  opts: { to?: AttendeeRow[]; update?: boolean } = {},
): Promise<void> {
  const e = await eventRow(ctx, eventId);
  if (!e) return;
  const attendees = await attendeeRows(ctx, eventId);
  const to = opts.to ?? attendees;
  if (!to.length) return;
  const organizer = await userPerson(ctx, e.organizer_id);
  const ics = itipMessage(method, toIcsEvent(e, organizer, attendees), hostOf(ctx.registry), ctx.now());
  const when = whenText(e);
  const verb = method === 'CANCEL' ? 'Cancelled' : opts.update ? 'Updated invitation' : 'Invitation';
  const subject = `${verb}: ${e.title} — ${when}`;
  const text = [
    `${organizer?.name ?? 'Someone'} ${method === 'CANCEL' ? 'cancelled' : opts.update ? 'changed' : 'invited you to'} ${e.title}.`,
    `When: ${when}`,
    e.location ? `Where: ${e.location}` : null,
    e.video_url ? `Video: ${e.video_url}` : null,
    e.description ? `\n${e.description}` : null,
    method === 'REQUEST' ? '\nThe attached invitation adds it to your calendar; answer from there or in Kith.' : null,
  ]
    .filter((l) => l !== null)
    .join('\n');
  const settings = settingsOf(ctx.registry);
  for (const a of to) {
    if (!a.email || (a.user_id && a.user_id === e.organizer_id)) continue;
    await queueMail(
      ctx,
      {
        to: a.email,
        subject,
        text,
        attachments: [
          {
            filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics',
            contentType: `text/calendar; method=${method}; charset=UTF-8`,
            content: ics,
          },
        ],
      },
      settings,
    );
  }
  const users = to.map((a) => a.user_id).filter((id): id is string => !!id);
  await notifyUsers(ctx, users, { title: subject, body: text, eventId });
}

/**
 * Tells users in the app. notify() tells only those who may read the record; someone invited
 * from another team may not, so they are told without the link (the invitation is theirs anyway).
 */
export async function notifyUsers(
  ctx: Ctx,
  userIds: string[],
  n: { title: string; body?: string; eventId: string; kind?: 'invitation' | 'reminder' },
): Promise<void> {
  if (!userIds.length) return;
  const kind = n.kind ?? 'invitation';
  const told = new Set(
    await notify(ctx, {
      kind,
      userIds,
      title: n.title,
      body: n.body ?? null,
      record: { object: 'event', id: n.eventId },
    }),
  );
  const rest = userIds.filter((id) => !told.has(id));
  if (rest.length) await notify(ctx, { kind, userIds: rest, title: n.title, body: n.body ?? null, record: null });
}

/** The event hook: changes attendees must hear of go out as updates; a cancel or delete as CANCEL. */
export async function afterEventWrite(ctx: Ctx, change: WriteChange): Promise<void> {
  await scheduleReminder(ctx, change);
  if (change.action === 'create') return;
  if (change.action === 'delete') return sendItip(ctx, change.id, 'CANCEL');
  if (change.action === 'restore') return sendItip(ctx, change.id, 'REQUEST', { update: true });
  const bumped = Number(change.after?.sequence ?? 0) > Number(change.before?.sequence ?? 0);
  if (!bumped) return;
  if (change.after?.status === 'cancelled' && change.before?.status !== 'cancelled')
    return sendItip(ctx, change.id, 'CANCEL');
  return sendItip(ctx, change.id, 'REQUEST', { update: true });
}
