// Territories against a real database: the hierarchy refuses cycles and meaningless criteria,
// companies take their territory when written, a record with only a company takes the company's,
// the reassignment job (run by hand: no waiting) follows a change of criteria, and only managers
// and admins change anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { reassignTuning, runReassign } from './territory-reassign.ts';

// What leads and deals will be: an entry with a company and its own (optional) location.
const prospectObject = defineObject({
  name: 'prospect',
  plural: 'prospects',
  label: 'Prospect',
  labelPlural: 'Prospects',
  icon: 'target',
  table: 'test_prospects',
  titleFields: ['name'],
  access: access.customerData(),
  fields: {
    name: field.text({ required: true }),
    companyId: field.relation('company'),
    country: field.text(),
    postalCode: field.text(),
    territoryId: field.relation('territory', { computed: true }),
  },
});

let t: TestApp;
let manager: { id: string; agent: Agent };
let rep: { id: string; agent: Agent };
const ids: Record<string, string> = {};

const post = async (agent: Agent, url: string, body: unknown) => {
  const r = await agent.request('POST', url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
};

/** Runs every queued reassignment now, as the worker would. */
async function runQueued() {
  const queued = await t.db.query<{ id: string }>(
    sql`SELECT id FROM territory_assignment_runs WHERE status IN ('queued', 'running') ORDER BY created_at`,
  );
  for (const q of queued)
    await runReassign({ db: t.db, registry: t.registry, now: () => new Date(), log: console as never }, q.id);
}

beforeAll(async () => {
  t = await createTestApp({ objects: [prospectObject] });
  manager = await createUser(t, { role: 'sales_manager', name: 'Mia Manager' });
  rep = await createUser(t, { role: 'sales_rep', team: 'Territory reps', name: 'Rico Rep' });
  const emea = await post(manager.agent, '/api/v1/territories', { name: 'EMEA', countries: ['Germany', 'FR', 'AT'] });
  const dach = await post(manager.agent, '/api/v1/territories', {
    name: 'DACH',
    parentId: emea.id,
    countries: ['DE', 'Österreich'],
  });
  const munich = await post(manager.agent, '/api/v1/territories', {
    name: 'Munich',
    parentId: dach.id,
    postalCodes: ['80*', '81000-81999'],
  });
  Object.assign(ids, { emea: emea.id, dach: dach.id, munich: munich.id });
});
afterAll(() => t?.close());

describe('the hierarchy', () => {
  it('refuses cycles and self-parents with a 400 naming parentId, and writes nothing', async () => {
    const self = await manager.agent.request('PATCH', `/api/v1/territories/${ids.emea}`, { parentId: ids.emea });
    expect(self.status).toBe(400);
    expect(self.body.error.details.fields).toHaveProperty('parentId');
    const loop = await manager.agent.request('PATCH', `/api/v1/territories/${ids.emea}`, { parentId: ids.munich });
    expect(loop.status).toBe(400);
    expect(loop.body.error.message).toMatch(/^parentId: .*cycle/);
    const emea = await manager.agent.request('GET', `/api/v1/territories/${ids.emea}`);
    expect(emea.body.parentId).toBeNull();
  });

  it('refuses criteria it could not match, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ countries: ['Atlantis'] }, 'countries'],
      [{ postalCodes: ['7*5'] }, 'postalCodes'],
      [{ postalCodes: ['20000-10000'] }, 'postalCodes'],
      [{ cities: ['---'] }, 'cities'],
      [{ parentId: 'not-an-id' }, 'parentId'],
    ];
    for (const [body, name] of cases) {
      const r = await manager.agent.request('POST', '/api/v1/territories', { name: 'Bad', ...body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.message).toContain(name);
    }
    const [n] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM territories WHERE name = 'Bad'`);
    expect(n.n).toBe(0);
  });

  it('refuses to delete a territory that still has sub-territories', async () => {
    const r = await manager.agent.request('DELETE', `/api/v1/territories/${ids.dach}`);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toMatch(/sub-territor/);
  });
});

describe('records take a territory by rule', () => {
  it('sets a company’s territory on create and update, from its fields or its first address', async () => {
    const munich = await post(rep.agent, '/api/v1/companies', {
      name: 'Brezn GmbH',
      country: 'Deutschland',
      addresses: [{ city: 'München', postalCode: '80331' }],
    });
    expect(munich.territoryId).toBe(ids.munich);
    const berlin = await post(rep.agent, '/api/v1/companies', { name: 'Spree AG', country: 'DE', city: 'Berlin' });
    expect(berlin.territoryId).toBe(ids.dach);
    const moved = await rep.agent.request('PATCH', `/api/v1/companies/${berlin.id}`, {
      addresses: [{ postalCode: '81 543' }],
    });
    expect(moved.body.territoryId).toBe(ids.munich);
    const abroad = await rep.agent.request('PATCH', `/api/v1/companies/${berlin.id}`, { country: 'Japan' });
    expect(abroad.body.territoryId).toBeNull();
    ids.spree = berlin.id;
    ids.brezn = munich.id;
  });

  it('leaves a company without a location without a territory, and refuses a territory sent by hand', async () => {
    const none = await post(rep.agent, '/api/v1/companies', { name: 'Nowhere Ltd' });
    expect(none.territoryId).toBeNull();
    const forged = await rep.agent.request('PATCH', `/api/v1/companies/${none.id}`, { territoryId: ids.emea });
    expect(forged.status).toBe(400);
    expect(forged.body.error.message).toContain('territoryId');
  });

  it('gives a record with only a company that company’s territory, and moves it with the company', async () => {
    const p = await post(rep.agent, '/api/v1/prospects', { name: 'Pretzel deal', companyId: ids.brezn });
    expect(p.territoryId).toBe(ids.munich);
    const own = await post(rep.agent, '/api/v1/prospects', {
      name: 'Own place',
      companyId: ids.brezn,
      country: 'France',
    });
    expect(own.territoryId).toBe(ids.emea);
    // The company moves to Berlin: the prospect without a place of its own follows, the other stays.
    await rep.agent.request('PATCH', `/api/v1/companies/${ids.brezn}`, {
      addresses: [{ city: 'Berlin', postalCode: '10115' }],
    });
    const after = await rep.agent.request('GET', `/api/v1/prospects/${p.id}`);
    expect(after.body.territoryId).toBe(ids.dach);
    expect((await rep.agent.request('GET', `/api/v1/prospects/${own.id}`)).body.territoryId).toBe(ids.emea);
    ids.prospect = p.id;
  });

  it('lists companies by territory (the field is filterable)', async () => {
    const r = await rep.agent.request('GET', `/api/v1/companies?territoryId=${ids.dach}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data.map((c: { name: string }) => c.name).sort()).toEqual(['Brezn GmbH']);
  });
});

describe('re-running assignment', () => {
  it('follows a change of criteria in batches, queued by the change itself, with one audit entry', async () => {
    reassignTuning.batchSize = 2;
    await runQueued(); // the runs the set-up queued
    for (let i = 0; i < 5; i++)
      await post(rep.agent, '/api/v1/companies', { name: `Viennese ${i}`, country: 'AT', city: 'Wien' });
    const vienna = await post(manager.agent, '/api/v1/territories', {
      name: 'Vienna',
      parentId: ids.dach,
      cities: ['Vienna'],
    });
    // Written before Vienna existed, the Viennese companies sit in DACH until the run.
    const before = await rep.agent.request('GET', `/api/v1/companies?territoryId=${ids.dach}&limit=100`);
    expect(before.body.data.filter((c: { name: string }) => c.name.startsWith('Viennese'))).toHaveLength(5);
    const status = await rep.agent.request('GET', '/api/v1/territories/reassign');
    expect(status.body.run).toMatchObject({ status: 'queued', reason: 'territory changed' });

    // "Wien" is not "Vienna": change the criteria; the queued run takes this change too.
    const patched = await manager.agent.request('PATCH', `/api/v1/territories/${vienna.id}`, {
      cities: ['Vienna', 'Wien'],
    });
    expect(patched.status).toBe(200);
    const [queued] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM territory_assignment_runs WHERE status = 'queued'`,
    );
    expect(queued.n).toBe(1);
    await runQueued();

    const inVienna = await rep.agent.request('GET', `/api/v1/companies?territoryId=${vienna.id}&limit=100`);
    expect(inVienna.body.data).toHaveLength(5);
    const done = await rep.agent.request('GET', '/api/v1/territories/reassign');
    expect(done.body.run).toMatchObject({ status: 'done', changed: 5 });
    expect(done.body.run.processed).toBe(done.body.run.total);
    const audits = await t.db.query<{ changes: { changed: number } }>(
      sql`SELECT changes FROM audit_log WHERE action = 'territory.reassign' ORDER BY at DESC LIMIT 1`,
    );
    expect(audits[0].changes.changed).toBe(5);
    reassignTuning.batchSize = 2000;
  });

  it('moves records that inherit from a company after the company, and clears what no longer matches', async () => {
    // DACH off: its subtree claims nothing; Brezn (Berlin) falls back to EMEA, its prospect with it.
    await manager.agent.request('PATCH', `/api/v1/territories/${ids.dach}`, { inactive: true });
    await runQueued();
    expect((await rep.agent.request('GET', `/api/v1/companies/${ids.brezn}`)).body.territoryId).toBe(ids.emea);
    expect((await rep.agent.request('GET', `/api/v1/prospects/${ids.prospect}`)).body.territoryId).toBe(ids.emea);
    await manager.agent.request('PATCH', `/api/v1/territories/${ids.dach}`, { inactive: false });
    const run = await manager.agent.request('POST', '/api/v1/territories/reassign');
    expect(run.status).toBe(202);
    await runQueued();
    expect((await rep.agent.request('GET', `/api/v1/prospects/${ids.prospect}`)).body.territoryId).toBe(ids.dach);
    // A second run finds nothing to change.
    await manager.agent.request('POST', '/api/v1/territories/reassign');
    await runQueued();
    expect((await rep.agent.request('GET', '/api/v1/territories/reassign')).body.run.changed).toBe(0);
  });
});

describe('members, the tree and permissions', () => {
  it('keeps reps and managers of a territory, refusing unknown people and duplicates', async () => {
    const set = await manager.agent.request('PUT', `/api/v1/territories/${ids.munich}/members`, {
      members: [
        { userId: rep.id, role: 'rep' },
        { userId: manager.id, role: 'manager' },
      ],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      ['Rico Rep', 'rep'],
      ['Mia Manager', 'manager'],
    ]);
    const twice = await manager.agent.request('PUT', `/api/v1/territories/${ids.munich}/members`, {
      members: [
        { userId: rep.id, role: 'rep' },
        { userId: rep.id, role: 'manager' },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('members.1.userId');
    const unknown = await manager.agent.request('PUT', `/api/v1/territories/${ids.munich}/members`, {
      members: [{ userId: '00000000-0000-7000-8000-000000000000', role: 'rep' }],
    });
    expect(unknown.status).toBe(400);
    const badRole = await manager.agent.request('PUT', `/api/v1/territories/${ids.munich}/members`, {
      members: [{ userId: rep.id, role: 'boss' }],
    });
    expect(badRole.status).toBe(400);
    expect((await rep.agent.request('GET', `/api/v1/territories/${ids.munich}/members`)).body.data).toHaveLength(2);
  });

  it('reads as a tree with members, and counts records only for readers who see them all', async () => {
    const asManager = await manager.agent.request('GET', '/api/v1/territories/tree');
    expect(asManager.status).toBe(200);
    const names = asManager.body.data.map((n: { name: string; depth: number }) => `${'-'.repeat(n.depth)}${n.name}`);
    expect(names).toEqual(['EMEA', '-DACH', '--Munich', '--Vienna']);
    const dach = asManager.body.data.find((n: { name: string }) => n.name === 'DACH');
    expect(dach.recordCounts).toEqual({ company: 1, prospect: 1 }); // Brezn, now in Berlin, and its prospect
    const munich = asManager.body.data.find((n: { name: string }) => n.name === 'Munich');
    expect(munich.members).toHaveLength(2);
    // A rep reads companies of their team only: no counts past that.
    const asRep = await rep.agent.request('GET', '/api/v1/territories/tree');
    expect(asRep.status).toBe(200);
    expect(asRep.body.data.every((n: { recordCounts: object }) => Object.keys(n.recordCounts).length === 0)).toBe(true);
  });

  it('lets reps read territories but change nothing', async () => {
    expect((await rep.agent.request('GET', '/api/v1/territories')).status).toBe(200);
    expect((await rep.agent.request('POST', '/api/v1/territories', { name: 'Mine' })).status).toBe(403);
    expect((await rep.agent.request('PATCH', `/api/v1/territories/${ids.emea}`, { name: 'Mine' })).status).toBe(403);
    expect((await rep.agent.request('DELETE', `/api/v1/territories/${ids.munich}`)).status).toBe(403);
    expect((await rep.agent.request('POST', '/api/v1/territories/reassign')).status).toBe(403);
    const members = await rep.agent.request('PUT', `/api/v1/territories/${ids.munich}/members`, { members: [] });
    expect(members.status).toBe(403);
    // Admins may do everything.
    expect((await t.admin.request('POST', '/api/v1/territories/reassign')).status).toBe(202);
  });
});
