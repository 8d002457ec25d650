// Reminders without sleeping: the write queues a job for the next occurrence; its handler, run
// with a given now, tells the people in the app and by email, once, and queues the next one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { type ReminderJob, reminderQueue, runReminder } from './reminders.ts';

let t: TestApp;
let ann: { id: string; email: string; agent: Agent };
let ben: { id: string; email: string; agent: Agent };

const jobs = async () =>
  t.db.query<{ data: ReminderJob; start_after: Date }>(
    sql`SELECT data, start_after FROM pgboss.job WHERE name = ${reminderQueue} ORDER BY start_after`,
  );
const ctxAt = (now: string): Ctx =>
  ({
    db: t.db,
    principal: systemPrincipal,
    registry: t.registry,
    jobs: t.jobs,
    now: () => new Date(now),
    log: t.app.log,
  }) as unknown as Ctx;

beforeAll(async () => {
  t = await createTestApp();
  ann = await createUser(t, { role: 'sales_rep', team: 'Rem', name: 'Ann' });
  ben = await createUser(t, { role: 'sales_rep', team: 'Rem', name: 'Ben' });
});
afterAll(() => t?.close());

describe('reminders', () => {
  it('fire at the right time for each occurrence, in the app and by email, once', async () => {
    const b = await ann.agent.request('POST', '/api/v1/calendar/bookings', {
      event: {
        subject: 'Daily check-in',
        startsAt: '2030-03-29T07:00:00Z', // Friday 08:00 Berlin (CET: the change is on 31 March 2030)
        endsAt: '2030-03-29T07:15:00Z',
        timeZone: 'Europe/Berlin',
        recurrence: 'FREQ=DAILY;COUNT=3',
        reminderMinutes: 10,
      },
      attendees: [{ userId: ben.id }],
    });
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    const [first] = await jobs();
    expect(first?.data).toEqual({ eventId: b.body.event.id, occurrenceAt: '2030-03-29T07:00:00.000Z' });
    expect(new Date(first?.start_after as Date).toISOString()).toBe('2030-03-29T06:50:00.000Z');

    // Too early (a job from before a change would be): nothing.
    expect(await runReminder(ctxAt('2030-03-29T06:00:00Z'), first?.data as ReminderJob)).toEqual([]);
    const told = await runReminder(ctxAt('2030-03-29T06:50:00Z'), first?.data as ReminderJob);
    expect(told.sort()).toEqual([ann.id, ben.id].sort());
    expect(await runReminder(ctxAt('2030-03-29T06:51:00Z'), first?.data as ReminderJob)).toEqual([]);

    const n = await ben.agent.request('GET', '/api/v1/notifications');
    expect(n.body.data.filter((x: { kind: string }) => x.kind === 'reminder')).toMatchObject([
      { title: 'Reminder: Daily check-in — Fri 29 Mar 2030, 08:00–08:15 (Europe/Berlin)' },
    ]);
    const mail = await t.db.query(
      sql`SELECT 1 FROM outbox WHERE subject LIKE 'Reminder: Daily check-in%' AND to_address = ${ann.email}`,
    );
    expect(mail).toHaveLength(1);

    // The next occurrence's reminder is queued: Saturday, 08:00 local.
    const next = (await jobs()).map((j) => j.data.occurrenceAt);
    expect(next).toContain('2030-03-30T07:00:00.000Z');
  });

  it('do not fire for an occurrence the event no longer has', async () => {
    const e = await ann.agent.request('POST', '/api/v1/events', {
      subject: 'Moved later',
      startsAt: '2030-05-01T08:00:00Z',
      endsAt: '2030-05-01T09:00:00Z',
      timeZone: 'UTC',
      reminderMinutes: 30,
    });
    await ann.agent.request('PATCH', `/api/v1/events/${e.body.id}`, {
      startsAt: '2030-05-01T10:00:00Z',
      endsAt: '2030-05-01T11:00:00Z',
    });
    const stale = { eventId: e.body.id, occurrenceAt: '2030-05-01T08:00:00.000Z' };
    expect(await runReminder(ctxAt('2030-05-01T07:30:00Z'), stale)).toEqual([]);
    const fresh = { eventId: e.body.id, occurrenceAt: '2030-05-01T10:00:00.000Z' };
    expect(await runReminder(ctxAt('2030-05-01T09:30:00Z'), fresh)).toEqual([ann.id]);
  });
});
