// The 'territory' record scope over HTTP: a rep of EMEA (whose child is Germany) sees the
// companies, leads and deals in EMEA and Germany and their own, nothing else — in lists, by id,
// in aggregates and the board, in search and when changing them; a change of membership or of the
// tree takes effect at the next request; entries without a territory read it as the team scope;
// an API key of a team role made by a territory-scoped user reaches only the user's own records.
import type { ObjectPermission } from '@kith/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let mate: { id: string; agent: Agent };
let other: { id: string; agent: Agent };
let pipelineId: string;
let stageId: string;
const ids: Record<string, string> = {};

const post = async (agent: Agent, url: string, body: unknown) => {
  const r = await agent.request('POST', url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
};

/** The names a list shows the agent (one page is all of them here). */
const names = async (agent: Agent, plural: string, query = '') => {
  const r = await agent.request('GET', `/api/v1/${plural}?limit=100${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.data as Array<{ name?: string; lastName?: string }>).map((x) => x.name ?? x.lastName).sort();
};

const setMembers = async (territory: string, userIds: string[]) => {
  const r = await t.admin.request('PUT', `/api/v1/territories/${territory}/members`, {
    members: userIds.map((userId) => ({ userId, role: 'rep' })),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
};

beforeAll(async () => {
  t = await createTestApp();
  // A rep's rights, with companies, leads and deals (and contacts, which have no territory) by territory.
  const roles = await t.admin.request('GET', '/api/v1/roles');
  const salesRep = roles.body.data.find((r: { key: string }) => r.key === 'sales_rep');
  const permissions: Record<string, ObjectPermission> = { ...salesRep.permissions };
  for (const o of ['company', 'lead', 'deal', 'contact']) permissions[o] = { ...permissions[o], scope: 'territory' };
  const role = await t.admin.request('POST', '/api/v1/roles', { name: 'Territory rep', permissions });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  ids.role = role.body.key;
  rep = await createUser(t, { role: role.body.key, team: 'Scope A', name: 'Rita Rep' });
  mate = await createUser(t, { role: 'sales_rep', team: 'Scope A', name: 'Mads Mate' });
  other = await createUser(t, { role: 'sales_rep', team: 'Scope B', name: 'Otto Other' });

  const emea = await post(t.admin, '/api/v1/territories', { name: 'EMEA', countries: ['FR', 'DE'] });
  const germany = await post(t.admin, '/api/v1/territories', { name: 'Germany', parentId: emea.id, countries: ['DE'] });
  const americas = await post(t.admin, '/api/v1/territories', { name: 'Americas', countries: ['US'] });
  Object.assign(ids, { emea: emea.id, germany: germany.id, americas: americas.id });
  await setMembers(emea.id, [rep.id]);

  const pipelines = await t.admin.request('GET', '/api/v1/pipelines');
  pipelineId = pipelines.body.data[0].id;
  stageId = (await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`)).body.data[0].id;

  // Companies: in EMEA, in Germany, in the Americas (another's, one's own, a teammate's), nowhere.
  for (const [key, country, owner] of [
    ['Paris', 'FR', other.id],
    ['Berlin', 'DE', other.id],
    ['Boston', 'US', other.id],
    ['Mine', 'US', rep.id],
    ['Mates', 'US', mate.id],
    ['Nowhere', null, other.id],
  ] as const) {
    const c = await post(t.admin, '/api/v1/companies', { name: `${key} Scopeco`, country, ownerId: owner });
    ids[key] = c.id;
    // A lead in the same place, and a deal at the company (a deal takes its company's territory).
    const l = await post(t.admin, '/api/v1/leads', { lastName: `${key} Scopelead`, country, ownerId: owner });
    ids[`${key}Lead`] = l.id;
    const d = await post(t.admin, '/api/v1/deals', {
      name: `${key} Scopedeal`,
      pipelineId,
      stageId,
      companyId: c.id,
      amount: { amount: 100, currency: 'EUR' },
      ownerId: owner,
    });
    ids[`${key}Deal`] = d.id;
  }
  expect((await t.admin.request('GET', `/api/v1/companies/${ids.Berlin}`)).body.territoryId).toBe(germany.id);
  expect((await t.admin.request('GET', `/api/v1/deals/${ids.BerlinDeal}`)).body.territoryId).toBe(germany.id);
  expect((await t.admin.request('GET', `/api/v1/leads/${ids.ParisLead}`)).body.territoryId).toBe(emea.id);
});
afterAll(() => t?.close());

const seen = ['Berlin', 'Mine', 'Paris'];

describe('a rep in territory scope', () => {
  it('lists the companies, leads and deals of their territories and those below, and their own', async () => {
    expect(await names(rep.agent, 'companies', '&q=Scopeco')).toEqual(seen.map((k) => `${k} Scopeco`));
    expect(await names(rep.agent, 'leads', '&q=Scopelead')).toEqual(seen.map((k) => `${k} Scopelead`));
    expect(await names(rep.agent, 'deals', '&q=Scopedeal')).toEqual(seen.map((k) => `${k} Scopedeal`));
    // The admin sees all six: the scope, not the data, made the difference.
    expect(await names(t.admin, 'companies', '&q=Scopeco')).toHaveLength(6);
  });

  it('gets a record in scope by id, and one outside it is absent (404)', async () => {
    for (const id of [ids.Paris, ids.Berlin, ids.Mine])
      expect((await rep.agent.request('GET', `/api/v1/companies/${id}`)).status).toBe(200);
    for (const [plural, id] of [
      ['companies', ids.Boston],
      ['companies', ids.Mates],
      ['companies', ids.Nowhere],
      ['leads', ids.BostonLead],
      ['deals', ids.BostonDeal],
    ]) {
      const r = await rep.agent.request('GET', `/api/v1/${plural}/${id}`);
      expect(r.status, `${plural} ${id}`).toBe(404);
    }
    expect((await rep.agent.request('GET', `/api/v1/deals/${ids.BerlinDeal}`)).status).toBe(200);
  });

  it('counts and sums only those records in aggregates and on the board (not from the per-owner counts)', async () => {
    const q = `groupBy=stageId&pipelineId=${pipelineId}&metrics=sum:amount&limit=10`;
    const board = await rep.agent.request('GET', `/api/v1/deals/groups?${q}`);
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    expect(board.body.total.count).toBe(3);
    const first = board.body.groups.find((g: { key: string }) => g.key === stageId);
    expect(first.count).toBe(3);
    expect(first.metrics['sum:amount']).toEqual([{ amount: 300, currency: 'EUR' }]);
    const adminBoard = await t.admin.request('GET', `/api/v1/deals/groups?${q}`);
    expect(adminBoard.body.total.count).toBe(6);
    const byTerritory = await rep.agent.request('GET', '/api/v1/companies/aggregate?groupBy=territoryId&q=Scopeco');
    expect(byTerritory.status, JSON.stringify(byTerritory.body)).toBe(200);
    const counts = Object.fromEntries(
      byTerritory.body.groups.map((g: { key: string | null; count: number }) => [g.key, g.count]),
    );
    expect(counts).toEqual({ [ids.emea]: 1, [ids.germany]: 1, [ids.americas]: 1 });
  });

  it('finds only those records in global search', async () => {
    const r = await rep.agent.request('GET', '/api/v1/search?q=Scopeco');
    expect(r.status).toBe(200);
    const titles = (r.body.data as Array<{ title: string }>).map((x) => x.title).sort();
    // The search's typo matching finds the leads and deals too: the same places, the same owners.
    expect(titles).toEqual(seen.flatMap((k) => [`${k} Scopeco`, `${k} Scopedeal`, `${k} Scopelead`]));
  });

  it('changes records in scope, and one outside it is absent, alone or in a bulk change', async () => {
    const ok = await rep.agent.request('PATCH', `/api/v1/companies/${ids.Paris}`, { phone: '+33 1 23 45 67 89' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const out = await rep.agent.request('PATCH', `/api/v1/companies/${ids.Boston}`, { phone: '+1 617 555 0100' });
    expect(out.status).toBe(404);
    const bulk = await rep.agent.request('POST', '/api/v1/leads/bulk', {
      ids: [ids.ParisLead, ids.BostonLead],
      action: 'update',
      values: { jobTitle: 'Buyer' },
    });
    expect(bulk.status).toBe(404);
    expect((await t.admin.request('GET', `/api/v1/leads/${ids.ParisLead}`)).body.jobTitle ?? null).toBeNull();
    expect((await t.admin.request('GET', `/api/v1/companies/${ids.Boston}`)).body.phone ?? null).toBeNull();
  });

  it('may move a record out of their territory: the change stands, and the record leaves their list', async () => {
    const lead = await post(t.admin, '/api/v1/leads', { lastName: 'Mover', country: 'FR', ownerId: other.id });
    const listed = async () =>
      ((await rep.agent.request('GET', '/api/v1/leads?limit=100')).body.data as Array<{ id: string }>).some(
        (l) => l.id === lead.id,
      );
    expect(await listed()).toBe(true);
    const moved = await rep.agent.request('PATCH', `/api/v1/leads/${lead.id}`, { country: 'US' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.territoryId).toBe(ids.americas);
    expect(await listed()).toBe(false);
    expect((await rep.agent.request('GET', `/api/v1/leads/${lead.id}`)).status).toBe(404);
  });

  it('reads an entry without a territory (contacts) as the team scope', async () => {
    for (const [name, owner] of [
      ['Teamscope', mate.id],
      ['Ownscope', rep.id],
      ['Otherscope', other.id],
    ] as const)
      await post(t.admin, '/api/v1/contacts', { firstName: 'C', lastName: name, ownerId: owner });
    expect(await names(rep.agent, 'contacts', '&q=scope')).toEqual(['Ownscope', 'Teamscope']);
  });
});

describe('changes of membership and of the tree', () => {
  it('take effect at the next request, without a restart', async () => {
    await setMembers(ids.emea, []);
    expect(await names(rep.agent, 'companies', '&q=Scopeco')).toEqual(['Mine Scopeco']);
    await setMembers(ids.germany, [rep.id]);
    expect(await names(rep.agent, 'companies', '&q=Scopeco')).toEqual(['Berlin Scopeco', 'Mine Scopeco']);
    expect((await rep.agent.request('GET', `/api/v1/companies/${ids.Paris}`)).status).toBe(404);
    // Back in EMEA, then Germany leaves EMEA for the Americas: its records leave an EMEA-only rep.
    await setMembers(ids.germany, []);
    await setMembers(ids.emea, [rep.id]);
    expect(await names(rep.agent, 'companies', '&q=Scopeco')).toEqual(seen.map((k) => `${k} Scopeco`));
    const moved = await t.admin.request('PATCH', `/api/v1/territories/${ids.germany}`, { parentId: ids.americas });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await names(rep.agent, 'companies', '&q=Scopeco')).toEqual(['Mine Scopeco', 'Paris Scopeco']);
    await t.admin.request('PATCH', `/api/v1/territories/${ids.germany}`, { parentId: ids.emea });
    expect(await names(rep.agent, 'companies', '&q=Scopeco')).toEqual(seen.map((k) => `${k} Scopeco`));
  });
});

describe('an API key', () => {
  it('of a team role, made by a user now in territory scope, reaches only their own records', async () => {
    const maker = await createUser(t, { role: 'admin', team: 'Scope A' });
    const repRole = (await t.admin.request('GET', '/api/v1/roles')).body.data.find(
      (r: { key: string }) => r.key === 'sales_rep',
    );
    const key = (await maker.agent.request('POST', '/api/v1/api-keys', { name: 'sync', roleId: repRole.id })).body.key;
    await post(t.admin, '/api/v1/companies', { name: 'Maker Scopeco', country: 'US', ownerId: maker.id });
    await setMembers(ids.emea, [rep.id, maker.id]);
    const roleId = (await t.admin.request('GET', '/api/v1/roles')).body.data.find(
      (r: { key: string }) => r.key === ids.role,
    ).id;
    expect((await t.admin.request('PATCH', `/api/v1/users/${maker.id}`, { roleId })).status).toBe(200);
    const bearer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/companies?q=Scopeco&limit=100',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bearer.statusCode, bearer.body).toBe(200);
    // The team's (Mine, Mates) through the key's role, EMEA's through the maker's: only the maker's own in both.
    expect(bearer.json().data.map((c: { name: string }) => c.name)).toEqual(['Maker Scopeco']);
  });
});
