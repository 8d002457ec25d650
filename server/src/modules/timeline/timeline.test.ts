import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { sanitizeNote } from './timeline.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('strips what could run from note HTML and keeps formatting', () => {
  expect(
    sanitizeNote('<p onclick="x()">Hi <b>there</b><script>alert(1)</script><a href="javascript:alert(1)">x</a></p>'),
  ).toBe('<p>Hi <b>there</b><a rel="noopener noreferrer nofollow" target="_blank">x</a></p>');
});

it('adds, edits and deletes notes on a record timeline, newest first, audited', async () => {
  const c = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Timeline' })).body;
  const first = await t.admin.request('POST', '/api/v1/notes', {
    objectType: 'contact',
    recordId: c.id,
    body: 'First call',
  });
  expect(first.status).toBe(201);
  await t.admin.request('POST', '/api/v1/notes', {
    objectType: 'contact',
    recordId: c.id,
    body: 'Second <img src=x onerror=alert(1)>call',
  });
  let tl = (await t.admin.request('GET', `/api/v1/contacts/${c.id}/timeline`)).body.data;
  expect(tl.map((n: { body: string }) => n.body)).toEqual(['Second call', 'First call']);
  expect(tl[0].author.title).toBe('Ada Admin');
  expect(
    (await t.admin.request('PATCH', `/api/v1/notes/${first.body.id}`, { body: 'First call (edited)' })).body.body,
  ).toBe('First call (edited)');
  expect((await t.admin.request('DELETE', `/api/v1/notes/${first.body.id}`)).status).toBe(204);
  tl = (await t.admin.request('GET', `/api/v1/contacts/${c.id}/timeline`)).body.data;
  expect(tl).toHaveLength(1);
  const audit = (await t.admin.request('GET', `/api/v1/contacts/${c.id}/audit`)).body.data.map(
    (a: { action: string }) => a.action,
  );
  expect(audit).toEqual(expect.arrayContaining(['note.create', 'note.update', 'note.delete']));
});

it('needs the right to update the record to add a note, and to see it to read the timeline', async () => {
  const c = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Guarded' })).body;
  const viewer = await createUser(t, { role: 'read_only' });
  expect((await viewer.agent.request('GET', `/api/v1/contacts/${c.id}/timeline`)).status).toBe(200);
  expect(
    (await viewer.agent.request('POST', '/api/v1/notes', { objectType: 'contact', recordId: c.id, body: 'x' })).status,
  ).toBe(403);
  const rep = await createUser(t, { role: 'sales_rep', team: 'Elsewhere' });
  expect((await rep.agent.request('GET', `/api/v1/contacts/${c.id}/timeline`)).status).toBe(404);
  expect(
    (await t.admin.request('POST', '/api/v1/notes', { objectType: 'contact', recordId: c.id, body: '   ' })).status,
  ).toBe(400);
});

it('tells the people a note mentions, once, and only those who may read the record', async () => {
  const c = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Mentioned', lastName: 'Record' })).body;
  const colleague = await createUser(t, { role: 'sales_manager', name: 'Carla Colleague' });
  // A rep of another team may not read this contact (it has no owner, outside their scope).
  const outsider = await createUser(t, { role: 'sales_rep', team: 'Outsiders' });
  const mention = (u: { id: string }, name: string) => `<span data-mention="${u.id}">@${name}</span>`;
  const note = await t.admin.request('POST', '/api/v1/notes', {
    objectType: 'contact',
    recordId: c.id,
    body: `<p>${mention(colleague, 'Carla')} and ${mention(outsider, 'Out')}: please call back. <span data-mention="x" onclick="y">odd</span></p>`,
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  // The mention survives sanitising; a span without a user id keeps no attributes.
  expect(note.body.body).toContain(`<span data-mention="${colleague.id}">@Carla</span>`);
  expect(note.body.body).toContain('<span>odd</span>');

  const told = await colleague.agent.request('GET', '/api/v1/notifications');
  expect(told.body.data).toEqual([
    expect.objectContaining({
      kind: 'mention',
      title: 'Ada Admin mentioned you on Mentioned Record',
      body: '@Carla and @Out: please call back. odd',
      record: { object: 'contact', id: c.id },
    }),
  ]);
  expect((await outsider.agent.request('GET', '/api/v1/notifications')).body.data).toEqual([]);

  // Editing the note does not tell Carla again; a newly mentioned person is told.
  const third = await createUser(t, { role: 'sales_manager', name: 'Theo Third' });
  await t.admin.request('PATCH', `/api/v1/notes/${note.body.id}`, {
    body: `<p>${mention(colleague, 'Carla')} ${mention(third, 'Theo')} updated</p>`,
  });
  expect((await colleague.agent.request('GET', '/api/v1/notifications')).body.data).toHaveLength(1);
  expect((await third.agent.request('GET', '/api/v1/notifications')).body.data).toHaveLength(1);
});
