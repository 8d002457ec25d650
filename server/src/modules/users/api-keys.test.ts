import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { roleId } from '../../platform/auth/auth.service.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const withKey = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

describe('API keys', () => {
  it('shows the key once; it works, is limited by its role, and stops when revoked', async () => {
    const made = await t.admin.request('POST', '/api/v1/api-keys', {
      name: 'Zapier',
      roleId: await roleId(t.db, 'read_only'),
    });
    expect(made.status).toBe(201);
    const key: string = made.body.key;
    expect(key).toMatch(/^kith_[A-Za-z0-9_-]{43}$/);
    expect(made.body).toMatchObject({
      name: 'Zapier',
      prefix: key.slice(0, 12),
      role: { name: 'Read-only' },
      createdBy: { id: t.admin.userId },
      lastUsedAt: null,
      revokedAt: null,
    });
    const [stored] = await t.db.query<{ key_hash: string }>(
      sql`SELECT key_hash FROM api_keys WHERE id = ${made.body.id}`,
    );
    expect(stored.key_hash).toBe(sha256(key));

    // Read-only: reads, cannot write, is no admin.
    expect((await withKey(key, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
    const write = await withKey(key, 'POST', '/api/v1/contacts', { firstName: 'Kay' });
    expect(write.statusCode).toBe(403);
    expect((await withKey(key, 'GET', '/api/v1/api-keys')).statusCode).toBe(403);

    const list = await t.admin.request('GET', '/api/v1/api-keys');
    const row = list.body.data.find((k: { id: string }) => k.id === made.body.id);
    expect(row.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(JSON.stringify(list.body)).not.toContain(stored.key_hash);
    expect(row).not.toHaveProperty('key');

    expect((await t.admin.request('DELETE', `/api/v1/api-keys/${made.body.id}`)).status).toBe(204);
    const after = await withKey(key, 'GET', '/api/v1/contacts');
    expect(after.statusCode).toBe(401);
    expect((await t.admin.request('DELETE', `/api/v1/api-keys/${made.body.id}`)).status).toBe(204); // already revoked
    const revoked = (await t.admin.request('GET', '/api/v1/api-keys')).body.data.find(
      (k: { id: string }) => k.id === made.body.id,
    );
    expect(revoked.revokedAt).not.toBeNull();
    const audit = await t.db.query<{ action: string; changes: unknown }>(
      sql`SELECT action, changes FROM audit_log WHERE object_type = 'api_key' AND record_id = ${made.body.id} ORDER BY at`,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'revoke']);
    expect(JSON.stringify(audit)).not.toContain(key);
  });

  it('a key with a writing role writes, audited as the key', async () => {
    const made = await t.admin.request('POST', '/api/v1/api-keys', {
      name: 'Import bot',
      roleId: await roleId(t.db, 'sales_manager'),
    });
    const r = await withKey(made.body.key, 'POST', '/api/v1/contacts', { firstName: 'Bot', lastName: 'Made' });
    expect(r.statusCode).toBe(201);
    const [a] = await t.db.query<{ actor_id: string; actor_kind: string }>(
      sql`SELECT actor_id, actor_kind FROM audit_log WHERE record_id = ${r.json().id}`,
    );
    expect(a).toEqual({ actor_id: made.body.id, actor_kind: 'apiKey' });
  });

  it('only admins manage keys; bad input is a 400 naming the field', async () => {
    const rep = await createUser(t, { role: 'sales_rep' });
    expect((await rep.agent.request('GET', '/api/v1/api-keys')).status).toBe(403);
    expect(
      (await rep.agent.request('POST', '/api/v1/api-keys', { name: 'x', roleId: await roleId(t.db, 'admin') })).status,
    ).toBe(403);
    const bad = await t.admin.request('POST', '/api/v1/api-keys', { name: '', roleId: 'x', scope: 'all' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toMatchObject({
      name: expect.any(String),
      roleId: expect.any(String),
      scope: expect.any(String),
    });
    const noRole = await t.admin.request('POST', '/api/v1/api-keys', {
      name: 'x',
      roleId: '01900000-0000-7000-8000-000000000000',
    });
    expect(noRole.status).toBe(400);
    expect((await t.admin.request('DELETE', '/api/v1/api-keys/01900000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await t.admin.request('DELETE', '/api/v1/api-keys/x')).status).toBe(400);
  });
});

describe('API keys act with at most their maker’s current rights', () => {
  it('a key made by an admin who is later demoted loses admin rights, and cannot promote its maker back', async () => {
    const maker = await createUser(t, { role: 'admin' });
    const made = await maker.agent.request('POST', '/api/v1/api-keys', {
      name: 'Admin bot',
      roleId: await roleId(t.db, 'admin'),
    });
    expect(made.status).toBe(201);
    const key: string = made.body.key;
    expect((await withKey(key, 'GET', '/api/v1/api-keys')).statusCode).toBe(200);

    const demoted = await t.admin.request('PATCH', `/api/v1/users/${maker.id}`, {
      roleId: await roleId(t.db, 'read_only'),
    });
    expect(demoted.status).toBe(200);
    // The very next request sees the demotion.
    expect((await withKey(key, 'GET', '/api/v1/api-keys')).statusCode).toBe(403);
    const promote = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${maker.id}`,
      headers: { authorization: `Bearer ${key}` },
      payload: { roleId: await roleId(t.db, 'admin') },
    });
    expect(promote.statusCode).toBe(403);
    // Read-only maker: the key reads but no longer writes.
    expect((await withKey(key, 'GET', '/api/v1/contacts')).statusCode).toBe(200);
    expect((await withKey(key, 'POST', '/api/v1/contacts', { firstName: 'No' })).statusCode).toBe(403);
    const [role] = await t.db.query<{ role_id: string }>(sql`SELECT role_id FROM users WHERE id = ${maker.id}`);
    expect(role.role_id).toBe(await roleId(t.db, 'read_only'));

    // Promoted again by a real admin: the key's own role applies again.
    await t.admin.request('PATCH', `/api/v1/users/${maker.id}`, { roleId: await roleId(t.db, 'admin') });
    expect((await withKey(key, 'GET', '/api/v1/api-keys')).statusCode).toBe(200);
  });

  it('a key whose maker is now a sales rep sees only the maker’s team, whatever the key’s role', async () => {
    const maker = await createUser(t, { role: 'admin', team: 'Key makers' });
    const made = await maker.agent.request('POST', '/api/v1/api-keys', {
      name: 'Manager bot',
      roleId: await roleId(t.db, 'sales_manager'),
    });
    const key: string = made.body.key;
    const stranger = await createUser(t, { role: 'sales_rep', team: 'Strangers' });
    const theirs = await stranger.agent.request('POST', '/api/v1/contacts', { firstName: 'Hidden', lastName: 'Away' });
    expect(theirs.status).toBe(201);
    expect((await withKey(key, 'GET', `/api/v1/contacts/${theirs.body.id}`)).statusCode).toBe(200);

    await t.admin.request('PATCH', `/api/v1/users/${maker.id}`, { roleId: await roleId(t.db, 'sales_rep') });
    expect((await withKey(key, 'GET', `/api/v1/contacts/${theirs.body.id}`)).statusCode).toBe(404);
    // Sales reps may not export; a sales-manager key of a rep may not either.
    expect((await withKey(key, 'GET', '/api/v1/contacts/export.csv')).statusCode).toBe(403);
  });
});
