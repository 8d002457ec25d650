import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('teams', () => {
  it('admins make, change and delete teams; everyone reads them', async () => {
    const a = await createUser(t, { role: 'sales_rep', name: 'Ann' });
    const b = await createUser(t, { role: 'sales_rep', name: 'Bob' });
    const made = await t.admin.request('POST', '/api/v1/teams', {
      name: 'Nordics',
      managerId: a.id,
      memberIds: [a.id, b.id, a.id],
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({
      name: 'Nordics',
      manager: { id: a.id, name: 'Ann' },
      members: [
        { id: a.id, name: 'Ann' },
        { id: b.id, name: 'Bob' },
      ],
    });

    const list = await b.agent.request('GET', '/api/v1/teams');
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { name: string }) => x.name)).toContain('Nordics');
    expect((await b.agent.request('GET', `/api/v1/teams/${made.body.id}`)).body.members).toHaveLength(2);

    // Members share the 'team' scope: Bob sees what Ann owns.
    const contact = (await a.agent.request('POST', '/api/v1/contacts', { firstName: 'Owned', lastName: 'ByAnn' })).body;
    expect((await b.agent.request('GET', `/api/v1/contacts/${contact.id}`)).status).toBe(200);

    const changed = await t.admin.request('PATCH', `/api/v1/teams/${made.body.id}`, {
      name: 'Nordic',
      managerId: null,
      memberIds: [a.id],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Nordic', manager: null, members: [{ id: a.id }] });
    expect((await b.agent.request('GET', `/api/v1/contacts/${contact.id}`)).status).toBe(404);
    const [audit] = await t.db.query<{ changes: Record<string, unknown> }>(
      sql`SELECT changes FROM audit_log WHERE object_type = 'team' AND action = 'update' AND record_id = ${made.body.id}`,
    );
    expect(audit.changes).toMatchObject({
      name: { before: 'Nordics', after: 'Nordic' },
      managerId: { before: a.id, after: null },
    });

    expect((await t.admin.request('DELETE', `/api/v1/teams/${made.body.id}`)).status).toBe(204);
    expect((await t.admin.request('GET', `/api/v1/teams/${made.body.id}`)).status).toBe(404);
    expect((await t.admin.request('GET', `/api/v1/users/${a.id}`)).body.teams).toEqual([]);
  });

  it('names are unique, ignoring case', async () => {
    await t.admin.request('POST', '/api/v1/teams', { name: 'Support' });
    const dup = await t.admin.request('POST', '/api/v1/teams', { name: 'SUPPORT' });
    expect(dup.status).toBe(409);
    const other = (await t.admin.request('POST', '/api/v1/teams', { name: 'Billing' })).body;
    expect((await t.admin.request('PATCH', `/api/v1/teams/${other.id}`, { name: 'support' })).status).toBe(409);
  });

  it('only admins change teams; bad input is a 400 naming the field', async () => {
    const rep = await createUser(t, { role: 'sales_rep' });
    expect((await rep.agent.request('POST', '/api/v1/teams', { name: 'Mine' })).status).toBe(403);
    const team = (await t.admin.request('POST', '/api/v1/teams', { name: 'Ops' })).body;
    expect((await rep.agent.request('PATCH', `/api/v1/teams/${team.id}`, { name: 'Theirs' })).status).toBe(403);
    expect((await rep.agent.request('DELETE', `/api/v1/teams/${team.id}`)).status).toBe(403);
    const bad = await t.admin.request('POST', '/api/v1/teams', {
      name: '',
      managerId: 'x',
      memberIds: 'y',
      colour: 'red',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toMatchObject({
      name: expect.any(String),
      managerId: expect.any(String),
      memberIds: expect.any(String),
      colour: expect.any(String),
    });
    const ghost = '01900000-0000-7000-8000-000000000000';
    const noManager = await t.admin.request('POST', '/api/v1/teams', { name: 'Ghosts', managerId: ghost });
    expect(noManager.status).toBe(400);
    expect(noManager.body.error.details.fields).toHaveProperty('managerId');
    const noMember = await t.admin.request('PATCH', `/api/v1/teams/${team.id}`, { memberIds: [ghost] });
    expect(noMember.status).toBe(400);
    expect(noMember.body.error.details.fields).toHaveProperty('memberIds');
    expect((await t.admin.request('DELETE', `/api/v1/teams/${ghost}`)).status).toBe(404);
  });
});
