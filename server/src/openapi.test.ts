// The OpenAPI document, snapshotted: a change to any route's contract (a parameter, a body, an
// answer, a field of a registry object) shows in review as a diff of the files in __snapshots__/.
//
//   openapi.anonymous.json  the document a stranger gets (built-in fields only), whole
//   openapi.signed-in.json  what an admin's document has in place of the stranger's: the
//                           operations and schemas that differ (custom fields are the
//                           organisation's own, shown to signed-in callers only)
//
// When a change to the API is intended, update the snapshots and commit them with it:
//
//   npx vitest run server/src/openapi.test.ts -u
//
// and read the diff: it is what every API client will see. The document holds no dates, ids or
// ports (checked below), so it is the same on PGlite and PostgreSQL, and from run to run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/factories.ts';

type Json = Record<string, unknown>;
type Doc = Json & { paths: Record<string, Record<string, unknown>>; components: { schemas: Json } & Json };

let t: TestApp;
beforeAll(async () => {
  // The built-in objects only (no test-only entries: the snapshot is the product's API), with a
  // custom field of each shape an admin can make, on both sides of a relation.
  t = await createTestApp();
  const fields = [
    { objectType: 'contact', name: 'renewalDate', label: 'Renewal', type: 'date' },
    { objectType: 'contact', name: 'score', label: 'Score', type: 'number' },
    {
      objectType: 'contact',
      name: 'tier',
      label: 'Tier',
      type: 'select',
      options: [
        { value: 'gold', label: 'Gold' },
        { value: 'silver', label: 'Silver' },
      ],
    },
    { objectType: 'company', name: 'contractValue', label: 'Contract value', type: 'currency' },
    {
      objectType: 'company',
      name: 'mainContactId',
      label: 'Main contact',
      type: 'relation',
      relationObject: 'contact',
    },
  ];
  for (const f of fields) {
    const r = await t.admin.request('POST', '/api/v1/custom-fields', f);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  }
});
afterAll(() => t.close());

const pretty = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Nothing that changes from run to run: a date, an id, a port, a temporary directory. */
function expectStable(text: string) {
  expect(text).not.toMatch(/\b20\d\d-\d\d-\d\dT\d\d:\d\d/); // a moment (example dates such as 2026-03-01 are fine)
  expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/i); // a record's id (v7)
  expect(text).not.toMatch(/localhost|127\.0\.0\.1|:\d{4,5}\/|kith-test-|\/tmp\//);
}

/** The operations (path + method) and component schemas in which the signed-in document differs. */
function differences(anonymous: Doc, signedIn: Doc): Json {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const paths: Record<string, Json> = {};
  for (const [path, ops] of Object.entries(signedIn.paths))
    for (const [method, op] of Object.entries(ops))
      if (!same(op, anonymous.paths[path]?.[method])) paths[path] = { ...paths[path], [method]: op };
  const schemas: Json = {};
  for (const [name, schema] of Object.entries(signedIn.components.schemas))
    if (!same(schema, anonymous.components.schemas[name])) schemas[name] = schema;
  // Everything else is the same document: operations only the stranger has, other parts.
  for (const [path, ops] of Object.entries(anonymous.paths))
    for (const method of Object.keys(ops)) expect(signedIn.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  expect(Object.keys(signedIn.components.schemas).sort()).toEqual(Object.keys(anonymous.components.schemas).sort());
  const rest = (d: Doc) => ({ ...d, paths: undefined, components: { ...d.components, schemas: undefined } });
  expect(rest(signedIn)).toEqual(rest(anonymous));
  return { paths, components: { schemas } };
}

it('the document a stranger gets matches the snapshot', async () => {
  const r = await t.app.inject('/api/v1/openapi.json');
  expect(r.statusCode).toBe(200);
  const text = pretty(r.json());
  expectStable(text);
  expect(text).not.toContain('renewalDate'); // custom fields are not a stranger's business
  await expect(text).toMatchFileSnapshot('./__snapshots__/openapi.anonymous.json');
});

it("an admin's document (custom fields in) matches the snapshot", async () => {
  const anonymous = (await t.app.inject('/api/v1/openapi.json')).json() as Doc;
  const r = await t.admin.request('GET', '/api/v1/openapi.json');
  expect(r.status).toBe(200);
  const diff = differences(anonymous, r.body as Doc);
  const text = pretty(diff);
  expectStable(text);
  for (const name of ['renewalDate', 'score', 'tier', 'contractValue', 'mainContactId']) expect(text).toContain(name);
  await expect(text).toMatchFileSnapshot('./__snapshots__/openapi.signed-in.json');
});
