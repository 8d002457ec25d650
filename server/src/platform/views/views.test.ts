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
