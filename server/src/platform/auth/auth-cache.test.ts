// Sessions and keys are cached per process; a change made anywhere (here another process is played by
// SQL written straight to the database, which no service hears of) reaches the cache through NOTIFY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { roleId } from './auth.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the auth cache', () => {
  it('drops a session revoked by another process', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    expect((await u.agent.request('GET', '/api/v1/auth/me')).status).toBe(200);
    await t.db.query(sql`UPDATE sessions SET revoked_at = now() WHERE user_id = ${u.id}`);
    await expect.poll(async () => (await u.agent.request('GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('drops a user deactivated or demoted by another process', async () => {
    const u = await createUser(t, { role: 'sales_manager' });
    expect((await u.agent.request('GET', '/api/v1/contacts/export.csv')).status).toBe(200);
    await t.db.query(sql`UPDATE users SET role_id = ${await roleId(t.db, 'read_only')} WHERE id = ${u.id}`);
    await expect.poll(async () => (await u.agent.request('GET', '/api/v1/contacts/export.csv')).status).toBe(403);
    await t.db.query(sql`UPDATE users SET is_active = false WHERE id = ${u.id}`);
    await expect.poll(async () => (await u.agent.request('GET', '/api/v1/auth/me')).status).toBe(401);
  });

  it('drops a key revoked and a role narrowed by another process', async () => {
    const made = await t.admin.request('POST', '/api/v1/api-keys', {
      name: 'Elsewhere',
      roleId: await roleId(t.db, 'marketing'),
    });
    const get = (url: string) =>
      t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${made.body.key}` } });
    expect((await get('/api/v1/contacts/export.csv')).statusCode).toBe(200);
    const narrowed = JSON.stringify({
      contact: { create: false, read: true, update: false, delete: false, export: false, scope: 'all' },
    });
    await t.db.query(sql`UPDATE roles SET permissions = ${narrowed}::jsonb WHERE key = 'marketing'`);
    await expect.poll(async () => (await get('/api/v1/contacts/export.csv')).statusCode).toBe(403);
    await t.db.query(sql`UPDATE api_keys SET revoked_at = now() WHERE id = ${made.body.id}`);
    await expect.poll(async () => (await get('/api/v1/contacts')).statusCode).toBe(401);
  });
});
