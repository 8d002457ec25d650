// The records routes answer without response schemas (a page of records goes out through
// JSON.stringify), so nothing but this test holds their answers to the contract in
// @kith/common/api/records and to the per-object schema OpenAPI publishes (recordSchema). For
// every registry object, the test-only gadget and a custom relation field included, real answers
// of every records route are parsed with them: an answer that holds a key the schema does not
// name, or lacks one it does, fails here.

import { objectMeta } from '@kith/common/api/meta';
import {
  apiRecord,
  bulkResult,
  duplicateConflictDetails,
  duplicateList,
  recordHistory,
  recordPage,
} from '@kith/common/api/records';
import { apiError, listOf } from '@kith/common/api/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { makeRecord } from '../../test/registry-samples.ts';
import { gadgetObject } from '../../test/test-objects.ts';
import { recordSchema } from '../http/openapi.ts';
import type { ResolvedObject } from '../registry/registry.ts';

/** Parsing drops what a schema does not name: an answer equal to its parse held nothing else. */
function holds(schema: z.ZodType, body: unknown, what: string) {
  const parsed = schema.safeParse(body);
  expect(parsed.error, `${what}: ${JSON.stringify(body).slice(0, 500)}`).toBeUndefined();
  expect(parsed.data, what).toEqual(body);
}

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject] });
  // A custom relation whose name does not end in Id: the record holds its id as mentor, its reference as mentorRef.
  const field = await t.admin.request('POST', '/api/v1/custom-fields', {
    objectType: 'contact',
    name: 'mentor',
    label: 'Mentor',
    type: 'relation',
    relationObject: 'contact',
  });
  expect(field.status, JSON.stringify(field.body)).toBe(201);
});
afterAll(() => t.close());

describe('the records routes answer with the shared contract', () => {
  it('GET /meta/objects: every object, as objectMeta names it', async () => {
    const r = await t.admin.request('GET', '/api/v1/meta/objects');
    expect(r.status).toBe(200);
    holds(listOf(objectMeta), r.body, 'meta');
    const plurals = r.body.data.map((o: { plural: string }) => o.plural);
    for (const obj of t.registry.all()) expect(plurals).toContain(obj.plural);
  });

  it('list, get, create, update, restore, merge, bulk, duplicates and history, for every object', async () => {
    let n = 0;
    for (const obj of t.registry.all() as ResolvedObject[]) {
      const one = recordSchema(obj);
      const base = `/api/v1/${obj.plural}`;
      const a = await makeRecord(t.admin, t.registry, obj, { n: ++n, full: true });
      // b is deleted in bulk: a multiple of 60 gives it the first option of a select with up to six
      // (hooks such as the test gadget's refuse to delete a record in a later stage, a won one).
      const b = await makeRecord(t.admin, t.registry, obj, { n: 60 * ++n, full: true });
      const answers: Array<[string, z.ZodType, { status: number; body: unknown }]> = [];
      const answer = async (
        what: string,
        schema: z.ZodType,
        method: 'GET' | 'POST' | 'PATCH',
        url: string,
        body?: unknown,
      ) => {
        answers.push([what, schema, await t.admin.request(method, url, body)]);
      };
      await answer('get', one, 'GET', `${base}/${a.id}`);
      await answer('update', one, 'PATCH', `${base}/${a.id}`, {});
      await answer('duplicates', duplicateList, 'POST', `${base}/duplicates`, { ...a.body, excludeId: a.id });
      await answer('history', recordHistory, 'GET', `${base}/${a.id}/audit`);
      await answer('bulk', bulkResult, 'POST', `${base}/bulk`, { ids: [b.id], action: 'delete' });
      await answer('bin', recordPage, 'GET', `${base}?deleted=true`);
      await answer('restore', one, 'POST', `${base}/${b.id}/restore`);
      // A junction's row is one link per pair: it is neither made twice nor merged. An entry with
      // unique keys (a quota per rep and period) is not made twice either.
      if (!obj.junction) {
        if (!obj.unique?.length) await answer('create', one, 'POST', `${base}?allowDuplicate=true`, a.body);
        await answer('merge', one, 'POST', `${base}/merge`, { primaryId: a.id, duplicateId: b.id });
      }
      await answer('list', recordPage, 'GET', `${base}?limit=500`);
      for (const [what, schema, r] of answers) {
        const label = `${obj.name} ${what}`;
        expect(r.status, `${label}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
        holds(schema, r.body, label);
        if (schema === recordPage) {
          const page = r.body as z.infer<typeof recordPage>;
          for (const record of page.data) holds(one, record, `${label} item`);
        }
      }
      const list = answers.find(([what]) => what === 'list')?.[2].body as z.infer<typeof recordPage>;
      expect(list.data.length, obj.name).toBeGreaterThan(0);
    }
  });

  it('a possible duplicate is a 409 whose details name the duplicates', async () => {
    const body = { firstName: 'Twin', lastName: 'Contract', email: 'twin.contract@example.com' };
    expect((await t.admin.request('POST', '/api/v1/contacts', body)).status).toBe(201);
    const r = await t.admin.request('POST', '/api/v1/contacts', body);
    expect(r.status).toBe(409);
    holds(apiError, r.body, '409');
    holds(duplicateConflictDetails, r.body.error.details, '409 details');
  });

  it('a record answer has the system fields, and a relation named without Id its reference as nameRef', async () => {
    const r = await t.admin.request('GET', '/api/v1/contacts?limit=1');
    holds(apiRecord, r.body.data[0], 'contact');
    expect(Object.keys(r.body.data[0])).toEqual(expect.arrayContaining(['mentor', 'mentorRef']));
  });
});
