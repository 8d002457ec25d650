import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const createCompany = async (name: string, extra: Record<string, unknown> = {}) => {
  const r = await t.admin.request('POST', '/api/v1/companies', { name, ...extra });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
};

describe('records path', () => {
  it('creates, reads, updates, soft-deletes and restores a contact with its company', async () => {
    const company = await createCompany('Ünïcode Works', {
      domain: 'unicode.example',
      annualRevenue: { amount: 500000, currency: 'EUR' },
    });
    const created = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'Grace@Navy.example',
      companyId: company.id,
      tags: ['vip', 'vip', 'navy'],
      phones: [{ label: 'mobile', number: '+1 555 0100' }],
      lifecycleStage: 'lead',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Grace Hopper',
      email: 'grace@navy.example',
      tags: ['vip', 'navy'],
      company: { id: company.id, title: 'Ünïcode Works' },
    });
    expect(created.body.owner.id).toBe(t.admin.userId);

    const id = created.body.id;
    const updated = await t.admin.request('PATCH', `/api/v1/contacts/${id}`, {
      lifecycleStage: 'customer',
      jobTitle: 'Rear admiral',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ lifecycleStage: 'customer', jobTitle: 'Rear admiral', firstName: 'Grace' });

    const audit = await t.admin.request('GET', `/api/v1/contacts/${id}/audit`);
    expect(audit.body.data.map((a: { action: string }) => a.action)).toEqual(['update', 'create']);
    expect(audit.body.data[0].changes.lifecycleStage).toEqual({ before: 'lead', after: 'customer' });
    expect(audit.body.data[0].actor).toEqual({ id: t.admin.userId, title: 'Ada Admin' });

    expect((await t.admin.request('DELETE', `/api/v1/contacts/${id}`)).status).toBe(204);
    const listed = await t.admin.request('GET', '/api/v1/contacts?q=hopper');
    expect(listed.body.data).toHaveLength(0);
    const bin = await t.admin.request('GET', '/api/v1/contacts?deleted=true');
    expect(bin.body.data.map((r: { id: string }) => r.id)).toContain(id);
    const restored = await t.admin.request('POST', `/api/v1/contacts/${id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body.deletedAt).toBeNull();
    expect((await t.admin.request('GET', '/api/v1/contacts?q=hopper')).body.data).toHaveLength(1);
  });

  it('refuses bad input with a 400 naming each field, and writes nothing', async () => {
    const before = (await t.admin.request('GET', '/api/v1/companies?limit=500')).body.data.length;
    const r = await t.admin.request('POST', '/api/v1/companies', {
      name: 'X',
      employees: 'many',
      website: 'ftp://x',
      nope: true,
      annualRevenue: { amount: 1.5, currency: 'eur' },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID');
    expect(Object.keys(r.body.error.details.fields).sort()).toEqual([
      'annualRevenue.amount',
      'annualRevenue.currency',
      'employees',
      'nope',
      'website',
    ]);
    expect((await t.admin.request('GET', '/api/v1/companies?limit=500')).body.data.length).toBe(before);
    const noName = await t.admin.request('POST', '/api/v1/contacts', { jobTitle: 'Ghost' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.details.fields).toHaveProperty('firstName');
    const badRef = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'A',
      companyId: '01234567-89ab-7def-8123-456789abcdef',
    });
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.details.fields).toEqual({ companyId: 'does not exist' });
    // The references are checked together; the first bad one in field order is named, alone.
    const nobody = '01234567-89ab-7def-8123-456789abcdee';
    const twoBad = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'A',
      companyId: '01234567-89ab-7def-8123-456789abcdef',
      ownerId: nobody,
    });
    expect(twoBad.body.error.details.fields).toEqual({ companyId: 'does not exist' });
    const badOwner = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'A', ownerId: nobody });
    expect(badOwner.status).toBe(400);
    expect(badOwner.body.error.details.fields).toEqual({ ownerId: 'does not exist' });
  });

  it('pages through every row exactly once with keyset cursors, on a nullable sort both ways', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `Pager ${String(i).padStart(2, '0')}`);
    for (const [i, n] of names.entries())
      await createCompany(n, { tags: ['pager'], employees: i % 3 === 0 ? null : i % 5 });
    for (const sort of ['employees', '-employees', 'name', '-createdAt']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url = `/api/v1/companies?tags=pager&limit=4&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await t.admin.request('GET', url);
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        seen.push(...page.body.data.map((r: { name: string }) => r.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen.length, sort).toBe(23);
      expect(new Set(seen).size, sort).toBe(23);
      if (sort === 'name') expect(seen).toEqual(names);
    }
    const all = await t.admin.request('GET', '/api/v1/companies?tags=pager&limit=100&sort=employees');
    const employees = all.body.data.map((r: { employees: number | null }) => r.employees);
    const nonNull = employees.filter((e: number | null) => e !== null);
    expect(nonNull).toEqual([...nonNull].sort((a, b) => a - b));
    expect(employees.slice(nonNull.length).every((e: number | null) => e === null)).toBe(true);
  });

  it('refuses a cursor made for another sort, or a forged one', async () => {
    const page = await t.admin.request('GET', '/api/v1/companies?limit=1&sort=name');
    const wrongSort = await t.admin.request(
      'GET',
      `/api/v1/companies?limit=1&sort=-name&cursor=${page.body.nextCursor}`,
    );
    expect(wrongSort.status).toBe(400);
    expect(wrongSort.body.error.details.fields).toHaveProperty('cursor');
    expect((await t.admin.request('GET', '/api/v1/companies?cursor=bm9wZQ')).status).toBe(400);
  });

  it('filters with AND/OR groups on any field', async () => {
    await createCompany('Filter Alpha', { industry: 'Retail', country: 'France', employees: 10 });
    await createCompany('Filter Beta', { industry: 'Retail', country: 'Spain', employees: 500 });
    await createCompany('Filter Gamma', { industry: 'Banking', country: 'France', employees: 50 });
    const filter = {
      op: 'and',
      conditions: [
        { field: 'name', cmp: 'startsWith', value: 'Filter' },
        {
          op: 'or',
          conditions: [
            { field: 'country', cmp: 'eq', value: 'Spain' },
            { field: 'employees', cmp: 'lt', value: 20 },
          ],
        },
      ],
    };
    const r = await t.admin.request(
      'GET',
      `/api/v1/companies?sort=name&filter=${encodeURIComponent(JSON.stringify(filter))}`,
    );
    expect(r.body.data.map((c: { name: string }) => c.name)).toEqual(['Filter Alpha', 'Filter Beta']);
    const bad = await t.admin.request(
      'GET',
      `/api/v1/companies?filter=${encodeURIComponent(JSON.stringify({ op: 'and', conditions: [{ field: 'employees', cmp: 'contains', value: 'x' }] }))}`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('filter.conditions.0.cmp');
  });

  it('finds by full text with accents folded and by a misspelt name', async () => {
    await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Jürgen',
      lastName: 'Müller-Lüdenscheidt',
      email: 'jm@example.org',
    });
    const folded = await t.admin.request('GET', '/api/v1/contacts?q=muller');
    expect(folded.body.data.map((c: { title: string }) => c.title)).toContain('Jürgen Müller-Lüdenscheidt');
    const typo = await t.admin.request('GET', '/api/v1/search?q=Lüdensheidt');
    expect(typo.body.data[0]).toMatchObject({ object: 'contact', title: 'Jürgen Müller-Lüdenscheidt' });
    // The list falls back to similar names only when no word matches.
    const listTypo = await t.admin.request('GET', '/api/v1/contacts?q=Ludensheidt');
    expect(listTypo.body.data.map((c: { title: string }) => c.title)).toEqual(['Jürgen Müller-Lüdenscheidt']);
    expect((await t.admin.request('GET', '/api/v1/contacts?q=Qwxyzzq')).body.data).toEqual([]);
    // Domains and addresses are found whole, as typed.
    const byDomain = await t.admin.request('GET', '/api/v1/contacts?q=example.org');
    expect(byDomain.body.data.map((c: { title: string }) => c.title)).toContain('Jürgen Müller-Lüdenscheidt');
    expect((await t.admin.request('GET', '/api/v1/contacts?q=jm@example.org')).body.data).toHaveLength(1);
    expect(
      (await t.admin.request('GET', '/api/v1/companies?q=unicode.example')).body.data.map(
        (c: { name: string }) => c.name,
      ),
    ).toEqual(['Ünïcode Works']);
  });

  it('warns of duplicates: same email, or a similar name at the same company', async () => {
    const co = await createCompany('Dupe Holdings');
    await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Katherine',
      lastName: 'Johnson',
      email: 'kj@dupe.example',
      companyId: co.id,
    });
    const sameEmail = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Kat', email: 'KJ@dupe.example' });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.details.duplicates[0]).toMatchObject({
      title: 'Katherine Johnson',
      reason: 'same email',
    });
    const similar = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Katherine',
      lastName: 'Jonson',
      companyId: co.id,
    });
    expect(similar.status).toBe(409);
    expect(similar.body.error.details.duplicates[0].reason).toBe('similar name');
    const elsewhere = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Katherine', lastName: 'Jonson' });
    expect(elsewhere.status).toBe(201);
    const forced = await t.admin.request('POST', '/api/v1/contacts?allowDuplicate=true', {
      firstName: 'Kat',
      email: 'kj@dupe.example',
    });
    expect(forced.status).toBe(201);
  });

  it('bulk-updates all or nothing', async () => {
    const a = await createCompany('Bulk A');
    const b = await createCompany('Bulk B');
    const ok = await t.admin.request('POST', '/api/v1/companies/bulk', {
      ids: [a.id, b.id],
      action: 'update',
      values: { industry: 'Energy' },
    });
    expect(ok.body).toEqual({ updated: 2 });
    const missing = await t.admin.request('POST', '/api/v1/companies/bulk', {
      ids: [a.id, '01234567-89ab-7def-8123-456789abcdef'],
      action: 'delete',
    });
    expect(missing.status).toBe(404);
    expect((await t.admin.request('GET', `/api/v1/companies/${a.id}`)).body.deletedAt).toBeNull();
  });
});
