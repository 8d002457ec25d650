import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('merges two companies: gaps filled, lists united, contacts and notes moved, history kept', async () => {
  const a = (
    await t.admin.request('POST', '/api/v1/companies', { name: 'Initech', domain: 'initech.example', tags: ['a'] })
  ).body;
  const b = (
    await t.admin.request('POST', '/api/v1/companies', {
      name: 'Initech Inc.',
      industry: 'Software',
      tags: ['b'],
      city: 'Austin',
    })
  ).body;
  const c = (
    await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Peter', lastName: 'Gibbons', companyId: b.id })
  ).body;
  await t.admin.request('POST', '/api/v1/notes', {
    objectType: 'company',
    recordId: b.id,
    body: 'TPS reports overdue',
  });

  const merged = await t.admin.request('POST', '/api/v1/companies/merge', {
    primaryId: a.id,
    duplicateId: b.id,
    take: ['city'],
  });
  expect(merged.status, JSON.stringify(merged.body)).toBe(200);
  expect(merged.body).toMatchObject({
    name: 'Initech',
    domain: 'initech.example',
    industry: 'Software',
    city: 'Austin',
    tags: ['a', 'b'],
  });

  expect((await t.admin.request('GET', `/api/v1/contacts/${c.id}`)).body.company).toEqual({
    id: a.id,
    title: 'Initech',
  });
  const timeline = await t.admin.request('GET', `/api/v1/companies/${a.id}/timeline`);
  expect(timeline.body.data.map((n: { body: string }) => n.body)).toEqual(['TPS reports overdue']);
  expect((await t.admin.request('GET', `/api/v1/companies/${b.id}`)).body.deletedAt).not.toBeNull();

  const history = (await t.admin.request('GET', `/api/v1/companies/${a.id}/audit`)).body.data;
  expect(history.map((h: { action: string }) => h.action)).toEqual(
    expect.arrayContaining(['merge', 'create', 'update']),
  );
  expect(history.filter((h: { action: string }) => h.action === 'create')).toHaveLength(2); // both records' creation
});

it("keeps a contact's second email address", async () => {
  const a = (
    await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Milton', email: 'milton@initech.example' })
  ).body;
  const b = (
    await t.admin.request('POST', '/api/v1/contacts?allowDuplicate=true', {
      firstName: 'Milton',
      lastName: 'Waddams',
      email: 'stapler@example.com',
    })
  ).body;
  const merged = await t.admin.request('POST', '/api/v1/contacts/merge', { primaryId: a.id, duplicateId: b.id });
  expect(merged.body).toMatchObject({
    email: 'milton@initech.example',
    emails: ['stapler@example.com'],
    lastName: 'Waddams',
  });
});

it('refuses merging a record into itself or with unknown fields', async () => {
  const a = (await t.admin.request('POST', '/api/v1/companies', { name: 'Solo' })).body;
  expect(
    (await t.admin.request('POST', '/api/v1/companies/merge', { primaryId: a.id, duplicateId: a.id })).status,
  ).toBe(400);
  const b = (await t.admin.request('POST', '/api/v1/companies', { name: 'Duo' })).body;
  expect(
    (await t.admin.request('POST', '/api/v1/companies/merge', { primaryId: a.id, duplicateId: b.id, take: ['nope'] }))
      .status,
  ).toBe(400);
});
