// The email digest: one message per person with their unread notifications of the kinds they get
// by email, after a grace period, hourly or daily as chosen, never twice for one notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { digestGraceMs, sendDigests } from './digest.ts';

let t: TestApp;
let manager: { id: string; agent: Agent };
let rep: { id: string; email: string; agent: Agent };
const deps = () => ({
  db: t.db,
  jobs: t.jobs,
  registry: t.registry,
  settings: { publicUrl: 'https://crm.example.com' },
});
const outboxTo = (email: string) =>
  t.db.query<{ subject: string; text_body: string }>(
    sql`SELECT subject, text_body FROM outbox WHERE to_address = ${email} ORDER BY created_at`,
  );

beforeAll(async () => {
  t = await createTestApp();
  manager = await createUser(t, { role: 'sales_manager', team: 'Digest', name: 'Dana Digest' });
  rep = await createUser(t, { role: 'sales_rep', team: 'Digest' });
});
afterAll(() => t?.close());

describe('the notification digest', () => {
  it('mails unread notifications after the grace period, once, with links to the records', async () => {
    const task = await manager.agent.request('POST', '/api/v1/tasks', { subject: 'Digest me', assigneeId: rep.id });
    expect(task.status).toBe(201);
    const made = Date.now();
    // Too early: the person may still see it in the app.
    expect(await sendDigests(deps(), new Date(made + digestGraceMs / 2))).toEqual([]);
    expect(await sendDigests(deps(), new Date(made + digestGraceMs + 60_000))).toEqual([rep.id]);
    const [mail] = await outboxTo(rep.email);
    expect(mail.subject).toBe('Dana Digest assigned you a task: Digest me');
    expect(mail.text_body).toContain(`https://crm.example.com/tasks/${task.body.id}`);
    // Nothing new: no second mail, even a day later.
    expect(await sendDigests(deps(), new Date(made + 2 * 86_400_000))).toEqual([]);
    expect(await outboxTo(rep.email)).toHaveLength(1);
  });

  it('waits a day between daily digests, an hour between hourly ones, and leaves out read ones and kinds turned off', async () => {
    const base = Date.now() + 3 * 86_400_000;
    // Make the notifications' times and the last digest's explicit, relative to `base`.
    const at = (ms: number) => new Date(base + ms);
    await t.db.query(
      sql`UPDATE notification_preferences SET last_digest_at = ${at(-3600_000)} WHERE user_id = ${rep.id}::uuid`,
    );
    for (const subject of ['One', 'Two', 'Read already'])
      await manager.agent.request('POST', '/api/v1/tasks', { subject, assigneeId: rep.id });
    await t.db.query(
      sql`UPDATE notifications SET created_at = ${at(-30 * 60_000)} WHERE user_id = ${rep.id}::uuid AND emailed_at IS NULL`,
    );
    await t.db.query(
      sql`UPDATE notifications SET read_at = ${at(-60_000)} WHERE user_id = ${rep.id}::uuid AND title LIKE '%Read already'`,
    );
    // Daily (the default): an hour after the last one is too soon.
    expect(await sendDigests(deps(), at(0))).toEqual([]);
    await rep.agent.request('PATCH', '/api/v1/notifications/preferences', { digest: 'hourly' });
    expect(await sendDigests(deps(), at(0))).toEqual([rep.id]);
    const last = (await outboxTo(rep.email)).at(-1);
    expect(last?.subject).toBe('2 new notifications in Kith');
    expect(last?.text_body).toContain('assigned you a task: One');
    expect(last?.text_body).not.toContain('Read already');

    // Assignments turned off by email: still in the app, never mailed.
    await rep.agent.request('PATCH', '/api/v1/notifications/preferences', {
      kinds: { assignment: { inApp: true, email: false } },
    });
    await manager.agent.request('POST', '/api/v1/tasks', { subject: 'Quiet', assigneeId: rep.id });
    await t.db.query(sql`UPDATE notifications SET created_at = ${at(60 * 60_000)} WHERE title LIKE '%Quiet'`);
    expect(await sendDigests(deps(), at(3 * 3600_000))).toEqual([]);
    expect((await rep.agent.request('GET', '/api/v1/notifications?unread=true')).body.data[0].title).toContain('Quiet');

    // Never: nothing at all.
    await rep.agent.request('PATCH', '/api/v1/notifications/preferences', {
      digest: 'never',
      kinds: { assignment: { inApp: true, email: true } },
    });
    expect(await sendDigests(deps(), at(10 * 3600_000))).toEqual([]);
  });
});
