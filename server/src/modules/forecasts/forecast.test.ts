// The forecast over HTTP against hand-built deals on a real database: won by close date, open by
// expected close, best case and commit, quota and attainment, managers' adjustments, groupings,
// period edges in a time zone, currencies converted with the exchange rates, a rep's own view,
// who may ask, and bad input named by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let manager: { id: string; agent: Agent };
let repA: { id: string; agent: Agent };
let repB: { id: string; agent: Agent };
let pipelineId: string;
let stages: Record<string, string>;
let territoryId: string;

const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function deal(
  owner: string,
  stage: string,
  amount: { amount: number; currency: string },
  at: { close?: string; closedAt?: string } = {},
) {
  const r = await t.admin.request('POST', '/api/v1/deals', {
    name: `Deal ${stage}`,
    pipelineId,
    stageId: stages[stage],
    ownerId: owner,
    amount,
    expectedCloseDate: at.close ?? null,
    ...(stage === 'Lost' ? { lostReason: 'price' } : {}),
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  // Closing happens now; the test needs it to have happened at a chosen instant.
  if (at.closedAt)
    await t.db.query(sql`UPDATE deals SET closed_at = ${at.closedAt}::timestamptz WHERE id = ${r.body.id}`);
  return r.body.id as string;
}

const get = (agent: Agent, query: string) => agent.request('GET', `/api/v1/forecasts?${query}`);
type Group = { key: string | null; title: string | null; [k: string]: unknown };
const groupOf = (body: { groups: Group[] }, key: string | null) => body.groups.find((g) => g.key === key);

beforeAll(async () => {
  t = await createTestApp();
  manager = await createUser(t, { role: 'sales_manager', team: 'North', name: 'Mia Manager' });
  repA = await createUser(t, { role: 'sales_rep', team: 'North', name: 'Arno Rep' });
  repB = await createUser(t, { role: 'sales_rep', team: 'South', name: 'Bea Rep' });
  const pipelines = await t.admin.request('GET', '/api/v1/pipelines');
  pipelineId = pipelines.body.data[0].id;
  const list = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`);
  stages = Object.fromEntries(list.body.data.map((s: { name: string; id: string }) => [s.name, s.id]));
  const territory = await t.admin.request('POST', '/api/v1/territories', { name: 'Bavaria' });
  expect(territory.status, JSON.stringify(territory.body)).toBe(201);
  territoryId = territory.body.id;

  // Rep A, 2026-Q3 (July–September).
  await deal(repA.id, 'Won', eur(10_000_00), { closedAt: '2026-07-15T10:00:00Z' });
  // Half an hour before Q3 in UTC, already July in Berlin.
  await deal(repA.id, 'Won', eur(5_000_00), { closedAt: '2026-06-30T23:30:00Z' });
  // The last instant of September in UTC: in Q3 in UTC, in October (Q4) in Berlin.
  await deal(repA.id, 'Won', eur(1_000_00), { closedAt: '2026-09-30T22:30:00Z' });
  await deal(repA.id, 'Lost', eur(7_000_00), { closedAt: '2026-07-20T10:00:00Z' });
  await deal(repA.id, 'Proposal', eur(20_000_00), { close: '2026-08-10' }); // 50 %, best case
  await deal(repA.id, 'Negotiation', eur(8_000_00), { close: '2026-09-30' }); // 75 %, commit
  await deal(repA.id, 'Negotiation', eur(9_000_00), { close: '2026-10-01' }); // next quarter
  await deal(repA.id, 'Qualification', eur(4_000_00), { close: '2026-07-01' }); // 10 %, pipeline
  // Rep B: one won deal in dollars, one open in Bavaria.
  await deal(repB.id, 'Won', { amount: 1_000_00, currency: 'USD' }, { closedAt: '2026-08-01T12:00:00Z' });
  const bavarian = await deal(repB.id, 'Proposal', eur(6_000_00), { close: '2026-07-31' });
  await t.db.query(sql`UPDATE deals SET territory_id = ${territoryId}::uuid WHERE id = ${bavarian}`);
  // The manager's own.
  await deal(manager.id, 'Won', eur(2_000_00), { closedAt: '2026-08-05T09:00:00Z' });

  const quota = await manager.agent.request('POST', '/api/v1/quotas', {
    userId: repA.id,
    periodKind: 'quarter',
    periodStart: '2026-07-01',
    amount: eur(44_000_00),
  });
  expect(quota.status, JSON.stringify(quota.body)).toBe(201);
  // Rep B has monthly quotas only: the quarter takes their sum.
  for (const [start, amount] of [
    ['2026-07-01', 1_000_00],
    ['2026-08-01', 2_000_00],
  ] as const) {
    const q = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: repB.id,
      periodKind: 'month',
      periodStart: start,
      amount: eur(amount),
    });
    expect(q.status).toBe(201);
  }
});
afterAll(() => t?.close());

describe('the forecast of a quarter, per rep', () => {
  it('adds up won, open, weighted, best case, commit, quota and attainment', async () => {
    const r = await get(manager.agent, 'period=2026-Q3&timeZone=UTC');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      period: '2026-Q3',
      kind: 'quarter',
      startDate: '2026-07-01',
      endDate: '2026-10-01',
      start: '2026-07-01T00:00:00.000Z',
      currency: 'EUR',
      groupBy: 'rep',
      quotasVisible: true,
      missingRates: ['USD'],
    });
    expect(groupOf(r.body, repA.id)).toEqual({
      key: repA.id,
      title: 'Arno Rep',
      won: 11_000_00,
      wonCount: 2,
      pipeline: 32_000_00,
      weighted: 10_000_00 + 6_000_00 + 400_00,
      openCount: 3,
      bestCase: 20_000_00,
      commit: 8_000_00,
      commitAdjusted: 8_000_00,
      quota: 44_000_00,
      attainment: 0.25,
      adjustments: { commit: null, bestCase: null },
    });
    // The dollars have no rate yet: counted, but left out of the money (and said so).
    expect(groupOf(r.body, repB.id)).toMatchObject({ won: 0, wonCount: 1, quota: 3_000_00, attainment: 0 });
    expect(r.body.total).toMatchObject({
      won: 13_000_00,
      wonCount: 4,
      pipeline: 38_000_00,
      bestCase: 26_000_00,
      commit: 8_000_00,
      quota: 47_000_00,
    });
    // Biggest winners first.
    expect(r.body.groups.map((g: Group) => g.key)).toEqual([repA.id, manager.id, repB.id]);
  });

  it("counts the period's days in the time zone asked for", async () => {
    const r = await get(manager.agent, 'period=2026-Q3&timeZone=Europe/Berlin');
    expect(r.body.start).toBe('2026-06-30T22:00:00.000Z');
    expect(r.body.end).toBe('2026-09-30T22:00:00.000Z');
    // + the deal of 30 June 23:30 UTC, − the one of 30 September 22:30 UTC.
    expect(groupOf(r.body, repA.id)).toMatchObject({ won: 15_000_00, wonCount: 2 });
  });

  it('takes months too, and defaults to the reader’s own time zone (UTC here)', async () => {
    const july = await get(manager.agent, 'period=2026-07');
    expect(july.body).toMatchObject({ kind: 'month', timeZone: 'UTC', endDate: '2026-08-01' });
    expect(groupOf(july.body, repA.id)).toMatchObject({ won: 10_000_00, pipeline: 4_000_00, quota: null });
    expect(groupOf(july.body, repB.id)).toMatchObject({ quota: 1_000_00, pipeline: 6_000_00 });
    // Nobody has a quota for September: no total quota, no attainment.
    const september = await get(manager.agent, 'period=2026-09&timeZone=UTC');
    expect(september.body.total).toMatchObject({ quota: null, attainment: null });
  });

  it('converts other currencies with the exchange rates once there are some', async () => {
    const put = await t.admin.request('PUT', '/api/v1/exchange-rates', {
      companyCurrency: 'EUR',
      rates: [{ currency: 'USD', rate: 0.9 }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const r = await get(manager.agent, 'period=2026-Q3&timeZone=UTC');
    expect(r.body.missingRates).toEqual([]);
    expect(groupOf(r.body, repB.id)).toMatchObject({ won: 900_00, attainment: 0.3 });
    expect(r.body.total.won).toBe(13_900_00);
  });
});

describe("a manager's adjustment", () => {
  it("replaces the rep's commit, with the note and who set it", async () => {
    const adj = await manager.agent.request('POST', '/api/v1/forecast-adjustments', {
      userId: repA.id,
      periodKind: 'quarter',
      periodStart: '2026-07-01',
      category: 'commit',
      amount: eur(12_000_00),
      note: 'The renewal is verbally agreed',
    });
    expect(adj.status, JSON.stringify(adj.body)).toBe(201);
    const r = await get(manager.agent, 'period=2026-Q3&timeZone=UTC');
    const a = groupOf(r.body, repA.id);
    expect(a).toMatchObject({ commit: 8_000_00, commitAdjusted: 12_000_00 });
    expect(a?.adjustments).toMatchObject({
      commit: { id: adj.body.id, amount: 12_000_00, note: 'The renewal is verbally agreed', by: { id: manager.id } },
      bestCase: null,
    });
    expect(r.body.total).toMatchObject({ commit: 8_000_00, commitAdjusted: 12_000_00 });
    // Another quarter is not adjusted.
    const q4 = await get(manager.agent, 'period=2026-Q4&timeZone=UTC');
    expect(groupOf(q4.body, repA.id)).toMatchObject({ commit: 9_000_00, commitAdjusted: 9_000_00 });
  });
});

describe('groupings and narrowing', () => {
  it('per team: reps folded into their teams, quotas summed', async () => {
    const r = await get(manager.agent, 'period=2026-Q3&timeZone=UTC&groupBy=team');
    expect(r.status).toBe(200);
    const titles = Object.fromEntries(r.body.groups.map((g: Group) => [g.title, g]));
    expect(titles.North).toMatchObject({ won: 13_000_00, commitAdjusted: 12_000_00, quota: 44_000_00 });
    expect(titles.South).toMatchObject({ won: 900_00, quota: 3_000_00, pipeline: 6_000_00 });
  });

  it('per territory, deals with none under a null key', async () => {
    const r = await get(manager.agent, 'period=2026-Q3&timeZone=UTC&groupBy=territory');
    expect(groupOf(r.body, territoryId)).toMatchObject({ title: 'Bavaria', pipeline: 6_000_00, quota: null });
    expect(groupOf(r.body, null)).toMatchObject({ pipeline: 32_000_00, won: 13_900_00 });
  });

  it("to one team's or one territory's deals", async () => {
    const teams = await t.db.query<{ id: string }>(sql`SELECT id FROM teams WHERE name = 'South'`);
    const south = await get(manager.agent, `period=2026-Q3&timeZone=UTC&teamId=${teams[0].id}`);
    expect(south.body.groups.map((g: Group) => g.key)).toEqual([repB.id]);
    expect(south.body.total).toMatchObject({ won: 900_00, quota: 3_000_00 });
    const bavaria = await get(manager.agent, `period=2026-Q3&timeZone=UTC&territoryId=${territoryId}`);
    expect(bavaria.body.total).toMatchObject({ pipeline: 6_000_00, won: 0, quota: null });
  });
});

describe('what a rep sees', () => {
  it("their team's deals and only their own quota and adjustments", async () => {
    const r = await get(repB.agent, 'period=2026-Q3&timeZone=UTC');
    expect(r.status).toBe(200);
    expect(r.body.groups.map((g: Group) => g.key)).toEqual([repB.id]);
    expect(r.body.total).toMatchObject({ won: 900_00, pipeline: 6_000_00, quota: 3_000_00 });
    const a = await get(repA.agent, 'period=2026-Q3&timeZone=UTC');
    expect(new Set(a.body.groups.map((g: Group) => g.key))).toEqual(new Set([repA.id, manager.id]));
    // Rep A reads the deals of their team's manager, but not the manager's quota (there is none)
    // nor anyone's adjustments but their own.
    expect(groupOf(a.body, repA.id)).toMatchObject({ quota: 44_000_00, commitAdjusted: 12_000_00 });
    expect(groupOf(a.body, manager.id)).toMatchObject({ quota: null, adjustments: { commit: null } });
  });

  it('is refused without the right to read deals', async () => {
    const role = await t.admin.request('POST', '/api/v1/roles', { name: 'Forecast nobody', permissions: {} });
    const nobody = await createUser(t, { role: role.body.key });
    const r = await get(nobody.agent, 'period=2026-Q3');
    expect(r.status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/forecasts?period=2026-Q3' })).statusCode).toBe(401);
  });
});

describe('bad input', () => {
  it.each([
    ['period=2026-Q5', 'period'],
    ['period=July', 'period'],
    ['period=2026-13', 'period'],
    ['', 'period'],
    ['period=2026-Q3&groupBy=stage', 'groupBy'],
    ['period=2026-Q3&timeZone=Mars/Olympus', 'timeZone'],
    ['period=2026-Q3&teamId=42', 'teamId'],
    ['period=2026-Q3&colour=red', 'colour'],
  ])('%s is a 400 naming %s', async (query, field) => {
    const r = await get(manager.agent, query);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.details.fields).toHaveProperty(field);
  });
});

describe('the projection', () => {
  it('learns from won revenue per past month and projects the months ahead, saying how', async () => {
    const now = new Date();
    const monthStart = (back: number) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10)).toISOString();
    // In a territory of their own, so that only these make the history.
    const land = await t.admin.request('POST', '/api/v1/territories', { name: 'Projection land' });
    for (const back of [1, 2, 3]) {
      const id = await deal(manager.id, 'Won', eur(1_000_00 * back), { closedAt: monthStart(back) });
      await t.db.query(sql`UPDATE deals SET territory_id = ${land.body.id}::uuid WHERE id = ${id}`);
    }
    const r = await get(manager.agent, `period=2026-Q3&timeZone=UTC&territoryId=${land.body.id}`);
    const p = r.body.projection;
    expect(p.history.map((h: { amount: number }) => h.amount)).toEqual([3_000_00, 2_000_00, 1_000_00]);
    expect(p.method).toBe('mean');
    expect(p.points.length).toBeGreaterThanOrEqual(3);
    expect(p.points[0].month).toBe(now.toISOString().slice(0, 7));
    expect(p.points[0].amount).toBe(
      p.history.reduce((s: number, h: { amount: number }) => s + h.amount, 0) / p.history.length,
    );
  });
});

describe('exchange rates', () => {
  it('are set by admins only, checked, and audited', async () => {
    const denied = await manager.agent.request('PUT', '/api/v1/exchange-rates', { companyCurrency: 'EUR', rates: [] });
    expect(denied.status).toBe(403);
    for (const [body, field] of [
      [{ companyCurrency: 'EUR', rates: [{ currency: 'XYZ', rate: 1 }] }, 'rates.0.currency'],
      [{ companyCurrency: 'EUR', rates: [{ currency: 'EUR', rate: 1 }] }, 'rates.0.currency'],
      [{ companyCurrency: 'EUR', rates: [{ currency: 'USD', rate: 0 }] }, 'rates.0.rate'],
      [{ companyCurrency: 'eur', rates: [] }, 'companyCurrency'],
    ] as const) {
      const r = await t.admin.request('PUT', '/api/v1/exchange-rates', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.error.details.fields).toHaveProperty(field);
    }
    const read = await repA.agent.request('GET', '/api/v1/exchange-rates');
    expect(read.body).toMatchObject({ companyCurrency: 'EUR', rates: [{ currency: 'USD', rate: 0.9 }] });
    const audit = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'exchange_rates'`,
    );
    expect(audit[0].n).toBe(1);
  });
});
