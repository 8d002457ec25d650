import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { roleId } from '../../platform/auth/auth.service.ts';
import { createTestApp, createUser, signIn, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let adminRole: string;
let repRole: string;
beforeAll(async () => {
  t = await createTestApp();
  adminRole = await roleId(t.db, 'admin');
  repRole = await roleId(t.db, 'sales_rep');
});
afterAll(() => t.close());

const missing = '01900000-0000-7000-8000-000000000000';

describe('users administration', () => {
  it('shows one user with role and teams', async () => {
    const u = await createUser(t, { role: 'sales_rep', team: 'East', name: 'Eve East' });
    const r = await t.admin.request('GET', `/api/v1/users/${u.id}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      id: u.id,
      email: u.email,
      name: 'Eve East',
      isActive: true,
      role: { key: 'sales_rep', isAdmin: false },
      teams: [{ name: 'East' }],
    });
    expect(JSON.stringify(r.body)).not.toMatch(/password|hash/i);
    expect((await t.admin.request('GET', `/api/v1/users/${missing}`)).status).toBe(404);
    expect((await t.admin.request('GET', '/api/v1/users/nope')).status).toBe(400);
  });

  it('renames, changes role and teams, audited field by field', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    const team = (await t.admin.request('POST', '/api/v1/teams', { name: 'West' })).body;
    const r = await t.admin.request('PATCH', `/api/v1/users/${u.id}`, {
      name: 'Renamed',
      roleId: await roleId(t.db, 'marketing'),
      teamIds: [team.id],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'Renamed',
      role: { key: 'marketing' },
      teams: [{ id: team.id, name: 'West' }],
    });
    // The new role applies to the user's next request.
    expect((await u.agent.request('GET', '/api/v1/auth/me')).body.user.role.key).toBe('marketing');
    const [audit] = await t.db.query<{ action: string; changes: Record<string, { before: unknown; after: unknown }> }>(
      sql`SELECT action, changes FROM audit_log WHERE object_type = 'user' AND record_id = ${u.id} ORDER BY at DESC LIMIT 1`,
    );
    expect(audit.action).toBe('update');
    expect(audit.changes.role).toEqual({ before: 'sales_rep', after: 'marketing' });
    expect(audit.changes.teamIds).toEqual({ before: [], after: [team.id] });
    const cleared = await t.admin.request('PATCH', `/api/v1/users/${u.id}`, { teamIds: [] });
    expect(cleared.body.teams).toEqual([]);
  });

  it('deactivating signs the user out and stops the API keys they made; reactivating lets them back', async () => {
    const a2 = await createUser(t, { role: 'admin' });
    const key = (await a2.agent.request('POST', '/api/v1/api-keys', { name: 'a2 key', roleId: repRole })).body.key;
    const bearer = () =>
      t.app.inject({ method: 'GET', url: '/api/v1/contacts', headers: { authorization: `Bearer ${key}` } });
    expect((await bearer()).statusCode).toBe(200);
    const off = await t.admin.request('PATCH', `/api/v1/users/${a2.id}`, { isActive: false });
    expect(off.status).toBe(200);
    expect(off.body.isActive).toBe(false);
    expect((await a2.agent.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await bearer()).statusCode).toBe(401);
    await expect(signIn(t.app, a2.email)).rejects.toThrow('401');
    const [audit] = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE record_id = ${a2.id} ORDER BY at DESC LIMIT 1`,
    );
    expect(audit.action).toBe('deactivate');
    expect((await t.admin.request('PATCH', `/api/v1/users/${a2.id}`, { isActive: true })).status).toBe(200);
    expect((await signIn(t.app, a2.email)).userId).toBe(a2.id);
    expect((await bearer()).statusCode).toBe(200);
  });

  it('refuses deactivating yourself and leaving no active admin (409)', async () => {
    const self = await t.admin.request('PATCH', `/api/v1/users/${t.admin.userId}`, { isActive: false });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('yourself');
    // Make every other admin a rep: then the first admin is the last one.
    const admins = await t.db.query<{ id: string }>(
      sql`SELECT u.id FROM users u WHERE u.role_id = ${adminRole} AND u.id <> ${t.admin.userId}`,
    );
    for (const a of admins)
      expect((await t.admin.request('PATCH', `/api/v1/users/${a.id}`, { roleId: repRole })).status).toBe(200);
    const demote = await t.admin.request('PATCH', `/api/v1/users/${t.admin.userId}`, { roleId: repRole });
    expect(demote.status).toBe(409);
    expect(demote.body.error.message).toContain('last active admin');
    // With a second admin, one may be demoted; then the other is the last one.
    const other = await createUser(t, { role: 'admin' });
    expect((await other.agent.request('PATCH', `/api/v1/users/${t.admin.userId}`, { roleId: repRole })).status).toBe(
      200,
    );
    const last = await other.agent.request('PATCH', `/api/v1/users/${other.id}`, { roleId: repRole });
    expect(last.status).toBe(409);
    expect((await other.agent.request('PATCH', `/api/v1/users/${t.admin.userId}`, { roleId: adminRole })).status).toBe(
      200,
    );
  });

  it('only admins may look at or change users', async () => {
    const rep = await createUser(t, { role: 'sales_rep' });
    expect((await rep.agent.request('GET', `/api/v1/users/${rep.id}`)).status).toBe(403);
    expect((await rep.agent.request('PATCH', `/api/v1/users/${rep.id}`, { roleId: adminRole })).status).toBe(403);
    expect((await rep.agent.request('GET', '/api/v1/users')).status).toBe(200); // the picker list stays open
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    const bad = await t.admin.request('PATCH', `/api/v1/users/${u.id}`, {
      name: '',
      isActive: 'no',
      roleId: 'x',
      email: 'a@b.c',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toMatchObject({
      name: expect.any(String),
      isActive: expect.any(String),
      roleId: expect.any(String),
      email: expect.any(String),
    });
    const noRole = await t.admin.request('PATCH', `/api/v1/users/${u.id}`, { roleId: missing });
    expect(noRole.status).toBe(400);
    expect(noRole.body.error.details.fields).toHaveProperty('roleId');
    const noTeam = await t.admin.request('PATCH', `/api/v1/users/${u.id}`, { teamIds: [missing] });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.error.details.fields).toHaveProperty('teamIds');
    expect((await t.admin.request('PATCH', `/api/v1/users/${missing}`, { name: 'X' })).status).toBe(404);
  });
});

it('publishes the accounts routes in OpenAPI', async () => {
  const doc = (await t.app.inject('/api/v1/openapi.json')).json();
  for (const [path, method] of [
    ['/api/v1/users/{id}', 'patch'],
    ['/api/v1/roles', 'post'],
    ['/api/v1/roles/{id}', 'delete'],
    ['/api/v1/teams', 'get'],
    ['/api/v1/api-keys', 'post'],
    ['/api/v1/invitations', 'post'],
    ['/api/v1/invitations/accept', 'post'],
    ['/api/v1/invitations/lookup', 'get'],
    ['/api/v1/me', 'patch'],
    ['/api/v1/me/avatar', 'post'],
    ['/api/v1/me/password', 'post'],
    ['/api/v1/me/sessions/{id}', 'delete'],
    ['/api/v1/auth/password-reset', 'post'],
    ['/api/v1/auth/password-reset/confirm', 'post'],
  ]) {
    expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  }
  const body = doc.paths['/api/v1/roles'].post.requestBody.content['application/json'].schema;
  expect(body.required).toEqual(['name', 'permissions']);
  expect(body.additionalProperties).toBe(false);
});
