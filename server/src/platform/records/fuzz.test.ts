// Random bodies and query strings at every registry route: the answer is never a 5xx.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let ids: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp();
  const co = await t.admin.request('POST', '/api/v1/companies', { name: 'Fuzz Co' });
  const ct = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Fuzz' });
  ids = { companies: co.body.id, contacts: ct.body.id };
});
afterAll(() => t.close());

const jsonValue = fc.jsonValue({ maxDepth: 3 });
const fieldish = fc.constantFrom(
  'firstName',
  'lastName',
  'email',
  'emails',
  'phones',
  'addresses',
  'companyId',
  'ownerId',
  'tags',
  'name',
  'annualRevenue',
  'employees',
  'birthday',
  'doNotContact',
  'lifecycleStage',
  'website',
  'id',
  '__proto__',
  'constructor',
);
const body = fc.oneof(
  fc.dictionary(fieldish, jsonValue, { maxKeys: 5 }),
  fc.dictionary(fc.string(), jsonValue, { maxKeys: 3 }),
  jsonValue,
);
const query = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'limit',
      'cursor',
      'sort',
      'q',
      'filter',
      'deleted',
      'tags',
      'ownerId',
      'employees',
      'lifecycleStage',
    ),
    fc.string({ maxLength: 10 }),
  ),
  fc.oneof(
    fc.string(),
    fc.integer().map(String),
    fc.jsonValue().map((v) => JSON.stringify(v)),
  ),
  { maxKeys: 4 },
);

it('never answers a 5xx to anything a client can send', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('contacts', 'companies'),
      fc.constantFrom('list', 'create', 'update', 'bulk', 'duplicates', 'get'),
      body,
      query,
      async (plural, route, payload, qs) => {
        const id = ids[plural];
        const search = new URLSearchParams(qs as Record<string, string>).toString();
        const [method, url] = {
          list: ['GET', `/api/v1/${plural}?${search}`],
          get: ['GET', `/api/v1/${plural}/${qs.q ?? id}`],
          create: ['POST', `/api/v1/${plural}?${search}`],
          update: ['PATCH', `/api/v1/${plural}/${id}`],
          bulk: ['POST', `/api/v1/${plural}/bulk`],
          duplicates: ['POST', `/api/v1/${plural}/duplicates`],
        }[route] as ['GET' | 'POST' | 'PATCH', string];
        const r = await t.admin.request(method, url, method === 'GET' ? undefined : payload);
        expect(r.status, `${method} ${url} ${JSON.stringify(payload)} → ${JSON.stringify(r.body)}`).toBeLessThan(500);
        if (r.status >= 400) expect(r.body.error.code).toMatch(/^[A-Z_]+$/);
      },
    ),
    {
      numRuns: 300,
      // Cases random runs found (or that an attacker tried); each once reached PostgreSQL as a 500.
      examples: [
        ['companies', 'list', {}, { employees: '-5e-324' }],
        ['companies', 'list', {}, { employees: '1e10' }],
        ['companies', 'list', {}, { q: 'a\u0000b' }],
        [
          'companies',
          'list',
          {},
          { filter: '{"op":"and","conditions":[{"field":"name","cmp":"eq","value":"\\u0000"}]}' },
        ],
        ['companies', 'list', {}, { filter: `${'{"op":"or","conditions":['.repeat(3000)}${']}'.repeat(3000)}` }],
        [
          'companies',
          'list',
          {},
          {
            sort: 'employees',
            cursor: 'eyJzIjoiZW1wbG95ZWVzIiwidiI6ImFiYyIsImlkIjoiMDE5MzAwMDAtMDAwMC03MDAwLTgwMDAtMDAwMDAwMDAwMDAwIn0',
          },
        ],
        ['contacts', 'create', { firstName: 'x\u0000' }, {}],
        ['contacts', 'create', { firstName: 'x\ud800' }, {}],
        ['contacts', 'update', { birthday: '2021-02-30' }, {}],
        [
          'companies',
          'bulk',
          { ids: ['00000000-0000-4000-8000-000000000000'], action: 'update', values: { employees: 5e-324 } },
          {},
        ],
        ['contacts', 'duplicates', { firstName: 'Nul\u0000' }, {}],
        ['contacts', 'duplicates', { firstName: 'Dup', email: 'dup@example.com', excludeId: 'x' }, {}],
      ],
    },
  );
});
