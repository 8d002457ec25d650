import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const filterUrl = (plural: string, conditions: unknown[], sort = '') =>
  `/api/v1/${plural}?filter=${encodeURIComponent(JSON.stringify({ op: 'and', conditions }))}${sort ? `&sort=${sort}` : ''}`;

describe('custom fields', () => {
  it('a new field appears at once in the API, validation, filters, sort, meta and OpenAPI', async () => {
    const tier = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'accountTier',
      label: 'Account tier',
      type: 'select',
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    });
    expect(tier.status, JSON.stringify(tier.body)).toBe(201);
    const score = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'npsScore',
      label: 'NPS score',
      type: 'number',
    });
    expect(score.status).toBe(201);
    const budget = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'company',
      name: 'budget',
      label: 'Budget',
      type: 'currency',
    });
    expect(budget.status).toBe(201);

    const a = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Cf',
      lastName: 'One',
      accountTier: 'gold',
      npsScore: 9,
    });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect(a.body).toMatchObject({ accountTier: 'gold', npsScore: 9 });
    await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Cf',
      lastName: 'Two',
      accountTier: 'silver',
      npsScore: 3,
    });
    await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Cf', lastName: 'Three', npsScore: 7 });

    const bad = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Cf', accountTier: 'platinum' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields.accountTier).toContain('gold');

    const gold = await t.admin.request(
      'GET',
      filterUrl('contacts', [{ field: 'accountTier', cmp: 'eq', value: 'gold' }]),
    );
    expect(gold.body.data.map((c: { title: string }) => c.title)).toEqual(['Cf One']);
    const sorted = await t.admin.request(
      'GET',
      `${filterUrl('contacts', [{ field: 'lastName', cmp: 'in', value: ['One', 'Two', 'Three'] }])}&sort=-npsScore`,
    );
    expect(sorted.body.data.map((c: { npsScore: number }) => c.npsScore)).toEqual([9, 7, 3]);

    const co = await t.admin.request('POST', '/api/v1/companies', {
      name: 'Budgeted',
      budget: { amount: 1250000, currency: 'USD' },
    });
    expect(co.body.budget).toEqual({ amount: 1250000, currency: 'USD' });

    const meta = (await t.admin.request('GET', '/api/v1/meta/objects')).body.data.find(
      (o: { name: string }) => o.name === 'contact',
    );
    expect(meta.fields.find((f: { name: string }) => f.name === 'accountTier')).toMatchObject({
      custom: true,
      type: 'select',
      label: 'Account tier',
    });
    // The OpenAPI document names custom fields to signed-in callers only.
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json', headers: { cookie: t.admin.cookie } })).json();
    expect(doc.components.schemas.ContactInput.properties.npsScore).toBeDefined();
    const anonymous = (await t.app.inject('/api/v1/openapi.json')).json();
    expect(anonymous.components.schemas.ContactInput.properties.npsScore).toBeUndefined();
  });

  it('renames and removes fields; the column and its data go', async () => {
    const f = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'company',
      name: 'partnerLevel',
      label: 'Partner',
      type: 'text',
    });
    const renamed = await t.admin.request('PATCH', `/api/v1/custom-fields/${f.body.id}`, { label: 'Partner level' });
    expect(renamed.body.label).toBe('Partner level');
    expect((await t.admin.request('DELETE', `/api/v1/custom-fields/${f.body.id}`)).status).toBe(204);
    const r = await t.admin.request('POST', '/api/v1/companies', { name: 'No Partner', partnerLevel: 'x' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields.partnerLevel).toBe('is not a field');
    const audit = await t.admin.request('GET', '/api/v1/audit?objectType=customField');
    expect(audit.body.data.map((a: { action: string }) => a.action)).toContain('customField.delete');
  });

  it("a field made again under a deleted one's name with another type reads back on every connection", async () => {
    // By-id reads are prepared statements (sql.prepared); the column keeps its name, so the
    // statement's name must follow the column's type, or connections that prepared the old one fail.
    const make = (type: string) =>
      t.admin.request('POST', '/api/v1/custom-fields', {
        objectType: 'company',
        name: 'tierScore',
        label: 'Tier',
        type,
      });
    const number = await make('number');
    const a = await t.admin.request('POST', '/api/v1/companies', { name: 'Scored', tierScore: 5 });
    const readAll = (id: string) =>
      Promise.all(Array.from({ length: 12 }, () => t.admin.request('GET', `/api/v1/companies/${id}`)));
    for (const r of await readAll(a.body.id)) expect(r.body.tierScore).toBe(5);
    expect((await t.admin.request('DELETE', `/api/v1/custom-fields/${number.body.id}`)).status).toBe(204);
    expect((await make('text')).status).toBe(201);
    const b = await t.admin.request('POST', '/api/v1/companies', { name: 'Worded', tierScore: 'high' });
    for (const r of await readAll(b.body.id)) expect([r.status, r.body.tierScore]).toEqual([200, 'high']);
    for (const r of await readAll(a.body.id)) expect([r.status, r.body.tierScore]).toEqual([200, null]);
  });

  it('refuses bad definitions and non-admins', async () => {
    const clash = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'email',
      label: 'E',
      type: 'text',
    });
    expect(clash.status).toBe(409);
    const badName = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'Drop Table',
      label: 'E',
      type: 'text',
    });
    expect(badName.status).toBe(400);
    expect(badName.body.error.details.fields).toHaveProperty('name');
    const noOptions = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'pick',
      label: 'Pick',
      type: 'select',
    });
    expect(noOptions.status).toBe(400);
    const rep = await createUser(t, { role: 'sales_manager' });
    expect(
      (
        await rep.agent.request('POST', '/api/v1/custom-fields', {
          objectType: 'contact',
          name: 'mine',
          label: 'Mine',
          type: 'text',
        })
      ).status,
    ).toBe(403);
  });
});
