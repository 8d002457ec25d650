// Live updates: a change committed by one client reaches another client's socket — and only
// clients allowed to read that object hear of it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ realtime: true });
});
afterAll(() => t.close());

async function listen(cookie: string) {
  const messages: Array<{ type: string; object?: string; id?: string; action?: string }> = [];
  const ws = await t.app.injectWS('/api/v1/realtime', { headers: { cookie } } as never, {
    onInit: (socket) => socket.on('message', (m: unknown) => messages.push(JSON.parse(String(m)))),
  });
  return { ws, messages };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a realtime message');
    await new Promise((r) => setTimeout(r, 20));
  }
};

it('tells other tabs which record changed, after commit', async () => {
  const tab = await listen(t.admin.cookie);
  const created = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Live' });
  await until(() => tab.messages.some((m) => m.id === created.body.id && m.action === 'created'));
  await t.admin.request('PATCH', `/api/v1/contacts/${created.body.id}`, { lastName: 'Wire' });
  await until(() => tab.messages.some((m) => m.id === created.body.id && m.action === 'updated'));
  expect(tab.messages.find((m) => m.action === 'updated')).toEqual({
    type: 'record.changed',
    object: 'contact',
    id: created.body.id,
    action: 'updated',
  });
  tab.ws.terminate();
});

it('says nothing of objects the listener may not read', async () => {
  const role = await t.admin.request('POST', '/api/v1/roles', {
    name: 'Companies only',
    description: '',
    permissions: { company: { create: false, read: true, update: false, delete: false, export: false, scope: 'all' } },
  });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  const outsider = await createUser(t, { role: role.body.key });
  const tab = await listen(outsider.agent.cookie);
  const contact = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Secret' });
  const company = await t.admin.request('POST', '/api/v1/companies', { name: 'Public Co' });
  await until(() => tab.messages.some((m) => m.id === company.body.id));
  expect(tab.messages.some((m) => m.id === contact.body.id)).toBe(false);
  tab.ws.terminate();
});

it('refuses sockets without a session', async () => {
  await expect(t.app.injectWS('/api/v1/realtime')).rejects.toThrow();
});
