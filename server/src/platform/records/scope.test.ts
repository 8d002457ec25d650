// Relations and owners stay inside the principal's scope on every write path (create, update,
// bulk), and no title of a record hidden from them shows in lists, on a record or in exports.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { joinedTitlesAtMost } from './record-mapper.ts';

let t: TestApp;
let red: { id: string; agent: Agent };
let redMate: { id: string };
let blue: { id: string };
let exporter: Agent;
let hiddenCo: string;
let redCo: string;
beforeAll(async () => {
  t = await createTestApp();
  red = await createUser(t, { role: 'sales_rep', team: 'Red' });
  redMate = await createUser(t, { role: 'sales_rep', team: 'Red' });
  blue = await createUser(t, { role: 'sales_rep', team: 'Blue' });
  hiddenCo = (await t.admin.request('POST', '/api/v1/companies', { name: 'Hidden Blue Corp', ownerId: blue.id })).body
    .id;
  redCo = (await t.admin.request('POST', '/api/v1/companies', { name: 'Red Corp', ownerId: red.id })).body.id;
  // Every contact, but only the team's companies, and may export.
  const role = await t.admin.request('POST', '/api/v1/roles', {
    name: 'Team exporter',
    permissions: {
      contact: { create: true, read: true, update: true, delete: false, export: true, scope: 'all' },
      company: { create: false, read: true, update: false, delete: false, export: false, scope: 'team' },
    },
  });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  exporter = (await createUser(t, { role: role.body.key, team: 'Red' })).agent;
});
afterAll(() => t.close());

const noSuchCompany = (r: { status: number; body: { error: { message: string; details: unknown } } }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(400);
  expect(r.body.error.message).toBe('companyId: no such company');
  expect(r.body.error.details).toEqual({ fields: { companyId: 'does not exist' } });
};

describe('relations stay within the read scope', () => {
  it('refuses a company the user cannot read on create, update and bulk update, as if it did not exist', async () => {
    noSuchCompany(await red.agent.request('POST', '/api/v1/contacts', { firstName: 'Rita', companyId: hiddenCo }));
    // The same answer for an id that exists nowhere: nothing is learnt about the hidden one.
    noSuchCompany(
      await red.agent.request('POST', '/api/v1/contacts', {
        firstName: 'Rita',
        companyId: '01930000-0000-7000-8000-000000000000',
      }),
    );
    const mine = await red.agent.request('POST', '/api/v1/contacts', { firstName: 'Rita', companyId: redCo });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    expect(mine.body.company).toEqual({ id: redCo, title: 'Red Corp' });
    noSuchCompany(await red.agent.request('PATCH', `/api/v1/contacts/${mine.body.id}`, { companyId: hiddenCo }));
    noSuchCompany(
      await red.agent.request('POST', '/api/v1/contacts/bulk', {
        ids: [mine.body.id],
        action: 'update',
        values: { companyId: hiddenCo },
      }),
    );
    const after = await red.agent.request('GET', `/api/v1/contacts/${mine.body.id}`);
    expect(after.body.companyId).toBe(redCo);
  });

  it('shows the id but never the title of a related record the reader cannot read', async () => {
    // An admin links a Red contact to Blue's company; Red may keep the contact, not see the company.
    const c = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Linked',
      lastName: 'Across',
      ownerId: red.id,
      companyId: hiddenCo,
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body.company).toEqual({ id: hiddenCo, title: 'Hidden Blue Corp' });

    const got = await red.agent.request('GET', `/api/v1/contacts/${c.body.id}`);
    expect(got.body.company).toEqual({ id: hiddenCo, title: null });
    const listed = await red.agent.request('GET', '/api/v1/contacts?q=Across');
    expect(listed.body.data.map((r: { company: unknown }) => r.company)).toEqual([{ id: hiddenCo, title: null }]);
    expect(JSON.stringify(listed.body)).not.toContain('Hidden Blue');
    // Editing something else on the record still works (the link is not re-checked).
    expect((await red.agent.request('PATCH', `/api/v1/contacts/${c.body.id}`, { jobTitle: 'Buyer' })).status).toBe(200);

    const csv = await t.app.inject({
      url: '/api/v1/contacts/export.csv?q=Across&columns=firstName,companyId',
      headers: { cookie: exporter.cookie },
    });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.body).not.toContain('Hidden Blue');
    const rows: string[][] = parse(csv.body, { bom: true });
    expect(rows[1]).toEqual(['Linked', hiddenCo]);
    // Those who may read the company still see its name.
    expect((await t.admin.request('GET', `/api/v1/contacts/${c.body.id}`)).body.company.title).toBe('Hidden Blue Corp');
  });

  it('hides it the same way when titles are read by subqueries (an entry with many relations: a deal)', async () => {
    const deals = t.registry.get('deal');
    const related = [...(deals?.fields.values() ?? [])].filter((f) => f.type === 'relation' || f.type === 'user');
    expect(related.length).toBeGreaterThan(joinedTitlesAtMost);
    const [stage] = await t.db.query<{ id: string; pipeline_id: string }>(
      sql`SELECT id, pipeline_id FROM pipeline_stages WHERE deleted_at IS NULL ORDER BY position LIMIT 1`,
    );
    const d = await t.admin.request('POST', '/api/v1/deals', {
      name: 'Across deal',
      ownerId: red.id,
      companyId: hiddenCo,
      pipelineId: stage.pipeline_id,
      stageId: stage.id,
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body.company).toEqual({ id: hiddenCo, title: 'Hidden Blue Corp' });
    const got = await red.agent.request('GET', `/api/v1/deals/${d.body.id}`);
    expect(got.body.company).toEqual({ id: hiddenCo, title: null });
    expect(got.body.owner).toEqual({ id: red.id, title: expect.any(String) });
    const listed = await red.agent.request('GET', '/api/v1/deals?q=Across');
    expect(listed.body.data.map((r: { company: unknown }) => r.company)).toEqual([{ id: hiddenCo, title: null }]);
    expect(JSON.stringify(listed.body)).not.toContain('Hidden Blue');
  });
});

describe('merging', () => {
  it("keeps the duplicate's link to a company the user cannot read, without showing its name", async () => {
    const primary = await red.agent.request('POST', '/api/v1/contacts', { firstName: 'Mergeable', lastName: 'One' });
    const dup = await t.admin.request('POST', '/api/v1/contacts?allowDuplicate=true', {
      firstName: 'Mergeable',
      lastName: 'Two',
      ownerId: red.id,
      companyId: hiddenCo,
    });
    expect(dup.status, JSON.stringify(dup.body)).toBe(201);
    const merged = await red.agent.request('POST', '/api/v1/contacts/merge', {
      primaryId: primary.body.id,
      duplicateId: dup.body.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.company).toEqual({ id: hiddenCo, title: null });
    // Only the duplicate's own link passes: set anew, the same id is refused.
    await red.agent.request('PATCH', `/api/v1/contacts/${primary.body.id}`, { companyId: null });
    noSuchCompany(await red.agent.request('PATCH', `/api/v1/contacts/${primary.body.id}`, { companyId: hiddenCo }));
  });
});

describe('typo search', () => {
  it("finds the reader's own similar names even when hundreds of others' come first", async () => {
    // Others' similar names first in the table: the candidates must be taken within the scope.
    await t.db.query(sql`INSERT INTO companies (id, title, name, search_text, owner_id)
      SELECT gen_random_uuid(), 'Zanzibar Trading ' || i, 'Zanzibar Trading ' || i, 'zanzibar trading', ${blue.id}::uuid
      FROM generate_series(1, 600) i`);
    const mine = await red.agent.request('POST', '/api/v1/companies', { name: 'Zanzibar Trading Red' });
    expect(mine.status, JSON.stringify(mine.body)).toBe(201);
    const r = await red.agent.request('GET', '/api/v1/companies?q=zanzibr');
    expect(r.status).toBe(200);
    expect(r.body.data.map((c: { id: string }) => c.id)).toEqual([mine.body.id]);
  });
});

describe('owners stay within the team on every path', () => {
  const outside = (r: { status: number; body: { error: { code: string; message: string } } }) => {
    expect(r.status, JSON.stringify(r.body)).toBe(403);
    expect(r.body.error.message).toBe('ownerId: you may only assign companies within your team');
  };

  it('refuses an owner from another team on create, update and bulk update alike', async () => {
    outside(await red.agent.request('POST', '/api/v1/companies', { name: 'Gift to Blue', ownerId: blue.id }));
    outside(await red.agent.request('PATCH', `/api/v1/companies/${redCo}`, { ownerId: blue.id }));
    outside(
      await red.agent.request('POST', '/api/v1/companies/bulk', {
        ids: [redCo],
        action: 'update',
        values: { ownerId: blue.id },
      }),
    );
    // Nobody's record is outside every team too.
    outside(await red.agent.request('POST', '/api/v1/companies', { name: 'Orphan', ownerId: null }));
    const names = (await t.admin.request('GET', '/api/v1/companies?limit=500')).body.data.map(
      (c: { title: string }) => c.title,
    );
    expect(names).not.toContain('Gift to Blue');
    expect(names).not.toContain('Orphan');
  });

  it('accepts an owner within the team, and admins assign anyone', async () => {
    const made = await red.agent.request('POST', '/api/v1/companies', { name: 'For a mate', ownerId: redMate.id });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.ownerId).toBe(redMate.id);
    const bulk = await red.agent.request('POST', '/api/v1/companies/bulk', {
      ids: [made.body.id],
      action: 'update',
      values: { ownerId: red.id },
    });
    expect(bulk.body).toEqual({ updated: 1 });
    const admin = await t.admin.request('POST', '/api/v1/companies', { name: 'Blue by admin', ownerId: blue.id });
    expect(admin.status).toBe(201);
  });
});
