// Reminders: an event with `reminderMinutes` tells its organizer and the users who have not
// declined, in the app (kind 'reminder') and by email, that many minutes before each occurrence.
// A durable job (pg-boss) is sent with the write, in its transaction, for the next occurrence;
// when it runs it checks that the event still wants that reminder (a later change sent its own
// job), sends it once (event_reminders_sent), and queues the one after for a repeating event.
import { sql } from '../../db/sql.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { declareQueue } from '../../platform/jobs.ts';
import { queueMail } from '../../platform/mail.ts';
import { type ModuleDeps, systemCtx } from '../../platform/module.ts';
import type { WriteChange } from '../../platform/records/hooks.ts';
import { occurrencesBetween } from '../../platform/recurrence/recurrence.ts';
import { settingsOf } from './calendar-settings.ts';
import { type EventRow, eventRow, seriesOf } from './event-rows.ts';
import { notifyUsers, whenText } from './invitations.ts';

export const reminderQueue = 'calendar.reminder';
declareQueue(reminderQueue, { retryLimit: 10, retryDelay: 30, retryBackoff: true });

export interface ReminderJob {
  eventId: string;
  /** The occurrence's start this reminder is for (ISO). */
  occurrenceAt: string;
}

const horizon = 400 * 86_400_000;

/** The first occurrence whose reminder time is after `after`, or null. */
function nextOccurrence(e: EventRow, after: Date): Date | null {
  if (e.reminder_minutes === null || e.status === 'cancelled' || e.deleted_at) return null;
  const lead = e.reminder_minutes * 60_000;
  const series = seriesOf(e);
  const from = new Date(after.getTime() + lead);
  // Looked for from the later of now and the series' start, so a meeting years ahead has one too.
  const until = new Date(Math.max(from.getTime(), series.startsAt.getTime()) + horizon);
  const next = occurrencesBetween(series, from, until, 50).find((o) => o.start >= from);
  return next?.start ?? null;
}

async function queueNext(ctx: Pick<Ctx, 'db' | 'jobs'>, e: EventRow, after: Date): Promise<void> {
  const at = nextOccurrence(e, after);
  if (!at) return;
  const fireAt = new Date(at.getTime() - (e.reminder_minutes ?? 0) * 60_000);
  const data: ReminderJob = { eventId: e.id, occurrenceAt: at.toISOString() };
  await ctx.jobs.send(reminderQueue, data, {
    tx: ctx.db,
    startAfter: fireAt,
    singletonKey: `${e.id}:${data.occurrenceAt}`,
  });
}

/** The event hook: a change to the time, the rule or the reminder queues the next reminder. */
export async function scheduleReminder(ctx: Ctx, change: WriteChange): Promise<void> {
  if (!change.after || change.after.reminderMinutes === null || change.after.reminderMinutes === undefined) return;
  const relevant = ['startsAt', 'endsAt', 'recurrence', 'reminderMinutes', 'timeZone', 'status'];
  if (change.action === 'update' && !change.changed.some((k) => relevant.includes(k))) return;
  const e = await eventRow(ctx, change.id);
  if (e) await queueNext(ctx, e, ctx.now());
}

/**
 * Runs a reminder job at `now`: sends it if the event still has that occurrence with a reminder
 * due by now, once; then queues the next occurrence's. Returns who was told (for tests).
 */
export async function runReminder(ctx: Ctx, job: ReminderJob): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const c = { ...ctx, db: tx };
    const e = await eventRow(c, job.eventId);
    if (!e || e.deleted_at || e.status === 'cancelled' || e.reminder_minutes === null) return [];
    const at = new Date(job.occurrenceAt);
    const still = occurrencesBetween(seriesOf(e), at, new Date(at.getTime() + 1), 1).some(
      (o) => o.start.getTime() === at.getTime(),
    );
    // Moved, or not yet due (a job from before a change): the change queued its own.
    if (!still || at.getTime() - e.reminder_minutes * 60_000 > ctx.now().getTime() + 60_000) return [];
    const [fresh] = await tx.query(sql`INSERT INTO event_reminders_sent (event_id, occurrence_at, sent_at)
      VALUES (${e.id}::uuid, ${at}, ${ctx.now()}) ON CONFLICT DO NOTHING RETURNING 1 AS ok`);
    if (!fresh) return [];
    const people = await tx.query<{ id: string; email: string }>(sql`
      SELECT u.id, u.email FROM users u WHERE u.is_active AND (u.id = ${e.organizer_id}::uuid OR u.id IN (
        SELECT a.user_id FROM event_attendees a WHERE a.event_id = ${e.id}::uuid AND a.response <> 'declined'))`);
    const occurrence = {
      ...e,
      starts_at: at,
      ends_at: new Date(at.getTime() + (new Date(e.ends_at).getTime() - new Date(e.starts_at).getTime())),
    };
    const title = `Reminder: ${e.title} — ${whenText(occurrence)}`;
    const body = [e.location ? `Where: ${e.location}` : null, e.video_url ? `Video: ${e.video_url}` : null]
      .filter(Boolean)
      .join('\n');
    // The system reminds: notify() tells everyone but the actor, so the organizer is told too.
    await notifyUsers(
      { ...c, principal: systemPrincipal },
      people.map((p) => p.id),
      { title, body, eventId: e.id, kind: 'reminder' },
    );
    for (const p of people)
      await queueMail(c, { to: p.email, subject: title, text: `${title}\n${body}`.trim() }, settingsOf(ctx.registry));
    await queueNext(c, e, new Date(at.getTime() - e.reminder_minutes * 60_000 + 1000));
    return people.map((p) => p.id);
  });
}

export async function reminderWorker(deps: ModuleDeps): Promise<void> {
  await deps.jobs.work<ReminderJob>(reminderQueue, async (data) => {
    await runReminder(systemCtx(deps), data);
  });
}
