// Input that used to reach PostgreSQL and fail there as a 500: NUL characters, deep nesting,
// numbers and dates out of their column's range, forged cursors. Each is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { encodeCursor } from './list-query.ts';

let t: TestApp;
let companyId: string;
beforeAll(async () => {
  t = await createTestApp();
  const r = await t.admin.request('POST', '/api/v1/companies', { name: 'Range Co', employees: 12 });
  companyId = r.body.id;
  const f = await t.admin.request('POST', '/api/v1/custom-fields', {
    objectType: 'company',
    name: 'score',
    label: 'Score',
    type: 'number',
  });
  expect(f.status, JSON.stringify(f.body)).toBe(201);
  // A date field that filters (custom fields are indexed; the built-in birthday is not filterable).
  const d = await t.admin.request('POST', '/api/v1/custom-fields', {
    objectType: 'contact',
    name: 'renewalDate',
    label: 'Renewal',
    type: 'date',
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
});
afterAll(() => t.close());

const filter = (f: unknown) => `filter=${encodeURIComponent(JSON.stringify(f))}`;
const cond = (field: string, cmp: string, value: unknown) => filter({ op: 'and', conditions: [{ field, cmp, value }] });

function expect400(
  r: { status: number; body: { error: { message: string; details?: { fields?: object } } } },
  field: string,
) {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.message).toContain(field);
  expect(Object.keys(r.body.error.details?.fields ?? {})).toContain(field);
}

describe('NUL characters', () => {
  it('are refused in bodies, at any depth, naming the path', async () => {
    expect400(await t.admin.request('POST', '/api/v1/contacts', { firstName: 'A\u0000b' }), 'firstName');
    expect400(
      await t.admin.request('POST', '/api/v1/contacts', {
        firstName: 'Nul',
        phones: [{ label: 'work', number: '1\u0000' }],
      }),
      'phones.0.number',
    );
    expect400(await t.admin.request('PATCH', `/api/v1/companies/${companyId}`, { 'na\u0000me': 'x' }), 'na\u0000me');
    // Routes with their own zod schema get the same answer.
    expect400(
      await t.admin.request('POST', '/api/v1/custom-fields', {
        objectType: 'company',
        name: 'x',
        label: 'L\u0000',
        type: 'text',
      }),
      'label',
    );
  });

  it('and so is half a surrogate pair, which PostgreSQL json (the audit entry) cannot hold', async () => {
    expect400(await t.admin.request('POST', '/api/v1/contacts', { firstName: 'A\ud800b' }), 'firstName');
    expect400(await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Low', tags: ['\udc00'] }), 'tags.0');
    expect400(
      await t.admin.request('GET', `/api/v1/companies?${cond('name', 'eq', 'x\udbff')}`),
      'filter.conditions.0.value',
    );
    const whole = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Emoji 😀' });
    expect(whole.status, JSON.stringify(whole.body)).toBe(201);
    expect(whole.body.firstName).toBe('Emoji 😀');
  });

  it('are refused in searches, equality parameters and filters', async () => {
    expect400(await t.admin.request('GET', '/api/v1/companies?q=ab%00cd'), 'q');
    expect400(await t.admin.request('GET', '/api/v1/companies?city=a%00'), 'city');
    expect400(
      await t.admin.request('GET', `/api/v1/companies?${cond('name', 'eq', 'a\u0000')}`),
      'filter.conditions.0.value',
    );
    expect400(
      await t.admin.request('GET', `/api/v1/companies?${cond('name', 'in', ['ok', 'x\u0000'])}`),
      'filter.conditions.0.value.1',
    );
  });
});

describe('deep nesting', () => {
  it('refuses a filter nested thousands of levels deep', async () => {
    // Written out by hand: JSON.stringify itself recurses.
    const n = 5000;
    const deep = `${'{"op":"and","conditions":['.repeat(n)}{"field":"name","cmp":"eq","value":"x"}${']}'.repeat(n)}`;
    const r = await t.admin.request('GET', `/api/v1/companies?filter=${encodeURIComponent(deep)}`);
    expect400(r, 'filter');
    expect(r.body.error.message).toBe('filter: nested more than 5 levels deep');
  });

  it('refuses a body nested thousands of levels deep', async () => {
    const n = 10_000;
    const body = `{"name":"Deep","tags":${'['.repeat(n)}"x"${']'.repeat(n)}}`;
    const r = await t.admin.request('POST', '/api/v1/companies', body, { 'content-type': 'application/json' });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.message).toMatch(/^tags(\.0)+: is nested more than 32 levels deep$/);
  });
});

describe('numbers, dates and cursors out of their column range', () => {
  it('refuses number filters that do not fit the column (int, bigint)', async () => {
    expect400(await t.admin.request('GET', '/api/v1/companies?employees=-5e-324'), 'employees');
    expect400(await t.admin.request('GET', '/api/v1/companies?employees=3000000000'), 'employees');
    expect400(await t.admin.request('GET', '/api/v1/companies?employees='), 'employees');
    expect400(
      await t.admin.request('GET', `/api/v1/companies?${cond('employees', 'gt', 1.5)}`),
      'filter.conditions.0.value',
    );
    expect400(
      await t.admin.request('GET', `/api/v1/companies?${cond('employees', 'in', [1, 2 ** 40])}`),
      'filter.conditions.0.value[1]',
    );
    expect400(
      await t.admin.request('GET', `/api/v1/companies?${cond('annualRevenue', 'gte', 2 ** 60)}`),
      'filter.conditions.0.value',
    );
    const ok = await t.admin.request('GET', '/api/v1/companies?employees=12');
    expect(ok.status).toBe(200);
    expect(ok.body.data.map((c: { id: string }) => c.id)).toEqual([companyId]);
  });

  it('takes every finite double in a numeric column, denormals included', async () => {
    const r = await t.admin.request('PATCH', `/api/v1/companies/${companyId}`, { score: 5e-324 });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    for (const v of [-5e-324, 5e-324, 1.7976931348623157e308, 1e21]) {
      const l = await t.admin.request('GET', `/api/v1/companies?${cond('score', 'gte', v)}`);
      expect(l.status, `${v}: ${JSON.stringify(l.body)}`).toBe(200);
    }
    const l = await t.admin.request('GET', '/api/v1/companies?score=5e-324');
    expect(l.body.data.map((c: { id: string }) => c.id)).toEqual([companyId]);
  });

  it('refuses bodies whose numbers or dates the column cannot hold', async () => {
    expect400(await t.admin.request('PATCH', `/api/v1/companies/${companyId}`, { employees: -5e-324 }), 'employees');
    expect400(
      await t.admin.request('PATCH', `/api/v1/companies/${companyId}`, {
        annualRevenue: { amount: 2 ** 60, currency: 'EUR' },
      }),
      'annualRevenue.amount',
    );
    expect400(
      await t.admin.request('POST', '/api/v1/contacts', { firstName: 'D', birthday: '2021-02-30' }),
      'birthday',
    );
    expect400(
      await t.admin.request('POST', '/api/v1/contacts', { firstName: 'D', birthday: '0000-01-01' }),
      'birthday',
    );
  });

  it('refuses date filters PostgreSQL would not read', async () => {
    for (const v of ['2021-02-30', '0000-01-01', '1', 'March 7']) {
      expect400(
        await t.admin.request('GET', `/api/v1/contacts?${cond('renewalDate', 'gt', v)}`),
        'filter.conditions.0.value',
      );
      expect400(
        await t.admin.request('GET', `/api/v1/contacts?${cond('createdAt', 'gt', v)}`),
        'filter.conditions.0.value',
      );
    }
    for (const v of ['2021-02-28', '2021-02-28T10:00:00Z', '2021-02-28T10:00:00.123+02:00', '2021-02-28T10:00']) {
      const r = await t.admin.request('GET', `/api/v1/contacts?${cond('createdAt', 'gt', v)}`);
      expect(r.status, `${v}: ${JSON.stringify(r.body)}`).toBe(200);
    }
  });

  it('refuses an excludeId that is not a record id when checking duplicates', async () => {
    const body = { firstName: 'Dup', email: 'dup@example.com', excludeId: 'not-an-id' };
    expect400(await t.admin.request('POST', '/api/v1/contacts/duplicates', body), 'excludeId');
    const ok = await t.admin.request('POST', '/api/v1/contacts/duplicates', { ...body, excludeId: companyId });
    expect(ok.status).toBe(200);
  });

  it('refuses forged cursors whose value does not fit the sort column', async () => {
    const cases: Array<[string, string | null]> = [
      ['employees', 'abc'],
      ['employees', '99999999999'],
      ['-createdAt', 'yesterday'],
      ['-createdAt', '2021-02-30 10:00:00+00'],
      ['name', 'a\u0000'],
    ];
    for (const [sort, v] of cases) {
      const cursor = encodeCursor({ s: sort, v, id: companyId });
      expect400(await t.admin.request('GET', `/api/v1/companies?sort=${sort}&cursor=${cursor}`), 'cursor');
    }
  });

  it('still pages through every sort with the cursors it hands out', async () => {
    for (const name of ['Range B', 'Range C'])
      await t.admin.request('POST', '/api/v1/companies', { name, employees: 5 });
    for (const sort of ['employees', '-createdAt', 'name', '-annualRevenue']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const r = await t.admin.request(
          'GET',
          `/api/v1/companies?limit=1&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(r.status, `${sort}: ${JSON.stringify(r.body)}`).toBe(200);
        seen.push(...r.body.data.map((c: { id: string }) => c.id));
        cursor = r.body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(3);
    }
  });
});
