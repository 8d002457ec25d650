import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the admin log filters by object, action, person and time, and names each record', async () => {
  const manager = await createUser(t, { role: 'sales_manager', name: 'Mo Manager' });
  const c = (await manager.agent.request('POST', '/api/v1/contacts', { firstName: 'Audited', lastName: 'Person' }))
    .body;
  await manager.agent.request('PATCH', `/api/v1/contacts/${c.id}`, { jobTitle: 'CTO' });
  await t.admin.request('POST', '/api/v1/companies', { name: 'Noise Co' });

  const log = (q: string) =>
    t.admin.request('GET', `/api/v1/audit?${q}`).then((r) => r.body.data as Array<Record<string, unknown>>);
  const updates = await log(`objectType=contact&action=update&actorId=${manager.id}`);
  expect(updates).toHaveLength(1);
  expect(updates[0]).toMatchObject({
    action: 'update',
    recordId: c.id,
    recordTitle: 'Audited Person',
    actor: { id: manager.id, title: 'Mo Manager' },
    changes: { jobTitle: { before: null, after: 'CTO' } },
  });
  expect((await log('objectType=company')).map((e) => e.recordTitle)).toEqual(['Noise Co']);
  const future = new Date(Date.now() + 86_400_000).toISOString();
  expect(await log(`from=${encodeURIComponent(future)}`)).toEqual([]);
  expect((await t.admin.request('GET', '/api/v1/audit?from=yesterday')).status).toBe(400);
});

it('pages through the log with a cursor, newest first', async () => {
  for (let i = 0; i < 5; i++) await t.admin.request('POST', '/api/v1/companies', { name: `Paged ${i}` });
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { body: { data: Array<{ id: string; at: string }>; nextCursor: string | null } } =
      await t.admin.request('GET', `/api/v1/audit?objectType=company&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...page.body.data.map((e) => e.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBe(6);
});
