// What a stranger can make Kith do without signing in: bounded, and never on the strength of a
// header the stranger wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp, testPassword } from '../../test/factories.ts';
import { publicCallsPerMinute } from '../http/request-context.ts';
import { passwordHashesSoFar } from './crypto.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const login = (
  app: TestApp['app'],
  email: string,
  remoteAddress: string,
  headers: Record<string, string> = {},
  password = 'wrong-password-1',
) => app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { email, password } });

describe('unauthenticated routes', () => {
  it('set-up, reset confirmation and invitation acceptance check before they hash a password', async () => {
    const before = passwordHashesSoFar();
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/setup',
      remoteAddress: '10.20.0.1',
      payload: { organizationName: 'X', name: 'X', email: 'x@test.example', password: 'long-enough-pass' },
    });
    expect(setup.statusCode).toBe(409);
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      remoteAddress: '10.20.0.2',
      payload: { token: 'made-up', password: 'long-enough-pass' },
    });
    expect(reset.statusCode).toBe(400);
    expect(reset.json().error.details.fields).toHaveProperty('token');
    const invite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      remoteAddress: '10.20.0.3',
      payload: { token: 'made-up', name: 'Mallory', password: 'long-enough-pass' },
    });
    expect(invite.statusCode).toBe(400);
    expect(passwordHashesSoFar()).toBe(before);
  });

  it('limits every public route per address, and never the health probe', async () => {
    const call = (url: string) => t.app.inject({ method: 'GET', url, remoteAddress: '10.21.0.1' });
    const codes: number[] = [];
    for (let i = 0; i <= publicCallsPerMinute; i++) codes.push((await call('/api/v1/setup')).statusCode);
    expect(codes.slice(0, publicCallsPerMinute).every((c) => c === 200)).toBe(true);
    const refused = await call('/api/v1/openapi.json');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call('/api/v1/health')).statusCode).toBe(200);
    // Another address, and signed-in people, are not affected.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/setup', remoteAddress: '10.21.0.2' })).statusCode).toBe(
      200,
    );
    expect((await t.admin.request('GET', '/api/v1/openapi.json')).status).toBe(200);
  });
});

describe('sign-in limits', () => {
  it('ignores X-Forwarded-For from clients: a forged address neither escapes the limit nor reaches the audit log', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const forged = { 'x-forwarded-for': `203.0.113.${i}` };
      codes.push((await login(t.app, 'forged@test.example', '10.22.0.1', forged)).statusCode);
    }
    expect(codes.slice(10)).toEqual([429, 429]);
    const u = await createUser(t, { role: 'sales_rep' });
    const ok = await login(t.app, u.email, '10.22.0.2', { 'x-forwarded-for': '198.51.100.7' }, testPassword);
    expect(ok.statusCode).toBe(200);
    const [audit] = await t.db.query<{ ip: string }>(
      sql`SELECT ip FROM audit_log WHERE action = 'login' AND record_id = ${u.id} ORDER BY at DESC LIMIT 1`,
    );
    expect(audit.ip).toBe('10.22.0.2');
  });

  it('believes X-Forwarded-For from a configured proxy only', async () => {
    const behindProxy = await createTestApp({ app: { trustedProxies: ['10.30.0.0/16'] } });
    try {
      const u = await createUser(behindProxy, { role: 'sales_rep' });
      const viaProxy = await login(
        behindProxy.app,
        u.email,
        '10.30.0.5',
        { 'x-forwarded-for': '198.51.100.8' },
        testPassword,
      );
      expect(viaProxy.statusCode).toBe(200);
      const notProxy = await login(
        behindProxy.app,
        u.email,
        '10.31.0.5',
        { 'x-forwarded-for': '198.51.100.9' },
        testPassword,
      );
      expect(notProxy.statusCode).toBe(200);
      const ips = await behindProxy.db.query<{ ip: string }>(
        sql`SELECT ip FROM audit_log WHERE action = 'login' AND record_id = ${u.id} ORDER BY at`,
      );
      expect(ips.map((r) => r.ip).slice(-2)).toEqual(['198.51.100.8', '10.31.0.5']);
    } finally {
      await behindProxy.close();
    }
  });

  it('limits attempts on one account from many addresses', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await login(t.app, 'target@test.example', `10.23.0.${i}`)).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
  });

  it('holds across processes: two apps on one database share the counters', async () => {
    const second = await buildApp({
      settings: { dataDir: '/tmp', publicUrl: 'http://kith.test', mailFrom: 'k@test.example' },
      db: t.db,
      registry: t.registry,
      jobs: t.jobs,
      logger: false,
      databaseUrl: t.url,
      realtime: false,
    });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        const app = i % 2 ? second : t.app;
        codes.push((await login(app, 'shared@test.example', '10.24.0.1')).statusCode);
      }
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(codes.slice(10)).toEqual([429, 429]);
    } finally {
      await second.close();
    }
  });
});
