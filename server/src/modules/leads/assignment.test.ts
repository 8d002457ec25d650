// Lead assignment: the first enabled rule that matches a new lead gives it an owner — a user, or
// the next member of a team in turn (fair under concurrent creates) — on every way a lead is
// made; the assignee is told; no match leaves the owner as made. Admins alone edit the rules.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { importCsv } from '../imports/imports.test-helpers.ts';
import { webToLeadPath } from './web-to-lead.service.ts';

let t: TestApp;
let inbound: Array<{ id: string; agent: Agent }>;
let bob: { id: string; agent: Agent };
let marketer: { id: string; agent: Agent };
let teamId: string;
let n = 0;

const germany = { op: 'and', conditions: [{ field: 'country', cmp: 'eq', value: 'Germany' }] };
const makeLead = async (by: Agent, extra: Record<string, unknown> = {}) => {
  const res = await by.request('POST', '/api/v1/leads', {
    lastName: `Lead ${++n}`,
    email: `lead${n}@x.test`,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; ownerId: string | null; status: string };
};
const rules = async () => (await t.admin.request('GET', '/api/v1/lead-assignment-rules')).body.data;
const clearRules = async () => {
  for (const r of await rules()) await t.admin.request('DELETE', `/api/v1/lead-assignment-rules/${r.id}`);
};
const tally = (ids: Array<string | null>) => {
  const out: Record<string, number> = {};
  for (const id of ids) out[id ?? 'none'] = (out[id ?? 'none'] ?? 0) + 1;
  return out;
};

beforeAll(async () => {
  t = await createTestApp({ workers: true });
  inbound = [];
  for (let i = 0; i < 3; i++)
    inbound.push(await createUser(t, { role: 'sales_rep', team: 'Inbound', name: `Rep ${i}` }));
  inbound.sort((a, b) => (a.id < b.id ? -1 : 1));
  bob = await createUser(t, { role: 'sales_rep', team: 'Germany', name: 'Bob' });
  marketer = await createUser(t, { role: 'marketing', name: 'Mia Marketing' });
  [{ id: teamId }] = await t.db.query<{ id: string }>(sql`SELECT id FROM teams WHERE name = 'Inbound'`);
});
afterAll(() => t?.close());

describe('lead assignment rules', () => {
  it('are edited by admins only, with conditions checked as the list filter checks them', async () => {
    const refused = await bob.agent.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Mine',
      action: { kind: 'user', userId: bob.id },
    });
    expect(refused.status).toBe(403);
    const badField = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Bad',
      conditions: { op: 'and', conditions: [{ field: 'shoeSize', cmp: 'eq', value: 42 }] },
      action: { kind: 'user', userId: bob.id },
    });
    expect(badField.status).toBe(400);
    expect(badField.body.error.details.fields).toHaveProperty(['conditions.conditions.0.field']);
    const badValue = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Bad',
      conditions: { op: 'and', conditions: [{ field: 'score', cmp: 'gt', value: 'high' }] },
      action: { kind: 'user', userId: bob.id },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.body.error.details.fields).toHaveProperty(['conditions.conditions.0.value']);
    const badTeam = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Bad',
      action: { kind: 'roundRobin', teamId: bob.id },
    });
    expect(badTeam.status).toBe(400);
    expect(badTeam.body.error.details.fields).toHaveProperty(['action.teamId']);
    const badKind = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Bad',
      action: { kind: 'astrology' },
    });
    expect(badKind.status).toBe(400);
    expect(await rules()).toEqual([]);
  });

  it('give a new lead to the first matching rule’s user, who is told; no match leaves the maker as owner', async () => {
    const de = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Germany to Bob',
      conditions: germany,
      action: { kind: 'user', userId: bob.id },
    });
    expect(de.status, JSON.stringify(de.body)).toBe(201);
    // Any field may be a condition (region has no index of its own).
    const bavaria = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Bavaria to the first rep',
      conditions: { op: 'and', conditions: [{ field: 'region', cmp: 'eq', value: 'Bavaria' }] },
      action: { kind: 'user', userId: inbound[0].id },
    });
    expect(bavaria.status).toBe(201);

    // The marketer makes it; the rule gives it to Bob, outside the marketer's reach, as the system.
    const lead = await makeLead(marketer.agent, { firstName: 'Greta', country: 'Germany', region: 'Bavaria' });
    expect(lead).toMatchObject({ ownerId: bob.id, status: 'new' });
    const told = await bob.agent.request('GET', '/api/v1/notifications');
    expect(told.body.data).toMatchObject([
      { kind: 'assignment', title: `New lead for you: Greta ${`Lead ${n}`}`, record: { object: 'lead', id: lead.id } },
    ]);
    const audit = await t.admin.request('GET', `/api/v1/leads/${lead.id}/audit`);
    expect(audit.body.data[0]).toMatchObject({
      action: 'update',
      actorKind: 'system',
      changes: { ownerId: { before: marketer.id, after: bob.id } },
    });

    const bav = await makeLead(marketer.agent, { country: 'Austria', region: 'Bavaria' });
    expect(bav.ownerId).toBe(inbound[0].id);
    const none = await makeLead(marketer.agent, { country: 'France', status: 'contacted' });
    expect(none).toMatchObject({ ownerId: marketer.id, status: 'contacted' });

    // Reordered, the Bavaria rule comes first; disabled, the Germany rule is passed over.
    const reordered = await t.admin.request('PUT', '/api/v1/lead-assignment-rules/order', {
      ids: [bavaria.body.id, de.body.id],
    });
    expect(reordered.body.data.map((r: { name: string }) => r.name)).toEqual([
      'Bavaria to the first rep',
      'Germany to Bob',
    ]);
    expect((await makeLead(t.admin, { country: 'Germany', region: 'Bavaria' })).ownerId).toBe(inbound[0].id);
    await t.admin.request('PATCH', `/api/v1/lead-assignment-rules/${bavaria.body.id}`, { enabled: false });
    expect((await makeLead(t.admin, { country: 'Germany', region: 'Bavaria' })).ownerId).toBe(bob.id);
    const partial = await t.admin.request('PUT', '/api/v1/lead-assignment-rules/order', { ids: [de.body.id] });
    expect(partial.status).toBe(400);
    await clearRules();
  });

  it('share leads among a team in turn, fairly when many arrive at once', async () => {
    const rr = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Inbound round-robin',
      action: { kind: 'roundRobin', teamId },
    });
    expect(rr.status, JSON.stringify(rr.body)).toBe(201);
    const inTurn: Array<string | null> = [];
    for (let i = 0; i < 6; i++) inTurn.push((await makeLead(t.admin)).ownerId);
    const ids = inbound.map((u) => u.id);
    expect(inTurn).toEqual([...ids, ...ids]);

    // Nine at once: each takes the rule's row lock in turn, so each rep gets three.
    const at = await Promise.all(Array.from({ length: 9 }, () => makeLead(t.admin)));
    expect(tally(at.map((l) => l.ownerId))).toEqual(Object.fromEntries(ids.map((id) => [id, 3])));
    // Each was told of theirs.
    const notes = await inbound[1].agent.request('GET', '/api/v1/notifications?kind=assignment');
    expect(notes.body.data.length).toBeGreaterThanOrEqual(5);

    // A member who leaves the team drops out of the turn.
    await t.db.query(sql`DELETE FROM team_members WHERE user_id = ${ids[0]}::uuid`);
    const after = [];
    for (let i = 0; i < 4; i++) after.push((await makeLead(t.admin)).ownerId);
    expect(new Set(after)).toEqual(new Set([ids[1], ids[2]]));
    await clearRules();
  });

  it('run on every way a lead is made: the web-to-lead form and the import too', async () => {
    await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'Germany to Bob',
      conditions: germany,
      action: { kind: 'user', userId: bob.id },
    });
    await t.admin.request('PUT', '/api/v1/web-to-lead/settings', { enabled: true, allowedOrigins: [] });
    const posted = await t.app.inject({
      method: 'POST',
      url: webToLeadPath,
      remoteAddress: '10.90.0.1',
      payload: { email: 'web@x.test', last_name: 'Web', country: 'Germany' },
    });
    expect(posted.statusCode, posted.body).toBe(200);
    const [web] = await t.db.query<{ owner_id: string }>(sql`SELECT owner_id FROM leads WHERE email = 'web@x.test'`);
    expect(web.owner_id).toBe(bob.id);

    // An import writes row by row through the same hooks.
    const { result } = await importCsv(
      t.admin,
      'lead',
      'Last name,Email,Country\nImported one,imp1@x.test,Germany\nImported two,imp2@x.test,Spain\n',
    );
    expect(result.status, JSON.stringify(result)).toBe('done');
    const owners = await t.db.query<{ last_name: string; owner_id: string; status: string }>(
      sql`SELECT last_name, owner_id, status FROM leads WHERE last_name LIKE 'Imported%' ORDER BY last_name`,
    );
    expect(owners).toEqual([
      { last_name: 'Imported one', owner_id: bob.id, status: 'new' },
      { last_name: 'Imported two', owner_id: t.admin.userId, status: 'new' },
    ]);
  });
});
