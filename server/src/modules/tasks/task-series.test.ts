// Repeating tasks (the next one made when one is done, at the rule's next date in the assignee's
// zone, across DST) and reminders (the assignee told once, only while the task is open and still
// reminds at that time). Jobs are run by hand with a given `now`: no waiting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { handedOn, runTaskReminder } from './task-series.ts';

let t: TestApp;
let rep: { id: string; email: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Series' });
  await t.db.query(sql`UPDATE users SET time_zone = 'Europe/Berlin' WHERE id = ${rep.id}::uuid`);
});
afterAll(() => t?.close());

const openTasks = async (subject: string) =>
  (await rep.agent.request('GET', `/api/v1/tasks?q=${encodeURIComponent(subject)}&sort=dueAt`)).body.data as Array<{
    id: string;
    status: string;
    dueAt: string;
    remindAt: string | null;
    recurrence: string | null;
  }>;

const ctxAt = (now: Date): Ctx =>
  ({
    db: t.db,
    principal: systemPrincipal,
    registry: t.registry,
    jobs: t.jobs,
    now: () => now,
    log: console,
  }) as unknown as Ctx;

describe('repeating tasks', () => {
  it('make the next one when one is done, at the same local time across the DST change', async () => {
    // Monday 23 March 2026, 09:00 in Berlin (CET, UTC+1); the clocks go forward on the 29th.
    const made = await rep.agent.request('POST', '/api/v1/tasks', {
      subject: 'Weekly pipeline update',
      status: 'todo',
      dueAt: '2026-03-23T08:00:00Z',
      remindAt: '2026-03-23T07:30:00Z',
      recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      assigneeId: rep.id,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const done = await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'done' });
    expect(done.status).toBe(200);
    const series = await openTasks('Weekly pipeline update');
    expect(series.map((x) => [x.status, x.dueAt, x.remindAt])).toEqual([
      ['done', '2026-03-23T08:00:00.000Z', '2026-03-23T07:30:00.000Z'],
      // 09:00 in Berlin is 07:00 UTC in summer time; the reminder keeps its half hour.
      ['todo', '2026-03-30T07:00:00.000Z', '2026-03-30T06:30:00.000Z'],
    ]);
    // The rule moved on to the new task: the done one, reopened and done again, makes no second.
    expect(series.map((x) => x.recurrence)).toEqual([null, 'FREQ=WEEKLY;BYDAY=MO']);
    await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'todo' });
    await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'done' });
    expect(await openTasks('Weekly pipeline update')).toHaveLength(2);
  });

  it('end with their rule, and refuse a rule that is not one or has no due date to repeat from', async () => {
    const made = await rep.agent.request('POST', '/api/v1/tasks', {
      subject: 'Twice only',
      dueAt: '2026-06-01T08:00:00Z',
      recurrence: 'FREQ=DAILY;COUNT=2',
      assigneeId: rep.id,
    });
    await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'done' });
    const second = (await openTasks('Twice only')).find((x) => x.status === 'todo');
    expect(second).toMatchObject({ dueAt: '2026-06-02T08:00:00.000Z', recurrence: 'FREQ=DAILY;COUNT=1' });
    // The last of two: done, it makes no third.
    await rep.agent.request('PATCH', `/api/v1/tasks/${second?.id}`, { status: 'done' });
    expect((await openTasks('Twice only')).map((x) => x.status)).toEqual(['done', 'done']);

    const bad = await rep.agent.request('POST', '/api/v1/tasks', {
      subject: 'Bad rule',
      dueAt: '2026-06-01T08:00:00Z',
      recurrence: 'FREQ=SOMETIMES',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('recurrence');
    const undated = await rep.agent.request('POST', '/api/v1/tasks', { subject: 'Undated', recurrence: 'FREQ=DAILY' });
    expect(undated.status).toBe(400);
    expect(undated.body.error.message).toMatch(/recurrence: .*due date/);
    expect(await openTasks('Undated')).toEqual([]);
  });
});

it('hand on a rule with one fewer to go, and none after the last', () => {
  expect(handedOn('FREQ=WEEKLY;BYDAY=MO')).toBe('FREQ=WEEKLY;BYDAY=MO');
  expect(handedOn('FREQ=DAILY;COUNT=3;INTERVAL=2')).toBe('FREQ=DAILY;COUNT=2;INTERVAL=2');
  expect(handedOn('RRULE:COUNT=2;FREQ=DAILY\nEXDATE:20260601T080000Z')).toBe(
    'RRULE:COUNT=1;FREQ=DAILY\nEXDATE:20260601T080000Z',
  );
  expect(handedOn('FREQ=DAILY;COUNT=1')).toBeNull();
});

describe('task reminders', () => {
  it('tell the assignee once, when due, only while open and still set to that time', async () => {
    const made = await rep.agent.request('POST', '/api/v1/tasks', {
      subject: 'Send the contract',
      dueAt: '2027-01-10T10:00:00Z',
      remindAt: '2027-01-10T09:00:00Z',
      assigneeId: rep.id,
    });
    expect(made.status).toBe(201);
    const job = { taskId: made.body.id, remindAt: '2027-01-10T09:00:00Z' };
    // Too early: a job that fires before its time says nothing.
    expect(await runTaskReminder(ctxAt(new Date('2027-01-10T08:00:00Z')), job)).toEqual([]);
    expect(await runTaskReminder(ctxAt(new Date('2027-01-10T09:00:05Z')), job)).toEqual([rep.id]);
    // Run twice (a retry): told once.
    expect(await runTaskReminder(ctxAt(new Date('2027-01-10T09:00:10Z')), job)).toEqual([]);
    const told = await rep.agent.request('GET', '/api/v1/notifications?kind=reminder');
    expect(told.body.data).toEqual([
      expect.objectContaining({ title: 'Reminder: Send the contract', record: { object: 'task', id: made.body.id } }),
    ]);
    // And by email at once, with a link; the digest will not mail it again.
    const mails = await t.db.query<{ subject: string; text_body: string }>(
      sql`SELECT subject, text_body FROM outbox WHERE to_address = ${rep.email} AND subject LIKE 'Reminder:%'`,
    );
    expect(mails).toEqual([
      { subject: 'Reminder: Send the contract', text_body: expect.stringContaining(`/tasks/${made.body.id}`) },
    ]);
    const [pending] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${rep.id}::uuid AND kind = 'reminder' AND emailed_at IS NULL`,
    );
    expect(pending.n).toBe(0);

    // Moved to later: the old job is stale; done: nothing at all.
    await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { remindAt: '2027-01-10T09:30:00Z' });
    expect(await runTaskReminder(ctxAt(new Date('2027-01-10T09:31:00Z')), job)).toEqual([]);
    await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'done' });
    expect(
      await runTaskReminder(ctxAt(new Date('2027-01-10T09:31:00Z')), { ...job, remindAt: '2027-01-10T09:30:00Z' }),
    ).toEqual([]);
  });
});
