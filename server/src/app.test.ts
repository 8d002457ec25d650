import { refKey } from '@kith/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/factories.ts';
import { makeRecord, writableFields } from './test/registry-samples.ts';
import { gadgetObject } from './test/test-objects.ts';

let t: TestApp;
beforeAll(async () => {
  // With the test-only gadget: a new entry is described in OpenAPI without anyone adding it there.
  t = await createTestApp({ objects: [gadgetObject] });
});
afterAll(() => t.close());

it('answers health, readiness and Prometheus metrics', async () => {
  expect((await t.app.inject('/api/v1/health')).json()).toEqual({ status: 'ok' });
  expect((await t.app.inject('/api/v1/ready')).json()).toMatchObject({ status: 'ready' });
  const metrics = await t.admin.request('GET', '/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.body).toContain('kith_http_request_duration_seconds');
});

type Json = Record<string, unknown>;
type Schema = { properties: Record<string, unknown>; required?: string[]; additionalProperties?: boolean };

it('serves OpenAPI 3.1 with every registry object and the reference UI', async () => {
  const doc = (await t.admin.request('GET', '/api/v1/openapi.json')).body;
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.paths['/api/v1/auth/login'].post).toBeDefined();
  // Operation ids name one operation each (two labels that read alike would collide).
  const ids = Object.values(doc.paths as Record<string, Record<string, { operationId?: string }>>)
    .flatMap((p) => Object.values(p).map((op) => op.operationId))
    .filter((id) => id !== undefined);
  expect(ids.length - new Set(ids).size, 'duplicate operationIds').toBe(0);
  expect(t.registry.all().map((o) => o.plural)).toContain(gadgetObject.plural);
  for (const obj of t.registry.all()) {
    const base = `/api/v1/${obj.plural}`;
    const at = (suffix: string) => doc.paths[`${base}${suffix}`] ?? {};
    const described = Object.fromEntries(
      ['', '/export.csv', '/{id}', '/{id}/restore', '/{id}/audit', '/merge', '/duplicates', '/bulk'].map((s) => [
        s,
        Object.keys(at(s)).sort(),
      ]),
    );
    expect(described, obj.plural).toEqual({
      '': ['get', 'post'],
      '/export.csv': ['get'],
      '/{id}': ['delete', 'get', 'patch'],
      '/{id}/restore': ['post'],
      '/{id}/audit': ['get'],
      '/merge': ['post'],
      '/duplicates': ['post'],
      '/bulk': ['post'],
    });
    expect(at('').get.operationId).toBe(`list${obj.labelPlural.replace(/\s/g, '')}`);
    // The list takes every filterable field as an equality parameter.
    const params = at('').get.parameters.map((p: { name: string }) => p.name);
    const filterable = [...obj.fields.values()].filter((f) => f.filterable).map((f) => f.name);
    expect(params, obj.plural).toEqual(expect.arrayContaining(filterable));
    // The input is exactly the fields a client writes; the answer names every field, and every
    // relation's reference.
    const name = obj.label.replace(/\s/g, '');
    const input = doc.components.schemas[`${name}Input`] as Schema;
    const writable = writableFields(obj);
    expect(Object.keys(input.properties).sort(), `${name}Input`).toEqual(writable.map((f) => f.name).sort());
    expect((input.required ?? []).sort(), `${name}Input required`).toEqual(
      writable
        .filter((f) => f.required)
        .map((f) => f.name)
        .sort(),
    );
    expect(input.additionalProperties).toBe(false);
    const output = doc.components.schemas[name] as Schema;
    expect(Object.keys(output.properties).sort(), name).toEqual(
      [
        'id',
        'title',
        'deletedAt',
        ...obj.fields.keys(),
        ...[...obj.fields.values()]
          .filter((f) => f.type === 'relation' || f.type === 'user')
          .map((f) => refKey(f.name)),
      ].sort(),
    );
    // And a real record holds every property the answer's schema names.
    const made = await makeRecord(t.admin, t.registry, obj, { n: 1, full: true });
    const record = (await t.admin.request('GET', `${base}/${made.id}`)).body as Json;
    expect(
      Object.keys(output.properties).filter((k) => !(k in record)),
      `${name} properties missing`,
    ).toEqual([]);
  }
  const ui = await t.app.inject('/api/docs/');
  expect(ui.statusCode).toBe(200);
  expect(ui.body).toContain('<script');
});

it('answers unknown API paths with a JSON 404', async () => {
  const r = await t.app.inject('/api/v1/nothing-here/x/y');
  expect(r.statusCode).toBe(404);
  expect(r.json().error.code).toBe('NOT_FOUND');
});

it('lists objects with their fields for the web app', async () => {
  const meta = (await t.admin.request('GET', '/api/v1/meta/objects')).body.data;
  const contact = meta.find((o: { name: string }) => o.name === 'contact');
  expect(contact.permissions).toMatchObject({ create: true, read: true });
  expect(
    contact.fields
      .find((f: { name: string }) => f.name === 'lifecycleStage')
      .options.map((o: { value: string }) => o.value),
  ).toEqual(['subscriber', 'lead', 'prospect', 'customer', 'churned']);
  expect(contact.fields.find((f: { name: string }) => f.name === 'companyId').relation).toEqual({
    object: 'company',
    plural: 'companies',
  });
});
