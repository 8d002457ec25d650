import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { roleId } from '../../platform/auth/auth.service.ts';
import { createTestApp, createUser, signIn, type TestApp, testPassword } from '../../test/factories.ts';
import { multipart } from './users.test-helpers.ts';

let t: TestApp;
let dataDir: string;
beforeAll(async () => {
  dataDir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'kith-avatars-'));
  t = await createTestApp({ settings: { dataDir } });
});
afterAll(() => t.close());

const png = (size = 64) =>
  Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size - 8, 7)]);

describe('profile', () => {
  it('reads and changes your own profile, storing canonical zone and locale', async () => {
    const u = await createUser(t, { role: 'sales_rep', name: 'Pia' });
    expect((await u.agent.request('GET', '/api/v1/me')).body).toMatchObject({
      id: u.id,
      name: 'Pia',
      timeZone: 'UTC',
      locale: 'en',
      avatarUrl: null,
      role: { key: 'sales_rep' },
    });
    const r = await u.agent.request('PATCH', '/api/v1/me', {
      name: 'Pia P',
      timeZone: 'europe/berlin',
      locale: 'de-de',
      avatarUrl: 'https://cdn.example.com/pia.png',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: 'Pia P',
      timeZone: 'Europe/Berlin',
      locale: 'de-DE',
      avatarUrl: 'https://cdn.example.com/pia.png',
    });
    expect((await u.agent.request('GET', '/api/v1/auth/me')).body.user.timeZone).toBe('Europe/Berlin');
    const [audit] = await t.db.query<{ changes: Record<string, unknown> }>(
      sql`SELECT changes FROM audit_log WHERE record_id = ${u.id} AND action = 'update'`,
    );
    expect(Object.keys(audit.changes).sort()).toEqual(['avatarUrl', 'locale', 'name', 'timeZone']);
    expect((await u.agent.request('PATCH', '/api/v1/me', { avatarUrl: null })).body.avatarUrl).toBeNull();
  });

  it('rejects bad profile input with a 400 naming the field', async () => {
    const bad = await t.admin.request('PATCH', '/api/v1/me', {
      timeZone: 'Mars/Olympus',
      locale: 'not a locale',
      avatarUrl: 'javascript:alert(1)',
      name: '',
      email: 'x@y.z',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toMatchObject({
      timeZone: expect.stringContaining('IANA'),
      locale: expect.any(String),
      avatarUrl: expect.any(String),
      name: expect.any(String),
      email: expect.any(String),
    });
  });

  it('changes the password with the current one, ending your other sessions', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    const laptop = await signIn(t.app, u.email);
    const wrong = await u.agent.request('POST', '/api/v1/me/password', {
      currentPassword: 'not-my-password',
      newPassword: 'Next-password-123',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields).toHaveProperty('currentPassword');
    const weak = await u.agent.request('POST', '/api/v1/me/password', {
      currentPassword: testPassword,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields).toHaveProperty('newPassword');
    expect(
      (
        await u.agent.request('POST', '/api/v1/me/password', {
          currentPassword: testPassword,
          newPassword: 'Next-password-123',
        })
      ).status,
    ).toBe(204);
    expect((await u.agent.request('GET', '/api/v1/me')).status).toBe(200); // this session stays
    expect((await laptop.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await signIn(t.app, u.email, 'Next-password-123')).userId).toBe(u.id);
  });

  it('lists your sessions with opaque ids and ends one', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    const phone = await signIn(t.app, u.email);
    const list = await u.agent.request('GET', '/api/v1/me/sessions');
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(2);
    expect(list.body.data.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const hashes = (await t.db.query<{ id: string }>(sql`SELECT id FROM sessions WHERE user_id = ${u.id}`)).map(
      (s) => s.id,
    );
    const token = decodeURIComponent(u.agent.cookie.split('=')[1]);
    for (const h of [...hashes, token]) expect(JSON.stringify(list.body)).not.toContain(h);
    expect(Object.keys(list.body.data[0]).sort()).toEqual([
      'createdAt',
      'current',
      'id',
      'ip',
      'lastSeenAt',
      'userAgent',
    ]);

    const other = list.body.data.find((s: { current: boolean }) => !s.current);
    expect((await u.agent.request('DELETE', `/api/v1/me/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await u.agent.request('GET', '/api/v1/me/sessions')).body.data).toHaveLength(1);
    // Another user's session is not yours to end.
    const theirs = (await t.admin.request('GET', '/api/v1/me/sessions')).body.data[0].id;
    expect((await u.agent.request('DELETE', `/api/v1/me/sessions/${theirs}`)).status).toBe(404);
    expect((await u.agent.request('DELETE', '/api/v1/me/sessions/nope')).status).toBe(400);
    // Ending the current one signs out.
    const current = (await u.agent.request('GET', '/api/v1/me/sessions')).body.data[0].id;
    expect((await u.agent.request('DELETE', `/api/v1/me/sessions/${current}`)).status).toBe(204);
    expect((await u.agent.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('uploads an avatar, checked by its bytes, and serves it', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    const up = (data: Buffer, opts = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/me/avatar',
        ...multipart(data, opts),
        headers: { ...multipart(data, opts).headers, cookie: u.agent.cookie, 'x-csrf-token': u.agent.csrfToken },
      });
    const first = await up(png(1_500_000));
    expect(first.statusCode).toBe(200);
    const url: string = first.json().avatarUrl;
    expect(url).toMatch(new RegExp(`^/api/v1/files/avatars/${u.id}-[\\w-]{16}\\.png$`));
    const served = await t.app.inject({ method: 'GET', url, headers: { cookie: u.agent.cookie } });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.length).toBe(1_500_000);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);

    const gif = await up(Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20)]), {
      filename: 'x.png',
      type: 'image/png',
    });
    expect(gif.statusCode).toBe(200);
    expect(gif.json().avatarUrl).toMatch(/\.gif$/);
    expect(existsSync(join(dataDir, 'files', 'avatars', url.split('/').pop() as string))).toBe(false); // the old one is gone
    expect(
      (await t.app.inject({ method: 'GET', url: gif.json().avatarUrl, headers: { cookie: u.agent.cookie } })).headers[
        'content-type'
      ],
    ).toBe('image/gif');

    const html = await up(Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'a.png' });
    expect(html.statusCode).toBe(400);
    expect(html.json().error.details.fields).toHaveProperty('file');
    const big = await up(png(2 * 1024 * 1024 + 1));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.message).toContain('2 MB');
    const huge = await up(png(5 * 1024 * 1024));
    expect(huge.statusCode).toBe(413);
    const wrongField = await up(png(), { field: 'photo' });
    expect(wrongField.statusCode).toBe(400);
    const json = await u.agent.request('POST', '/api/v1/me/avatar', { file: 'x' });
    expect(json.status).toBe(400);
    expect(json.body.error.details.fields).toHaveProperty('file');
    expect((await u.agent.request('GET', '/api/v1/files/avatars/..%2F..%2Fetc%2Fpasswd')).status).toBe(400);
    expect((await u.agent.request('GET', `/api/v1/files/avatars/${u.id}-AAAAAAAAAAAAAAAA.png`)).status).toBe(404);
  });

  it('API keys may read the profile but not change it', async () => {
    const key = (
      await t.admin.request('POST', '/api/v1/api-keys', { name: 'k', roleId: await roleId(t.db, 'read_only') })
    ).body.key;
    const headers = { authorization: `Bearer ${key}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })).json().id).toBe(t.admin.userId);
    expect(
      (await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers, payload: { name: 'Hijacked' } })).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me/sessions', headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);
  });
});
