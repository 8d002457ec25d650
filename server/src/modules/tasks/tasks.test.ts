// Tasks: the completion time the server keeps, the record a task is about, and "my tasks" as the
// assignee's scope (the rest — validation, permissions, board, import — the registry-wide tests cover).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let stranger: { id: string; agent: Agent };
let contactId: string;

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Tasks A' });
  stranger = await createUser(t, { role: 'sales_rep', team: 'Tasks B' });
  const c = await t.admin.request('POST', '/api/v1/contacts', {
    firstName: 'Tess',
    lastName: 'Tasker',
    ownerId: rep.id,
  });
  contactId = c.body.id;
});
afterAll(() => t?.close());

describe('tasks', () => {
  it('keep when they were completed: set on Done, kept while done, cleared when reopened', async () => {
    const made = await rep.agent.request('POST', '/api/v1/tasks', {
      subject: 'Call Tess back',
      status: 'todo',
      priority: 'high',
      dueAt: '2026-12-03T09:00:00Z',
      about: { object: 'contact', id: contactId },
      assigneeId: rep.id,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({
      completedAt: null,
      about: { object: 'contact', id: contactId, title: 'Tess Tasker' },
    });

    const done = await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'done' });
    expect(done.body.completedAt).toEqual(expect.any(String));
    const edited = await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { priority: 'low' });
    expect(edited.body.completedAt).toBe(done.body.completedAt);
    const reopened = await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, { status: 'inProgress' });
    expect(reopened.body.completedAt).toBeNull();

    const forged = await rep.agent.request('PATCH', `/api/v1/tasks/${made.body.id}`, {
      completedAt: '2020-01-01T00:00:00Z',
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toContain('completedAt');
  });

  it("are the assignee's: another team's rep sees none of them, and they list under the record they are about", async () => {
    const mine = await rep.agent.request('GET', '/api/v1/tasks?status=inProgress');
    expect(mine.body.data.map((x: { subject: string }) => x.subject)).toEqual(['Call Tess back']);
    expect((await stranger.agent.request('GET', '/api/v1/tasks')).body.data).toEqual([]);
    const about = await rep.agent.request('GET', `/api/v1/tasks?about=contact:${contactId}`);
    expect(about.status, JSON.stringify(about.body)).toBe(200);
    expect(about.body.data).toHaveLength(1);
  });
});
