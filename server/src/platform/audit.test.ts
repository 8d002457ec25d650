import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
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

it('every write of a record leaves its audit entry and its event, written by one statement', async () => {
  const made = (await t.admin.request('POST', '/api/v1/companies', { name: 'Trail Co' })).body;
  await t.admin.request('PATCH', `/api/v1/companies/${made.id}`, { city: 'Lyon' });
  await t.admin.request('DELETE', `/api/v1/companies/${made.id}`);
  await t.admin.request('POST', `/api/v1/companies/${made.id}/restore`);
  const audit = await t.db.query<{ action: string; changes: Record<string, unknown> | null }>(
    sql`SELECT action, changes FROM audit_log WHERE record_id = ${made.id} ORDER BY id`,
  );
  expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete', 'restore']);
  expect(audit[1].changes).toEqual({ city: { before: null, after: 'Lyon' } });
  const events = await t.db.query<{ type: string; payload: Record<string, unknown> }>(
    sql`SELECT type, payload FROM events WHERE record_id = ${made.id}::uuid ORDER BY id`,
  );
  expect(events.map((e) => e.type)).toEqual([
    'company.created',
    'company.updated',
    'company.deleted',
    'company.restored',
  ]);
  expect(events[0].payload).toEqual({ title: 'Trail Co' });
  expect(events[1].payload).toEqual({ fields: ['city'] });
});
