import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('saves private and shared views; others see only the shared ones and cannot change them', async () => {
  const config = {
    columns: ['firstName', 'email', 'lifecycleStage'],
    sort: '-createdAt',
    filter: { op: 'and', conditions: [{ field: 'lifecycleStage', cmp: 'eq', value: 'lead' }] },
  };
  const mine = await t.admin.request('POST', '/api/v1/views', { objectType: 'contact', name: 'My leads', config });
  expect(mine.status, JSON.stringify(mine.body)).toBe(201);
  const shared = await t.admin.request('POST', '/api/v1/views', {
    objectType: 'contact',
    name: 'Team leads',
    shared: true,
    config,
  });
  const rep = await createUser(t, { role: 'sales_rep' });
  const seen = (await rep.agent.request('GET', '/api/v1/views?objectType=contact')).body.data;
  expect(seen.map((v: { name: string }) => v.name)).toEqual(['Team leads']);
  expect((await rep.agent.request('PATCH', `/api/v1/views/${shared.body.id}`, { name: 'Mine now' })).status).toBe(403);
  expect((await rep.agent.request('DELETE', `/api/v1/views/${mine.body.id}`)).status).toBe(404);
  expect((await t.admin.request('PATCH', `/api/v1/views/${mine.body.id}`, { name: 'Hot leads' })).body.name).toBe(
    'Hot leads',
  );
});

it('refuses views on unknown columns, sorts or filters', async () => {
  const bad = (config: unknown) =>
    t.admin.request('POST', '/api/v1/views', { objectType: 'contact', name: 'Bad', config });
  expect((await bad({ columns: ['nope'] })).status).toBe(400);
  expect((await bad({ columns: [], sort: 'phones' })).status).toBe(400);
  expect(
    (await bad({ columns: [], filter: { op: 'and', conditions: [{ field: 'x', cmp: 'eq', value: 1 }] } })).status,
  ).toBe(400);
});

it('an API key reads shared views only, and changes none — not even its maker’s', async () => {
  const config = { columns: ['name'], sort: 'name' };
  const priv = await t.admin.request('POST', '/api/v1/views', { objectType: 'company', name: 'Private', config });
  const shared = await t.admin.request('POST', '/api/v1/views', {
    objectType: 'company',
    name: 'Shared',
    shared: true,
    config: { columns: ['name'], sort: 'name' },
  });
  expect(priv.status, JSON.stringify(priv.body)).toBe(201);
  const { roleId } = await import('../auth/auth.service.ts');
  for (const role of ['read_only', 'admin']) {
    const key = (
      await t.admin.request('POST', '/api/v1/api-keys', { name: `Views ${role}`, roleId: await roleId(t.db, role) })
    ).body.key;
    const asKey = (method: 'GET' | 'PATCH' | 'DELETE' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });
    const seen = (await asKey('GET', '/api/v1/views?objectType=company')).json().data;
    expect(seen.map((v: { name: string }) => v.name)).toEqual(['Shared']);
    expect((await asKey('PATCH', `/api/v1/views/${priv.body.id}`, { name: 'Taken' })).statusCode).toBe(403);
    expect((await asKey('DELETE', `/api/v1/views/${priv.body.id}`)).statusCode).toBe(403);
    expect((await asKey('DELETE', `/api/v1/views/${shared.body.id}`)).statusCode).toBe(403);
    const made = await asKey('POST', '/api/v1/views', { objectType: 'company', name: 'Bot view', config });
    expect(made.statusCode).toBe(403);
  }
  const still = (await t.admin.request('GET', '/api/v1/views?objectType=company')).body.data;
  expect(still.map((v: { name: string }) => v.name).sort()).toEqual(['Private', 'Shared']);
});
