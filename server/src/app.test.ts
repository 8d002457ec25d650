import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('answers health, readiness and Prometheus metrics', async () => {
  expect((await t.app.inject('/api/v1/health')).json()).toEqual({ status: 'ok' });
  expect((await t.app.inject('/api/v1/ready')).json()).toMatchObject({ status: 'ready' });
  const metrics = await t.admin.request('GET', '/metrics');
  expect(metrics.status).toBe(200);
  expect(metrics.body).toContain('kith_http_request_duration_seconds');
});

it('serves OpenAPI 3.1 with every registry object and the reference UI', async () => {
  const doc = (await t.app.inject('/api/v1/openapi.json')).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(doc.paths['/api/v1/contacts'].get.operationId).toBe('listContacts');
  expect(doc.paths['/api/v1/companies/{id}'].patch).toBeDefined();
  expect(doc.paths['/api/v1/auth/login'].post).toBeDefined();
  expect(doc.components.schemas.ContactInput.properties.email).toBeDefined();
  expect(doc.components.schemas.ContactInput.additionalProperties).toBe(false);
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
