// Input that used to reach PostgreSQL and fail there as a 500: NUL characters, deep nesting,
// numbers and dates out of their column's range, forged cursors. Each is a 400 naming the field.
// The cases first found on contacts and companies stay as they were found; the last part tries
// each kind on every field of every registry object (the test-only gadget included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { makeRecord, writableFields } from '../../test/registry-samples.ts';
import { gadgetObject } from '../../test/test-objects.ts';
import type { ResolvedField, ResolvedObject } from '../registry/registry.ts';
import { encodeCursor } from './list-query.ts';

let t: TestApp;
let companyId: string;
beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject] });
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
});

describe('every registry object', () => {
  /** Per object: a body that made a record (its required relations made too). */
  const bodies = new Map<string, Record<string, unknown>>();
  beforeAll(async () => {
    for (const obj of t.registry.all()) {
      bodies.set(obj.name, (await makeRecord(t.admin, t.registry, obj, { n: 1, full: true })).body);
      await makeRecord(t.admin, t.registry, obj, { n: 2, full: true });
      await makeRecord(t.admin, t.registry, obj, { n: 3 }); // empty where it may be: nulls to sort and page
    }
  });
  const objects = () => t.registry.all();
  const fieldsOf = (obj: ResolvedObject, pick: (f: ResolvedField) => boolean) => [...obj.fields.values()].filter(pick);
  const textual = (f: ResolvedField) => ['text', 'longText', 'email', 'phone', 'url'].includes(f.type);
  /** Status and message of each request that is not a 400 naming `field`, for one assertion per test. */
  const wrong: string[] = [];
  async function expect400Each(what: string, r: Promise<{ status: number; body: Body400 }>, field: string) {
    const res = await r;
    const named =
      res.status === 400 &&
      res.body.error.message.includes(field) &&
      Object.keys(res.body.error.details?.fields ?? {}).includes(field);
    if (!named) wrong.push(`${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  const noneWrong = () => expect(wrong.splice(0)).toEqual([]);

  it('refuses NUL and half a surrogate pair in every text field, on create and update', async () => {
    for (const obj of objects()) {
      const id = (await makeRecord(t.admin, t.registry, obj, { n: 4 })).id;
      for (const f of writableFields(obj).filter(textual))
        for (const bad of ['A\u0000b', 'A\ud800b']) {
          const body = { ...bodies.get(obj.name), [f.name]: bad };
          await expect400Each(
            `POST ${obj.plural} ${f.name}`,
            t.admin.request('POST', `/api/v1/${obj.plural}`, body),
            f.name,
          );
          await expect400Each(
            `PATCH ${obj.plural} ${f.name}`,
            t.admin.request('PATCH', `/api/v1/${obj.plural}/${id}`, { [f.name]: bad }),
            f.name,
          );
        }
    }
    noneWrong();
  });

  it('refuses NUL in searches, equality parameters and filters on every filterable field', async () => {
    for (const obj of objects()) {
      const list = (qs: string) => t.admin.request('GET', `/api/v1/${obj.plural}?${qs}`);
      await expect400Each(`${obj.plural} q`, list('q=ab%00cd'), 'q');
      for (const f of fieldsOf(obj, (x) => x.filterable)) {
        await expect400Each(`${obj.plural} ${f.name}=`, list(`${f.name}=a%00`), f.name);
        if (textual(f) || f.type === 'select')
          await expect400Each(
            `${obj.plural} filter ${f.name}`,
            list(cond(f.name, 'eq', 'a\u0000')),
            'filter.conditions.0.value',
          );
      }
      const deep = `${'{"op":"and","conditions":['.repeat(5000)}{"field":"id","cmp":"eq","value":"x"}${']}'.repeat(5000)}`;
      await expect400Each(`${obj.plural} deep filter`, list(`filter=${encodeURIComponent(deep)}`), 'filter');
    }
    noneWrong();
  });

  it("refuses numbers and dates that the field's column cannot hold, in bodies and filters", async () => {
    for (const obj of objects()) {
      const id = (await makeRecord(t.admin, t.registry, obj, { n: 5 })).id;
      const patch = (field: string, v: unknown) =>
        t.admin.request('PATCH', `/api/v1/${obj.plural}/${id}`, { [field]: v });
      const list = (qs: string) => t.admin.request('GET', `/api/v1/${obj.plural}?${qs}`);
      for (const f of writableFields(obj)) {
        const at = `${obj.plural}.${f.name}`;
        if (f.sqlType === 'int')
          for (const v of [1.5, 2 ** 31, -5e-324]) await expect400Each(`${at} = ${v}`, patch(f.name, v), f.name);
        if (f.type === 'currency')
          await expect400Each(`${at} 2^60`, patch(f.name, { amount: 2 ** 60, currency: 'EUR' }), `${f.name}.amount`);
        if (f.type === 'date')
          for (const v of ['2021-02-30', '0000-01-01']) await expect400Each(`${at} = ${v}`, patch(f.name, v), f.name);
        if (f.type === 'datetime')
          for (const v of ['2021-02-30T10:00:00Z', '0000-01-01T00:00:00Z'])
            await expect400Each(`${at} = ${v}`, patch(f.name, v), f.name);
      }
      for (const f of fieldsOf(obj, (x) => x.filterable)) {
        const at = `${obj.plural}?${f.name}`;
        if (f.sqlType === 'int') {
          await expect400Each(`${at}=-5e-324`, list(`${f.name}=-5e-324`), f.name);
          await expect400Each(`${at} gt 1.5`, list(cond(f.name, 'gt', 1.5)), 'filter.conditions.0.value');
        }
        if (f.sqlType === 'bigint')
          await expect400Each(`${at} gte 2^60`, list(cond(f.name, 'gte', 2 ** 60)), 'filter.conditions.0.value');
        if (f.type === 'date' || f.type === 'datetime')
          for (const v of ['2021-02-30', '0000-01-01', 'March 7'])
            await expect400Each(`${at} gt ${v}`, list(cond(f.name, 'gt', v)), 'filter.conditions.0.value');
      }
    }
    noneWrong();
  });

  /** Sort values that do not cast to the sort column's type (a forged cursor's). */
  const forged: Record<string, string[]> = {
    int: ['abc', '99999999999'],
    bigint: ['abc', '1e30'],
    numeric: ['abc', '1e5'],
    date: ['2021-02-30', 'yesterday'],
    timestamptz: ['yesterday', '2021-02-30 10:00:00+00'],
    boolean: ['maybe'],
    uuid: ['x'],
  };
  const sorts = (obj: ResolvedObject) => ['title', ...fieldsOf(obj, (f) => f.sortable).map((f) => f.name)];

  it('refuses forged cursors whose value does not fit the sort column, for every sortable field', async () => {
    for (const obj of objects()) {
      const [any] = (await t.admin.request('GET', `/api/v1/${obj.plural}?limit=1`)).body.data;
      for (const name of sorts(obj)) {
        const sqlType = obj.fields.get(name)?.sqlType ?? 'text';
        for (const sort of [name, `-${name}`])
          for (const v of [...(forged[sqlType] ?? []), 'a\u0000']) {
            const cursor = encodeCursor({ s: sort, v, id: any.id });
            await expect400Each(
              `${obj.plural} sort=${sort} cursor ${JSON.stringify(v)}`,
              t.admin.request('GET', `/api/v1/${obj.plural}?sort=${sort}&cursor=${cursor}`),
              'cursor',
            );
          }
      }
    }
    noneWrong();
  });

  it('pages through every sort, both ways, with the cursors it hands out: each record once, empties too', async () => {
    const problems: string[] = [];
    for (const obj of objects()) {
      const all = (await t.admin.request('GET', `/api/v1/${obj.plural}?limit=500`)).body.data as Array<{ id: string }>;
      const want = all.map((r) => r.id).sort();
      for (const name of sorts(obj))
        for (const sort of [name, `-${name}`]) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const r = await t.admin.request(
              'GET',
              `/api/v1/${obj.plural}?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
            );
            if (r.status !== 200 || seen.length > want.length) {
              problems.push(`${obj.plural} sort=${sort} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
              break;
            }
            seen.push(...r.body.data.map((c: { id: string }) => c.id));
            cursor = r.body.nextCursor;
          } while (cursor);
          if (JSON.stringify([...seen].sort()) !== JSON.stringify(want))
            problems.push(
              `${obj.plural} sort=${sort}: paged ${seen.length} (${new Set(seen).size} distinct) of ${want.length}`,
            );
        }
    }
    expect(problems).toEqual([]);
  });
});

type Body400 = { error: { message: string; details?: { fields?: object } } };
