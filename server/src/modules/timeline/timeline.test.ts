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
