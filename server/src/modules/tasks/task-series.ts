// Repeating tasks and reminders. A task with a rule (RRULE, as events take it) makes its next one
// when it is done, and hands the rule on to it: the same task, due at the rule's next date after this one's due date in the
// assignee's time zone (so "every Monday at 9" stays at 9 across DST), its reminder as far before
// as this one's was. A reminder is a job at `remindAt` that tells the assignee once, if the task
// is still open and still reminds at that time.
import type { AppSettings } from '../../app.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { declareQueue } from '../../platform/jobs.ts';
import { appLink } from '../../platform/links.ts';
import { queueMail } from '../../platform/mail.ts';
import { type ModuleDeps, systemCtx } from '../../platform/module.ts';
import { notify } from '../../platform/notifications.ts';
import type { WriteChange } from '../../platform/records/hooks.ts';
import { insertRecord } from '../../platform/records/records.service.ts';
import { occurrencesBetween, parseRecurrence } from '../../platform/recurrence/recurrence.ts';

export const taskReminderQueue = 'task.reminder';
declareQueue(taskReminderQueue, { retryLimit: 10, retryDelay: 30, retryBackoff: true });

const openStatuses = new Set(['todo', 'inProgress', 'waiting', null, undefined]);

async function zoneOf(ctx: Ctx, userId: unknown): Promise<string> {
  if (typeof userId !== 'string') return 'UTC';
  const [u] = await ctx.db.query<{ time_zone: string }>(sql`SELECT time_zone FROM users WHERE id = ${userId}::uuid`);
  return u?.time_zone || 'UTC';
}

/**
 * The rule the next task takes: the same, with a COUNT one less (it counts the tasks left,
 * this one included); null when this was the last.
 */
export function handedOn(rule: string): string | null {
  let last = false;
  const out = rule.replace(/(^|[;:])COUNT=(\d+)/i, (_m, sep: string, n: string) => {
    last = Number(n) <= 1;
    return `${sep}COUNT=${Number(n) - 1}`;
  });
  return last ? null : out;
}

/** A rule must parse, and needs a due date to repeat from. */
export function validateSeries(change: WriteChange): void {
  const rule = change.after?.recurrence;
  if (typeof rule !== 'string' || !rule.trim()) return;
  parseRecurrence(rule, 'UTC');
  if (!change.after?.dueAt)
    throw invalid('recurrence: a repeating task needs a due date to repeat from', { recurrence: 'needs dueAt' });
}

/** The next task of a series, made in the same transaction as the completion of this one. */
export async function nextInSeries(ctx: Ctx, change: WriteChange): Promise<void> {
  const after = change.after;
  const justDone = after?.status === 'done' && change.before?.status !== 'done';
  if (!justDone || typeof after?.recurrence !== 'string' || !after.recurrence.trim() || !after.dueAt) return;
  const due = new Date(String(after.dueAt));
  const zone = await zoneOf(ctx, after.assigneeId);
  const [next] = occurrencesBetween(
    { startsAt: due, endsAt: due, allDay: false, timeZone: zone, recurrence: after.recurrence },
    new Date(due.getTime() + 1),
    new Date(due.getTime() + 400 * 86_400_000),
    1,
  );
  const rule = handedOn(after.recurrence);
  if (!next || rule === null) return; // the series has ended (UNTIL, or COUNT used up)
  const obj = ctx.registry.get('task');
  if (!obj) return;
  const remindBefore = after.remindAt ? due.getTime() - new Date(String(after.remindAt)).getTime() : null;
  const copy = ['subject', 'priority', 'about', 'description', 'assigneeId'];
  await insertRecord(
    ctx,
    obj,
    {
      ...Object.fromEntries(copy.map((k) => [k, after[k] ?? null])),
      status: 'todo',
      recurrence: rule,
      dueAt: next.start.toISOString(),
      remindAt: remindBefore === null ? null : new Date(next.start.getTime() - remindBefore).toISOString(),
    },
    { allowDuplicate: true },
  );
  // The rule moves on to the new task: this one, reopened and done again, makes no second one.
  await ctx.db.query(sql`UPDATE tasks SET recurrence = NULL WHERE id = ${change.id}::uuid`);
  await recordAudit(ctx, {
    action: 'update',
    objectType: 'task',
    recordId: change.id,
    changes: { recurrence: { before: after.recurrence, after: null } },
  });
}

/** Queues the reminder in the write's transaction when a task gets (another) reminder time. */
export async function scheduleTaskReminder(ctx: Ctx, change: WriteChange): Promise<void> {
  const at = change.after?.remindAt;
  if (typeof at !== 'string' || at === change.before?.remindAt || !openStatuses.has(change.after?.status as string))
    return;
  await ctx.jobs.send(
    taskReminderQueue,
    { taskId: change.id, remindAt: at },
    { startAfter: new Date(at), singletonKey: `${change.id}:${at}`, tx: ctx.db },
  );
}

interface ReminderJob {
  taskId: string;
  remindAt: string;
}

/**
 * Runs a reminder job at `now`; returns who was told (the assignee, once): in the app, and by
 * email at once unless they turned reminders off by email (a reminder in tomorrow's digest is late).
 */
export async function runTaskReminder(
  ctx: Ctx,
  job: ReminderJob,
  settings: Pick<AppSettings, 'publicUrl' | 'smtpUrl'> = { publicUrl: 'http://localhost' },
): Promise<string[]> {
  return ctx.db.transaction(async (tx) => {
    const c = { ...ctx, db: tx, principal: systemPrincipal };
    const [task] = await tx.query<{
      subject: string;
      status: string | null;
      due_at: Date | null;
      remind_at: Date | null;
      assignee_id: string | null;
    }>(sql`SELECT subject, status, due_at, remind_at, assignee_id FROM tasks
      WHERE id = ${job.taskId}::uuid AND deleted_at IS NULL`);
    // Gone, done, moved to another time, or not due yet (a stale job): nothing to say.
    if (!task?.assignee_id || !openStatuses.has(task.status)) return [];
    if (task.remind_at?.getTime() !== new Date(job.remindAt).getTime()) return [];
    if (task.remind_at.getTime() > ctx.now().getTime() + 60_000) return [];
    const record = { object: 'task', id: job.taskId };
    const [fresh] = await tx.query(sql`INSERT INTO task_reminders_sent (task_id, remind_at, sent_at)
      VALUES (${job.taskId}::uuid, ${task.remind_at}, ${ctx.now()}) ON CONFLICT DO NOTHING RETURNING 1 AS ok`);
    if (!fresh) return [];
    const title = `Reminder: ${task.subject}`;
    const body = task.due_at ? `Due ${task.due_at.toISOString().slice(0, 16).replace('T', ' ')} UTC` : null;
    const told = await notify(c, { kind: 'reminder', userIds: [task.assignee_id], title, body, record });
    const [to] = await tx.query<{ email: string; by_email: boolean }>(sql`
      SELECT u.email, coalesce((p.kinds->'reminder'->>'email')::boolean, true) AS by_email
      FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
      WHERE u.id = ${task.assignee_id}::uuid AND u.id = ANY(${told}::uuid[])`);
    if (to?.by_email) {
      const link = appLink(settings.publicUrl, `/tasks/${job.taskId}`);
      await queueMail(
        c,
        { to: to.email, subject: title, text: [title, body, link].filter(Boolean).join('\n') },
        settings,
      );
      // Mailed now: the digest leaves it out.
      await tx.query(sql`UPDATE notifications SET emailed_at = ${ctx.now()} WHERE user_id = ${task.assignee_id}::uuid
        AND kind = 'reminder' AND record_id = ${job.taskId}::uuid AND emailed_at IS NULL`);
    }
    return told;
  });
}

export async function taskReminderWorker(deps: ModuleDeps): Promise<void> {
  await deps.jobs.work<ReminderJob>(taskReminderQueue, async (data) => {
    await runTaskReminder(systemCtx(deps), data, deps.settings);
  });
}
