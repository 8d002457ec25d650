// The Sales dashboard's commissions per rep on a real database: a quarter shows quarterly
// statements and a monthly plan's three months summed (quota and attainment from the sums), a
// month only month statements; narrowed to a team; and each reader sees what the statements list
// would show them — a rep their own, a manager whose scope is the team the team's, an admin all.
import type { ObjectPermission } from '@kith/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let east: { id: string; agent: Agent }; // quarterly plan, team East
let monthly: { id: string; agent: Agent }; // monthly plan, team East
let west: { id: string; agent: Agent }; // quarterly plan, team West
let teamManager: { id: string; agent: Agent }; // a manager whose scope is their team (East)
let teams: Record<string, string>;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Body = Record<string, any>;
const ok = (r: { status: number; body: Body }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};
const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function plan(name: string, periodKind: 'month' | 'quarter', userIds: string[]) {
  const p = ok(await t.admin.request('POST', '/api/v1/commission-plans', { name, periodKind }), 201);
  ok(
    await t.admin.request('PUT', `/api/v1/commission-plans/${p.id}/tiers`, {
      tiers: [{ fromPercent: 0, toPercent: null, ratePercent: 5 }],
    }),
  );
  for (const userId of userIds)
    ok(await t.admin.request('POST', '/api/v1/commission-plan-members', { planId: p.id, userId }), 201);
  ok(await t.admin.request('PATCH', `/api/v1/commission-plans/${p.id}`, { active: true }));
}

beforeAll(async () => {
  t = await createTestApp();
  // A manager's rights with statements (plan members) and expenses in team scope.
  const roles = ok(await t.admin.request('GET', '/api/v1/roles')).data;
  const manager = roles.find((r: { key: string }) => r.key === 'sales_manager');
  const permissions: Record<string, ObjectPermission> = { ...manager.permissions };
  for (const o of ['commissionPlanMember', 'expense']) permissions[o] = { ...permissions[o], scope: 'team' };
  const role = ok(await t.admin.request('POST', '/api/v1/roles', { name: 'Team manager', permissions }), 201);

  east = await createUser(t, { role: 'sales_rep', team: 'East', name: 'Erik East' });
  monthly = await createUser(t, { role: 'sales_rep', team: 'East', name: 'Mona Monthly' });
  west = await createUser(t, { role: 'sales_rep', team: 'West', name: 'Wes West' });
  teamManager = await createUser(t, { role: role.key, team: 'East', name: 'Tia Teamlead' });
  teams = Object.fromEntries(ok(await t.admin.request('GET', '/api/v1/teams')).data.map((x: Body) => [x.name, x.id]));

  await plan('Quarterly', 'quarter', [east.id, west.id]);
  await plan('Monthly', 'month', [monthly.id]);
  const quota = (userId: string, periodKind: string, periodStart: string, amount: number) =>
    t.admin.request('POST', '/api/v1/quotas', { userId, periodKind, periodStart, amount: eur(amount) });
  ok(await quota(east.id, 'quarter', '2026-01-01', 20_000_00), 201);
  for (const m of ['01', '02', '03']) ok(await quota(monthly.id, 'month', `2026-${m}-01`, 1_000_00), 201);

  const pipelineId = ok(await t.admin.request('GET', '/api/v1/pipelines')).data[0].id;
  const stages = ok(await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`)).data;
  const won = stages.find((s: { name: string }) => s.name === 'Won').id;
  const wonDeal = async (ownerId: string, amount: number, closedAt: string) => {
    const d = ok(
      await t.admin.request('POST', '/api/v1/deals', {
        name: `Won ${amount}`,
        pipelineId,
        stageId: won,
        ownerId,
        amount: eur(amount),
      }),
      201,
    );
    await t.db.query(sql`UPDATE deals SET closed_at = ${closedAt}::timestamptz WHERE id = ${d.id}`);
  };
  await wonDeal(east.id, 10_000_00, '2026-02-01T10:00:00Z');
  await wonDeal(west.id, 40_000_00, '2026-03-01T10:00:00Z');
  await wonDeal(monthly.id, 1_000_00, '2026-01-10T10:00:00Z');
  await wonDeal(monthly.id, 2_000_00, '2026-03-05T10:00:00Z');
  for (const period of ['2026-Q1', '2026-01', '2026-02', '2026-03'])
    ok(await t.admin.request('POST', '/api/v1/commission-statements/recalculate', { period }));
});
afterAll(() => t?.close());

const report = async (agent: Agent, params: string) =>
  ok(await agent.request('GET', `/api/v1/sales-reports/commissions?${params}`));
const names = (r: Body) => r.rows.map((x: Body) => x.user.name);

describe('commissions per rep', () => {
  it("show a quarter's statements and a monthly plan's three months summed, largest first", async () => {
    const r = await report(t.admin, 'period=2026-Q1');
    expect(r).toMatchObject({ period: '2026-Q1', currency: 'EUR' });
    expect(names(r)).toEqual(['Wes West', 'Erik East', 'Mona Monthly']);
    expect(r.rows[1]).toMatchObject({
      periodKind: 'quarter',
      statements: 1,
      plan: { name: 'Quarterly' },
      won: 10_000_00,
      dealCount: 1,
      quota: 20_000_00,
      attainment: 0.5,
      commission: 500_00,
      status: 'open',
    });
    expect(r.rows[1].statementId).toEqual(expect.any(String));
    // Three months of 1,000 quota each; 3,000 won of it.
    expect(r.rows[2]).toMatchObject({
      periodKind: 'month',
      statements: 3,
      statementId: null,
      won: 3_000_00,
      dealCount: 2,
      quota: 3_000_00,
      attainment: 1,
      commission: 150_00,
    });
    expect(r.total).toEqual({ commission: 2_000_00 + 500_00 + 150_00, won: 53_000_00 });
  });

  it('show a month only its month statements', async () => {
    const r = await report(t.admin, 'period=2026-03');
    expect(r.rows).toEqual([
      expect.objectContaining({ user: { id: monthly.id, name: 'Mona Monthly' }, won: 2_000_00, attainment: 2 }),
    ]);
    expect((await report(t.admin, 'period=2026-05')).rows).toEqual([]);
  });

  it("narrow to a team's members", async () => {
    expect(names(await report(t.admin, `period=2026-Q1&teamId=${teams.East}`))).toEqual(['Erik East', 'Mona Monthly']);
    expect(names(await report(t.admin, `period=2026-Q1&teamId=${teams.West}`))).toEqual(['Wes West']);
    // The statements list takes the same filter.
    const list = ok(await t.admin.request('GET', `/api/v1/commission-statements?period=2026-Q1&teamId=${teams.West}`));
    expect(list.data.map((s: Body) => s.user.name)).toEqual(['Wes West']);
  });

  it("show a rep their own, a team's manager the team's", async () => {
    expect(names(await report(east.agent, 'period=2026-Q1'))).toEqual(['Erik East']);
    expect(names(await report(monthly.agent, 'period=2026-Q1'))).toEqual(['Mona Monthly']);
    // Another team asked for: still only what the reader may see.
    expect((await report(east.agent, `period=2026-Q1&teamId=${teams.West}`)).rows).toEqual([]);
    expect(names(await report(teamManager.agent, 'period=2026-Q1'))).toEqual(['Erik East', 'Mona Monthly']);
    expect((await report(teamManager.agent, `period=2026-Q1&teamId=${teams.West}`)).total.commission).toBe(0);
  });

  it('name a bad period or an unknown team', async () => {
    for (const [params, field] of [
      ['period=2026-Q5', 'period'],
      ['period=2026-Q1&teamId=00000000-0000-7000-8000-000000000000', 'teamId'],
      ['period=2026-Q1&teamId=east', 'teamId'],
    ]) {
      const r = await t.admin.request('GET', `/api/v1/sales-reports/commissions?${params}`);
      expect(r.status, params).toBe(400);
      expect(Object.keys(r.body.error.details.fields)).toEqual([field]);
    }
  });
});
