// Notifications: who is told (not the actor, not someone who may not read the record, not someone
// who turned the kind off), the centre's pages and unread count, marking read, preferences.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let manager: { id: string; agent: Agent };
let rep: { id: string; agent: Agent };
let otherTeam: { id: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp();
  manager = await createUser(t, { role: 'sales_manager', team: 'Notify A', name: 'Mona Manager' });
  rep = await createUser(t, { role: 'sales_rep', team: 'Notify A' });
  otherTeam = await createUser(t, { role: 'sales_rep', team: 'Notify B' });
});
afterAll(() => t?.close());

const task = (agent: Agent, body: Record<string, unknown>) =>
  agent.request('POST', '/api/v1/tasks', { status: 'todo', ...body });

describe('notifications', () => {
  it('tell an assignee of a task given to them, by someone else, once', async () => {
    const made = await task(manager.agent, { subject: 'Prepare the Q1 review', assigneeId: rep.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await task(rep.agent, { subject: 'My own note to self', assigneeId: rep.id });
    // Changing something else does not tell them again.
    await manager.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { priority: 'high' });

    const page = await rep.agent.request('GET', '/api/v1/notifications');
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    expect(page.body.unreadCount).toBe(1);
    expect(page.body.data).toEqual([
      expect.objectContaining({
        kind: 'assignment',
        title: 'Mona Manager assigned you a task: Prepare the Q1 review',
        record: { object: 'task', id: made.body.id },
        actor: { id: manager.id, name: 'Mona Manager' },
        readAt: null,
      }),
    ]);
    // Nobody else's centre holds it.
    expect((await manager.agent.request('GET', '/api/v1/notifications')).body.data).toEqual([]);
  });

  it('do not tell someone who may not read the record', async () => {
    // A task assigned across teams: the other team's rep cannot see it in team scope... unless it is theirs.
    const made = await task(manager.agent, { subject: 'Cross-team', assigneeId: otherTeam.id });
    expect(made.status).toBe(201);
    // Assigned to them, it is in their scope: they are told.
    expect((await otherTeam.agent.request('GET', '/api/v1/notifications')).body.unreadCount).toBe(1);
    // Reassigned to the rep, the other team no longer sees it and is not told again; the rep is.
    await manager.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { assigneeId: rep.id });
    expect((await otherTeam.agent.request('GET', '/api/v1/notifications')).body.unreadCount).toBe(1);
    expect((await rep.agent.request('GET', '/api/v1/notifications')).body.unreadCount).toBe(2);
  });

  it('page newest first by cursor, and mark read one by one or all at once', async () => {
    for (let i = 0; i < 3; i++) await task(manager.agent, { subject: `Paged ${i}`, assigneeId: rep.id });
    const first = await rep.agent.request('GET', '/api/v1/notifications?limit=2');
    expect(first.body.data.map((n: { title: string }) => n.title)).toEqual([
      'Mona Manager assigned you a task: Paged 2',
      'Mona Manager assigned you a task: Paged 1',
    ]);
    const second = await rep.agent.request('GET', `/api/v1/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data.map((n: { title: string }) => n.title)).toEqual([
      'Mona Manager assigned you a task: Paged 0',
      'Mona Manager assigned you a task: Cross-team',
    ]);
    expect(first.body.unreadCount).toBe(5);

    // Another person's ids change nothing of theirs; one's own are marked.
    const theirs = (await otherTeam.agent.request('GET', '/api/v1/notifications')).body.data[0].id;
    const one = await rep.agent.request('POST', '/api/v1/notifications/read', {
      ids: [first.body.data[0].id, theirs],
    });
    expect(one.body.unreadCount).toBe(4);
    expect((await otherTeam.agent.request('GET', '/api/v1/notifications')).body.unreadCount).toBe(1);
    const unread = await rep.agent.request('GET', '/api/v1/notifications?unread=true&limit=100');
    expect(unread.body.data).toHaveLength(4);
    expect((await rep.agent.request('POST', '/api/v1/notifications/read', { all: true })).body.unreadCount).toBe(0);
  });

  it('follow preferences: a kind turned off in the app and by email is not kept at all', async () => {
    const prefs = await rep.agent.request('GET', '/api/v1/notifications/preferences');
    expect(prefs.body).toMatchObject({ digest: 'daily', kinds: { assignment: { inApp: true, email: true } } });
    const changed = await rep.agent.request('PATCH', '/api/v1/notifications/preferences', {
      kinds: { assignment: { inApp: false, email: false } },
      digest: 'hourly',
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ digest: 'hourly', kinds: { assignment: { inApp: false, email: false } } });
    await task(manager.agent, { subject: 'Silent', assigneeId: rep.id });
    expect((await rep.agent.request('GET', '/api/v1/notifications')).body.unreadCount).toBe(0);
    const [row] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${rep.id}::uuid AND title LIKE '%Silent'`,
    );
    expect(row.n).toBe(0);
  });

  it('refuse bad input naming the field', async () => {
    const badCursor = await rep.agent.request('GET', '/api/v1/notifications?cursor=nonsense');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toContain('cursor');
    const badIds = await rep.agent.request('POST', '/api/v1/notifications/read', { ids: ['x'] });
    expect(badIds.status).toBe(400);
    const badKind = await rep.agent.request('PATCH', '/api/v1/notifications/preferences', {
      kinds: { gossip: { inApp: true, email: true } },
    });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body)).toContain('kinds');
  });
});
