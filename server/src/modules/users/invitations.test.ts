import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { roleId } from '../../platform/auth/auth.service.ts';
import { sha256 } from '../../platform/auth/crypto.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { lastMailTo, linkToken } from './users.test-helpers.ts';

let t: TestApp;
let repRole: string;
let teamId: string;
beforeAll(async () => {
  t = await createTestApp();
  repRole = await roleId(t.db, 'sales_rep');
  teamId = (await t.admin.request('POST', '/api/v1/teams', { name: 'North' })).body.id;
});
afterAll(() => t.close());

const lookup = (token: string) =>
  t.app.inject({ method: 'GET', url: `/api/v1/invitations/lookup?token=${encodeURIComponent(token)}` });
const accept = (payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/invitations/accept', payload });

describe('invitations', () => {
  it('invites by email, and the link makes the account with role and teams and signs in', async () => {
    const made = await t.admin.request('POST', '/api/v1/invitations', {
      email: 'Nia@Test.example',
      name: 'Nia',
      roleId: repRole,
      teamIds: [teamId],
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      email: 'nia@test.example',
      name: 'Nia',
      role: { id: repRole, name: 'Sales rep' },
      teams: [{ id: teamId, name: 'North' }],
      invitedBy: { id: t.admin.userId },
    });
    expect(new Date(made.body.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    const mail = await lastMailTo(t, 'nia@test.example');
    expect(mail?.subject).toBe('Ada Admin invited you to Test Org on Kith');
    const token = linkToken(mail?.text_body ?? '', 'accept-invite');
    expect(JSON.stringify(made.body)).not.toContain(token);
    expect(made.body.id).not.toBe(sha256(token));

    const list = await t.admin.request('GET', '/api/v1/invitations');
    expect(list.body.data.map((i: { email: string }) => i.email)).toContain('nia@test.example');
    expect(JSON.stringify(list.body)).not.toContain(sha256(token));

    const seen = await lookup(token);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toEqual({ email: 'nia@test.example', name: 'Nia', organization: { name: 'Test Org' } });

    const ok = await accept({ token, name: 'Nia Novak', password: 'Nia-password-1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      user: { email: 'nia@test.example', name: 'Nia Novak', role: { key: 'sales_rep' } },
      organization: { name: 'Test Org' },
    });
    const cookie = ok.cookies.find((c) => c.name === 'kith_session');
    expect(cookie?.httpOnly).toBe(true);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `kith_session=${cookie?.value}` },
    });
    expect(me.json().user.email).toBe('nia@test.example');
    const user = await t.admin.request('GET', `/api/v1/users/${ok.json().user.id}`);
    expect(user.body.teams).toEqual([{ id: teamId, name: 'North' }]);

    // Spent: neither lookup nor accept works again, and it left the pending list.
    expect((await lookup(token)).statusCode).toBe(404);
    const again = await accept({ token, name: 'Nia', password: 'Nia-password-1' });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.details.fields).toHaveProperty('token');
    expect(
      (await t.admin.request('GET', '/api/v1/invitations')).body.data.map((i: { email: string }) => i.email),
    ).not.toContain('nia@test.example');
    const audit = await t.db.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE action IN ('invite', 'accept_invite') ORDER BY at`,
    );
    expect(audit.map((a) => a.action)).toEqual(['invite', 'accept_invite']);
  });

  it('refuses an address that already has an account (409)', async () => {
    const r = await t.admin.request('POST', '/api/v1/invitations', { email: 'ADMIN@test.example', roleId: repRole });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('already exists');
  });

  it('a new invitation replaces the pending one; withdrawing one stops its link', async () => {
    await t.admin.request('POST', '/api/v1/invitations', { email: 'omar@test.example', roleId: repRole });
    const first = linkToken((await lastMailTo(t, 'omar@test.example'))?.text_body ?? '', 'accept-invite');
    const second = await t.admin.request('POST', '/api/v1/invitations', {
      email: 'omar@test.example',
      roleId: repRole,
    });
    const token = linkToken((await lastMailTo(t, 'omar@test.example'))?.text_body ?? '', 'accept-invite');
    expect((await lookup(first)).statusCode).toBe(404);
    expect((await lookup(token)).statusCode).toBe(200);
    expect((await t.admin.request('DELETE', `/api/v1/invitations/${second.body.id}`)).status).toBe(204);
    expect((await lookup(token)).statusCode).toBe(404);
    expect((await t.admin.request('DELETE', `/api/v1/invitations/${second.body.id}`)).status).toBe(404);
  });

  it('an expired link does not work', async () => {
    await t.admin.request('POST', '/api/v1/invitations', { email: 'late@test.example', roleId: repRole });
    const token = linkToken((await lastMailTo(t, 'late@test.example'))?.text_body ?? '', 'accept-invite');
    await t.db.query(sql`UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE id = ${sha256(token)}`);
    expect((await lookup(token)).statusCode).toBe(404);
    expect((await accept({ token, name: 'Late', password: 'Late-password-1' })).statusCode).toBe(400);
  });

  it('only admins invite or see invitations', async () => {
    const rep = await createUser(t, { role: 'sales_rep' });
    expect(
      (await rep.agent.request('POST', '/api/v1/invitations', { email: 'x@test.example', roleId: repRole })).status,
    ).toBe(403);
    expect((await rep.agent.request('GET', '/api/v1/invitations')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/invitations' })).statusCode).toBe(401);
  });

  it('rejects bad input with a 400 naming the field', async () => {
    const bad = await t.admin.request('POST', '/api/v1/invitations', {
      email: 'not-an-email',
      roleId: 'x',
      teamIds: ['y'],
      extra: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toMatchObject({
      email: expect.any(String),
      roleId: expect.any(String),
      'teamIds.0': expect.any(String),
      extra: expect.any(String),
    });
    const noRole = await t.admin.request('POST', '/api/v1/invitations', {
      email: 'y@test.example',
      roleId: '01900000-0000-7000-8000-000000000000',
    });
    expect(noRole.status).toBe(400);
    expect(noRole.body.error.details.fields).toHaveProperty('roleId');
    const noTeam = await t.admin.request('POST', '/api/v1/invitations', {
      email: 'y@test.example',
      roleId: repRole,
      teamIds: ['01900000-0000-7000-8000-000000000000'],
    });
    expect(noTeam.status).toBe(400);
    expect(noTeam.body.error.details.fields).toHaveProperty('teamIds');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/invitations/lookup' })).statusCode).toBe(400);
    const weak = await accept({ token: 'abc', name: '', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.details.fields).toMatchObject({ name: expect.any(String), password: expect.any(String) });
    expect((await t.admin.request('DELETE', '/api/v1/invitations/not-an-id')).status).toBe(400);
  });
});
