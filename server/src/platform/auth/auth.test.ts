import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, type TestApp, testPassword } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('accounts', () => {
  it('set-up is refused once an admin exists', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needsSetup: false });
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      payload: { organizationName: 'X', name: 'Y', email: 'y@x.example', password: 'long-enough-1' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('signs in with the right password only, the same answer for unknown emails', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'admin@test.example', password: 'nope-nope-nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ghost@test.example', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'ADMIN@test.example', password: testPassword },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = ok.cookies.find((c) => c.name === 'kith_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(ok.body).not.toContain('password');
  });

  it('needs the CSRF token for cookie-authenticated writes', async () => {
    const noToken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/companies',
      headers: { cookie: t.admin.cookie },
      payload: { name: 'Csrf Co' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.message).toContain('X-CSRF-Token');
    const withToken = await t.admin.request('POST', '/api/v1/companies', { name: 'Csrf Co' });
    expect(withToken.status).toBe(201);
  });

  it('signs out: the old cookie stops working', async () => {
    const agent = await signIn(t.app, 'admin@test.example');
    expect((await agent.request('GET', '/api/v1/auth/me')).status).toBe(200);
    expect((await agent.request('POST', '/api/v1/auth/logout')).status).toBe(204);
    expect((await agent.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await agent.request('GET', '/api/v1/contacts')).status).toBe(401);
  });

  it('rate-limits sign-in attempts', async () => {
    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: '10.9.9.9',
        payload: { email: 'slow@test.example', password: 'guess-guess-1' },
      });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await attempt()).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });

  it('rejects bad sign-in input with a 400 naming the field', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'not-an-email', password: 'x', extra: 1 },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.details.fields).toMatchObject({ email: expect.any(String), extra: expect.any(String) });
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(broken.statusCode).toBe(400);
  });
});
