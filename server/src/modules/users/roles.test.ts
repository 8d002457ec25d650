import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { roleId } from '../../platform/auth/auth.service.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { roleKey } from './roles.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const readContacts = { contact: { read: true, scope: 'all' } };

describe('roles', () => {
  it('lists the built-in roles with their permissions and holders', async () => {
    const r = await t.admin.request('GET', '/api/v1/roles');
    expect(r.status).toBe(200);
    const byKey = Object.fromEntries(r.body.data.map((x: { key: string }) => [x.key, x]));
    expect(Object.keys(byKey)).toEqual(
      expect.arrayContaining(['admin', 'sales_manager', 'sales_rep', 'support_agent', 'marketing', 'read_only']),
    );
    expect(byKey.admin).toMatchObject({ isBuiltin: true, isAdmin: true, userCount: 1 });
    expect(byKey.sales_rep.permissions.contact).toEqual({
      create: true,
      read: true,
      update: true,
      delete: true,
      export: false,
      scope: 'team',
    });
  });

  it('makes a custom role whose permissions apply to its users', async () => {
    const made = await t.admin.request('POST', '/api/v1/roles', {
      name: 'Partner Viewer',
      description: 'Sees contacts',
      permissions: readContacts,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      key: 'partner_viewer',
      name: 'Partner Viewer',
      isBuiltin: false,
      isAdmin: false,
      userCount: 0,
      permissions: {
        contact: { create: false, read: true, update: false, delete: false, export: false, scope: 'all' },
      },
    });
    const u = await createUser(t, { role: 'read_only' });
    await t.admin.request('PATCH', `/api/v1/users/${u.id}`, { roleId: made.body.id });
    expect((await u.agent.request('GET', '/api/v1/contacts')).status).toBe(200);
    expect((await u.agent.request('GET', '/api/v1/companies')).status).toBe(403);
    expect((await u.agent.request('POST', '/api/v1/contacts', { firstName: 'No' })).status).toBe(403);

    // Changing the role changes what its users may do at once.
    const changed = await t.admin.request('PATCH', `/api/v1/roles/${made.body.id}`, {
      name: 'Partner Editor',
      permissions: { contact: { create: true, read: true, scope: 'own' } },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      key: 'partner_editor',
      name: 'Partner Editor',
      description: 'Sees contacts',
      userCount: 1,
    });
    expect((await u.agent.request('POST', '/api/v1/contacts', { firstName: 'Yes' })).status).toBe(201);
    const audit = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE object_type = 'role' AND record_id = ${made.body.id} ORDER BY at`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'update']);

    // In use: 409 naming how many; free again: deleted.
    const inUse = await t.admin.request('DELETE', `/api/v1/roles/${made.body.id}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toContain('1 user');
    await t.admin.request('PATCH', `/api/v1/users/${u.id}`, { roleId: await roleId(t.db, 'read_only') });
    expect((await t.admin.request('DELETE', `/api/v1/roles/${made.body.id}`)).status).toBe(204);
    expect((await t.admin.request('DELETE', `/api/v1/roles/${made.body.id}`)).status).toBe(404);
  });

  it('counts API keys and deactivated users as uses', async () => {
    const role = (await t.admin.request('POST', '/api/v1/roles', { name: 'Bots', permissions: readContacts })).body;
    const key = (await t.admin.request('POST', '/api/v1/api-keys', { name: 'bot', roleId: role.id })).body;
    const r = await t.admin.request('DELETE', `/api/v1/roles/${role.id}`);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('1 API key');
    await t.admin.request('DELETE', `/api/v1/api-keys/${key.id}`);
    expect((await t.admin.request('DELETE', `/api/v1/roles/${role.id}`)).status).toBe(204);
  });

  it('built-in roles cannot be changed or deleted; names are unique', async () => {
    const rep = await roleId(t.db, 'sales_rep');
    expect((await t.admin.request('PATCH', `/api/v1/roles/${rep}`, { name: 'Rep' })).status).toBe(409);
    const del = await t.admin.request('DELETE', `/api/v1/roles/${rep}`);
    expect(del.status).toBe(409);
    expect(del.body.error.message).toContain('built-in');
    expect((await t.admin.request('POST', '/api/v1/roles', { name: 'Sales Rep', permissions: {} })).status).toBe(409);
    expect((await t.admin.request('POST', '/api/v1/roles', { name: 'admin', permissions: {} })).status).toBe(409);
    await t.admin.request('POST', '/api/v1/roles', { name: 'Auditors', permissions: {} });
    const dup = await t.admin.request('POST', '/api/v1/roles', { name: 'auditors!', permissions: {} });
    expect(dup.status).toBe(409);
    expect(dup.body.error.message).toContain('Auditors');
  });

  it('slugs names into keys', () => {
    expect(roleKey('Kundenbetreuung Süd')).toBe('kundenbetreuung_sud');
    expect(roleKey('  Field -- Sales (EU) ')).toBe('field_sales_eu');
    expect(roleKey('営業')).toMatch(/^role_[0-9a-f]{12}$/);
  });

  it('only admins manage roles', async () => {
    const mgr = await createUser(t, { role: 'sales_manager' });
    expect((await mgr.agent.request('GET', '/api/v1/roles')).status).toBe(403);
    expect((await mgr.agent.request('POST', '/api/v1/roles', { name: 'Mine', permissions: {} })).status).toBe(403);
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const unknown = await t.admin.request('POST', '/api/v1/roles', {
      name: 'X',
      permissions: { spaceship: { read: true } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.fields).toHaveProperty('permissions.spaceship');
    const bad = await t.admin.request('POST', '/api/v1/roles', {
      name: '',
      permissions: { contact: { read: 'yes', scope: 'world', fly: true } },
      isAdmin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toMatchObject({
      name: expect.any(String),
      'permissions.contact.read': expect.any(String),
      'permissions.contact.scope': expect.any(String),
      'permissions.contact.fly': expect.any(String),
      isAdmin: expect.any(String),
    });
    expect((await t.admin.request('PATCH', '/api/v1/roles/x', { name: 'Y' })).status).toBe(400);
    expect(
      (await t.admin.request('PATCH', '/api/v1/roles/01900000-0000-7000-8000-000000000000', { name: 'Y' })).status,
    ).toBe(404);
  });
});
