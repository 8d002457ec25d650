import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { lastMailTo, linkToken } from '../../modules/users/users.test-helpers.ts';
import { createTestApp, createUser, signIn, type TestApp } from '../../test/factories.ts';
import { sha256 } from './crypto.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
});
afterAll(() => t.close());

const request = (email: string, remoteAddress = '10.1.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', remoteAddress, payload: { email } });
const mailCount = async (address: string) =>
  (await t.db.query(sql`SELECT 1 FROM outbox WHERE to_address = ${address}`)).length;
/** Asks for a link and waits for the job to mail it. */
async function requestAndWait(email: string, remoteAddress?: string) {
  const before = await mailCount(email.toLowerCase());
  const r = await request(email, remoteAddress);
  await expect.poll(() => mailCount(email.toLowerCase())).toBe(before + 1);
  return r;
}
const confirm = (token: string, password: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset/confirm',
    remoteAddress: '10.1.0.2',
    payload: { token, password },
  });

describe('password reset', () => {
  it('answers the same for known and unknown addresses, and mails only the known one', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    // A job sends the link: the answer takes the same time whether or not the address has an account.
    const unknown = await request('nobody@test.example');
    const known = await requestAndWait(u.email.toUpperCase(), '10.1.0.5');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    expect(await lastMailTo(t, 'nobody@test.example')).toBeUndefined(); // its job ran first
    const mail = await lastMailTo(t, u.email);
    expect(mail?.status).toBe('captured');
    const token = linkToken(mail?.text_body ?? '', 'reset-password');
    // Stored only as its hash, valid one hour.
    const [row] = await t.db.query<{ id: string; valid: boolean }>(sql`
      SELECT id, expires_at BETWEEN now() + interval '59 minutes' AND now() + interval '61 minutes' AS valid FROM auth_tokens WHERE kind = 'reset' AND email = ${u.email}`);
    expect(row).toEqual({ id: sha256(token), valid: true });
    expect(
      JSON.stringify(await t.db.query(sql`SELECT changes FROM audit_log WHERE action = 'password_reset_request'`)),
    ).not.toContain(token);
  });

  it('sets the new password, ends every session and spends the link', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    const other = await signIn(t.app, u.email);
    await requestAndWait(u.email, '10.1.0.3');
    const token = linkToken((await lastMailTo(t, u.email))?.text_body ?? '', 'reset-password');
    const ok = await confirm(token, 'A-brand-new-password');
    expect(ok.statusCode).toBe(204);
    expect((await u.agent.request('GET', '/api/v1/auth/me')).status).toBe(401);
    expect((await other.request('GET', '/api/v1/auth/me')).status).toBe(401);
    await expect(signIn(t.app, u.email)).rejects.toThrow('401');
    expect((await signIn(t.app, u.email, 'A-brand-new-password')).userId).toBe(u.id);
    const again = await confirm(token, 'Another-new-password');
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.fields).toHaveProperty('token');
    const [audit] = await t.db.query<{ actor_id: string; changes: unknown }>(
      sql`SELECT actor_id, changes FROM audit_log WHERE action = 'password_reset' AND record_id = ${u.id}`,
    );
    expect(audit.actor_id).toBe(u.id);
    expect(JSON.stringify(audit.changes)).not.toMatch(/password"|token/i);
  });

  it('refuses an expired link, an older link and a deactivated user', async () => {
    const u = await createUser(t, { role: 'sales_rep' });
    await requestAndWait(u.email, '10.1.0.4');
    const first = linkToken((await lastMailTo(t, u.email))?.text_body ?? '', 'reset-password');
    await requestAndWait(u.email, '10.1.0.4');
    const second = linkToken((await lastMailTo(t, u.email))?.text_body ?? '', 'reset-password');
    expect((await confirm(first, 'Long-enough-password')).statusCode).toBe(400); // only the newest works
    await t.db.query(sql`UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE id = ${sha256(second)}`);
    expect((await confirm(second, 'Long-enough-password')).statusCode).toBe(400);

    const gone = await createUser(t, { role: 'sales_rep' });
    await t.db.query(sql`UPDATE users SET is_active = false WHERE id = ${gone.id}`);
    expect((await request(gone.email, '10.1.0.4')).statusCode).toBe(202);
    await requestAndWait(u.email, '10.1.0.6'); // jobs run in order: the one for the deactivated user is done
    expect(await lastMailTo(t, gone.email)).toBeUndefined();
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'nope', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toMatchObject({ email: expect.any(String), extra: expect.any(String) });
    const short = await confirm('whatever', 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.fields).toHaveProperty('password');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset/confirm', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.fields).toMatchObject({
      token: expect.any(String),
      password: expect.any(String),
    });
  });

  it('rate-limits requests for one address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await request('flood@test.example', `10.2.0.${i}`)).statusCode);
    expect(codes).toEqual([202, 202, 202, 202, 202, 429, 429]);
  });
});
