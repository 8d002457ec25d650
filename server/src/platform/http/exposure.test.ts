// What leaves Kith, and to whom: security headers, metrics, the OpenAPI document, the user directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

const metricsToken = 'a-metrics-token-of-some-length';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ app: { metricsToken } });
});
afterAll(() => t.close());

describe('security headers', () => {
  it('are on every response: API, errors and the API reference', async () => {
    for (const url of ['/api/v1/health', '/api/v1/nothing', '/api/v1/contacts']) {
      const r = await t.app.inject(url);
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline'; script"); // scripts: never inline
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('same-origin');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(r.headers['strict-transport-security']).toBeUndefined(); // served over http here
    }
    expect(String((await t.app.inject('/api/v1/health')).headers['content-security-policy'])).toMatch(
      /script-src 'self';/,
    );
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('add HSTS when the public address is https', async () => {
    const secure = await createTestApp({ settings: { publicUrl: 'https://crm.example.com' } });
    try {
      expect((await secure.app.inject('/api/v1/health')).headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await secure.close();
    }
  });
});

describe('metrics', () => {
  it('are for admins and the metrics token only', async () => {
    expect((await t.app.inject('/metrics')).statusCode).toBe(401);
    const rep = await createUser(t, { role: 'sales_manager' });
    expect((await rep.agent.request('GET', '/metrics')).status).toBe(403);
    const admin = await t.admin.request('GET', '/metrics');
    expect(admin.status).toBe(200);
    expect(admin.body).toContain('kith_http_request_duration_seconds');
    expect(admin.body).toContain('kith_password_hashes_total');
    const byToken = await t.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${metricsToken}` } });
    expect(byToken.statusCode).toBe(200);
    const wrong = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer not-the-token-at-all!' } });
    expect(wrong.statusCode).toBe(401);
  });
});

describe('the OpenAPI document', () => {
  it('names custom fields to signed-in callers only, and describes the CSV export', async () => {
    const made = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'secretProjectCode',
      label: 'Secret project code',
      type: 'text',
    });
    expect(made.status).toBe(201);
    const anonymous = await t.app.inject('/api/v1/openapi.json');
    expect(anonymous.body).not.toContain('secretProjectCode');
    expect(anonymous.json().components.schemas.ContactInput.properties.firstName).toBeDefined();
    const signedIn = await t.admin.request('GET', '/api/v1/openapi.json');
    expect(signedIn.body.components.schemas.ContactInput.properties.secretProjectCode).toBeDefined();
    const exportPath = signedIn.body.paths['/api/v1/contacts/export.csv'].get;
    expect(exportPath.responses[200].content['text/csv']).toBeDefined();
    expect(exportPath.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'filter', 'sort', 'columns']),
    );
  });
});

describe('the user directory', () => {
  it('shows colleagues’ names to everyone, and roles and sign-in times to admins only', async () => {
    const rep = await createUser(t, { role: 'sales_rep', name: 'Directory Reader' });
    const seen = (await rep.agent.request('GET', '/api/v1/users')).body.data;
    const me = seen.find((u: { id: string }) => u.id === rep.id);
    expect(me).toMatchObject({ name: 'Directory Reader', email: rep.email });
    for (const u of seen) {
      expect(u).not.toHaveProperty('role');
      expect(u).not.toHaveProperty('lastLoginAt');
    }
    const admin = (await t.admin.request('GET', '/api/v1/users')).body.data;
    expect(admin.find((u: { id: string }) => u.id === rep.id)).toHaveProperty('role.key', 'sales_rep');
  });
});

describe('custom-field definitions', () => {
  it('are listed only for objects the caller may read', async () => {
    await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'contact',
      name: 'contactOnlyCode',
      label: 'Contact-only code',
      type: 'text',
    });
    await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'company',
      name: 'companyRegion',
      label: 'Company region',
      type: 'text',
    });
    const read = { create: false, read: true, update: false, delete: false, export: false, scope: 'all' };
    const role = await t.admin.request('POST', '/api/v1/roles', {
      name: 'Company watchers',
      permissions: { company: read },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const watcher = await createUser(t, { role: role.body.key });
    const seen = (await watcher.agent.request('GET', '/api/v1/custom-fields')).body.data;
    const names = seen.map((f: { name: string }) => f.name);
    expect(names).toContain('companyRegion');
    expect(names).not.toContain('contactOnlyCode');
    const asked = (await watcher.agent.request('GET', '/api/v1/custom-fields?objectType=contact')).body.data;
    expect(asked).toEqual([]);
    const adminSees = (await t.admin.request('GET', '/api/v1/custom-fields')).body.data;
    expect(adminSees.map((f: { name: string }) => f.name)).toContain('contactOnlyCode');
  });
});
