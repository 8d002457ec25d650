// Commission plans and statements over HTTP on a real database: a plan's ladder checked as a whole
// (400s naming the field), one active plan per rep (409), statements that pay marginal bands on
// won deals converted into the company currency, who sees and recalculates which, finalising, and
// the event handler that keeps statements in step with deals and quotas.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type EventHandlers, startEventHandlers } from '../../platform/event-handlers.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { commissionEvents } from './commissions.events.ts';

let t: TestApp;
let manager: { id: string; agent: Agent };
let repA: { id: string; agent: Agent };
let repB: { id: string; agent: Agent };
let pipelineId: string;
let stages: Record<string, string>;
let planId: string;
let handlers: EventHandlers;

const eur = (amount: number) => ({ amount, currency: 'EUR' });
const ladder = [
  { fromPercent: 0, toPercent: 100, ratePercent: 5 },
  { fromPercent: 100, toPercent: 120, ratePercent: 8 },
  { fromPercent: 120, toPercent: null, ratePercent: 12 },
];

async function wonDeal(owner: string, amount: { amount: number; currency: string }, closedAt: string) {
  const r = await t.admin.request('POST', '/api/v1/deals', {
    name: `Won ${amount.amount}`,
    pipelineId,
    stageId: stages.Won,
    ownerId: owner,
    amount,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  // Closing happens now; the test needs it at a chosen instant (no event: recalculated below).
  await t.db.query(sql`UPDATE deals SET closed_at = ${closedAt}::timestamptz WHERE id = ${r.body.id}`);
  return r.body.id as string;
}

const statementOf = async (agent: Agent, userId: string, period = '2026-Q3') =>
  (await agent.request('GET', `/api/v1/commission-statements?userId=${userId}&period=${period}`)).body.data[0];

/**
 * Drains the handler until A's Q3 statement matches: an event is handed out only once every older
 * transaction in the cluster has ended (decision 015), so on PostgreSQL it may take a moment.
 */
const settled = (match: Record<string, unknown>) =>
  expect
    .poll(
      async () => {
        await handlers.drain();
        return statementOf(manager.agent, repA.id);
      },
      { timeout: 30_000, interval: 50 },
    )
    .toMatchObject(match);

beforeAll(async () => {
  t = await createTestApp();
  manager = await createUser(t, { role: 'sales_manager', team: 'Paid', name: 'Mia Manager' });
  repA = await createUser(t, { role: 'sales_rep', team: 'Paid', name: 'Arno Rep' });
  repB = await createUser(t, { role: 'sales_rep', team: 'Paid', name: 'Bea Rep' });
  const pipelines = await t.admin.request('GET', '/api/v1/pipelines');
  pipelineId = pipelines.body.data[0].id;
  const list = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`);
  stages = Object.fromEntries(list.body.data.map((s: { name: string; id: string }) => [s.name, s.id]));
  handlers = await startEventHandlers(
    {
      db: t.db,
      registry: t.registry,
      jobs: t.jobs,
      now: () => new Date(),
      log: pino({ level: 'silent' }),
      databaseUrl: t.url,
    },
    [commissionEvents],
  );
});
afterAll(async () => {
  await handlers?.stop();
  await t?.close();
});

describe('plans', () => {
  it('are set up by managers, their ladder replaced at once and checked as a whole', async () => {
    const plan = await manager.agent.request('POST', '/api/v1/commission-plans', {
      name: 'Field sales 2026',
      periodKind: 'quarter',
    });
    expect(plan.status, JSON.stringify(plan.body)).toBe(201);
    expect(plan.body.active).toBe(false);
    planId = plan.body.id;

    const put = (tiers: unknown[]) =>
      manager.agent.request('PUT', `/api/v1/commission-plans/${planId}/tiers`, { tiers });
    const gap = await put([
      { fromPercent: 0, toPercent: 100, ratePercent: 5 },
      { fromPercent: 110, toPercent: null, ratePercent: 8 },
    ]);
    expect(gap.status).toBe(400);
    expect(gap.body.error.details.fields).toHaveProperty(['tiers.1.fromPercent']);
    const overlap = await put([
      { fromPercent: 0, toPercent: 100, ratePercent: 5 },
      { fromPercent: 90, toPercent: null, ratePercent: 8 },
    ]);
    expect(overlap.body.error.details.fields).toHaveProperty(['tiers.1.fromPercent']);
    const negative = await put([{ fromPercent: 0, toPercent: null, ratePercent: -1 }]);
    expect(negative.body.error.details.fields).toHaveProperty(['tiers.0.ratePercent']);
    const tooMuch = await put([{ fromPercent: 0, toPercent: null, ratePercent: 101 }]);
    expect(tooMuch.body.error.details.fields).toHaveProperty(['tiers.0.ratePercent']);
    expect((await manager.agent.request('GET', `/api/v1/commission-tiers?planId=${planId}`)).body.data).toEqual([]);

    const ok = await put(ladder);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.data.map((x: { ratePercent: number }) => x.ratePercent)).toEqual([5, 8, 12]);
    // A rep reads plans, never writes them.
    expect((await repA.agent.request('GET', `/api/v1/commission-plans/${planId}`)).status).toBe(200);
    expect(
      (await repA.agent.request('PUT', `/api/v1/commission-plans/${planId}/tiers`, { tiers: ladder })).status,
    ).toBe(403);
  });

  it('refuse a single tier with a rate above 100 % or below 0, naming the field', async () => {
    for (const ratePercent of [101, -2]) {
      const r = await manager.agent.request('POST', '/api/v1/commission-tiers', {
        planId,
        fromPercent: 200,
        ratePercent,
      });
      expect(r.status).toBe(400);
      expect(r.body.error.details.fields).toHaveProperty('ratePercent');
    }
  });

  it('keep an active plan’s ladder complete, and a rep on one active plan at a time', async () => {
    expect((await manager.agent.request('PATCH', `/api/v1/commission-plans/${planId}`, { active: true })).status).toBe(
      200,
    );
    const member = await manager.agent.request('POST', '/api/v1/commission-plan-members', { planId, userId: repA.id });
    expect(member.status, JSON.stringify(member.body)).toBe(201);
    // A tier row that would open a gap in an active plan's ladder.
    const [tier] = (await manager.agent.request('GET', `/api/v1/commission-tiers?planId=${planId}&sort=fromPercent`))
      .body.data;
    const gap = await manager.agent.request('PATCH', `/api/v1/commission-tiers/${tier.id}`, { toPercent: 90 });
    expect(gap.status).toBe(400);

    const other = await manager.agent.request('POST', '/api/v1/commission-plans', {
      name: 'Other',
      periodKind: 'quarter',
    });
    await manager.agent.request('PUT', `/api/v1/commission-plans/${other.body.id}/tiers`, { tiers: ladder });
    expect(
      (
        await manager.agent.request('POST', '/api/v1/commission-plan-members', {
          planId: other.body.id,
          userId: repA.id,
        })
      ).status,
    ).toBe(201); // a draft: pays nothing yet
    const activate = await manager.agent.request('PATCH', `/api/v1/commission-plans/${other.body.id}`, {
      active: true,
    });
    expect(activate.status).toBe(409);
    expect(activate.body.error.details.fields).toHaveProperty('active');
    // An empty draft cannot be made active either.
    const empty = await manager.agent.request('POST', '/api/v1/commission-plans', {
      name: 'Empty',
      periodKind: 'month',
      active: true,
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.fields).toHaveProperty('active');
  });
});

describe('statements', () => {
  let dealIds: string[];
  let statementId: string;

  it('pay each band its rate on the part of won amount inside it', async () => {
    await manager.agent.request('POST', '/api/v1/quotas', {
      userId: repA.id,
      periodKind: 'quarter',
      periodStart: '2026-07-01',
      amount: eur(100_000_00),
    });
    dealIds = [
      await wonDeal(repA.id, eur(80_000_00), '2026-07-15T10:00:00Z'),
      await wonDeal(repA.id, eur(50_000_00), '2026-08-20T10:00:00Z'),
      // No rate for dollars: left out and named.
      await wonDeal(repA.id, { amount: 1_000_00, currency: 'USD' }, '2026-08-21T10:00:00Z'),
      // Another quarter.
      await wonDeal(repA.id, eur(9_000_00), '2026-10-02T10:00:00Z'),
    ];
    const r = await manager.agent.request('POST', '/api/v1/commission-statements/recalculate', {
      userId: repA.id,
      period: '2026-Q3',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.data[0]).toMatchObject({
      period: '2026-Q3',
      currency: 'EUR',
      won: 130_000_00,
      dealCount: 2,
      quota: 100_000_00,
      attainment: 1.3,
      // 100k × 5 % + 20k × 8 % + 10k × 12 %.
      commission: 7_800_00,
      status: 'open',
      missingRates: ['USD'],
      plan: { id: planId, name: 'Field sales 2026' },
    });
    statementId = r.body.data[0].id;
    const detail = await repA.agent.request('GET', `/api/v1/commission-statements/${statementId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.lines.map((l: { won: number; commission: number }) => [l.won, l.commission])).toEqual([
      [80_000_00, 4_000_00],
      [50_000_00, 3_800_00],
    ]);
    expect(detail.body.tiers).toEqual(ladder);
  });

  it('are seen by their rep and managers only; recalculated by managers only', async () => {
    expect((await statementOf(repA.agent, repA.id))?.id).toBe(statementId);
    expect((await repB.agent.request('GET', '/api/v1/commission-statements')).body.data).toEqual([]);
    expect((await repB.agent.request('GET', `/api/v1/commission-statements/${statementId}`)).status).toBe(404);
    const mine = await repA.agent.request('POST', '/api/v1/commission-statements/recalculate', { period: '2026-Q3' });
    expect(mine.status).toBe(403);
    const bad = await manager.agent.request('POST', '/api/v1/commission-statements/recalculate', { period: '2026-13' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty('period');
  });

  it('follow their deals: amount, owner, stage and deletion; and the quota', async () => {
    const patch = (id: string, body: Record<string, unknown>) => t.admin.request('PATCH', `/api/v1/deals/${id}`, body);
    expect((await patch(dealIds[1], { amount: eur(10_000_00) })).status).toBe(200);
    // 90k: all in the first band.
    await settled({ won: 90_000_00, commission: 4_500_00 });

    // Given to a rep on no plan: gone from A's statement.
    await patch(dealIds[1], { ownerId: repB.id });
    await settled({ won: 80_000_00, dealCount: 1 });
    // Its lines are written over in place: the line that left goes, the one that stays is the same deal.
    const linesOf = async () => {
      const s = await statementOf(manager.agent, repA.id);
      const detail = await manager.agent.request('GET', `/api/v1/commission-statements/${s.id}`);
      return detail.body.lines.map((l: { dealId: string; won: number }) => [l.dealId, l.won]);
    };
    expect(await linesOf()).toEqual([[dealIds[0], 80_000_00]]);
    await patch(dealIds[1], { ownerId: repA.id });
    await settled({ dealCount: 2 });
    expect((await linesOf()).map(([id]: [string]) => id)).toEqual(dealIds.slice(0, 2));

    // Reopened (no longer won), then deleted.
    const reopened = await patch(dealIds[1], { stageId: stages.Negotiation, expectedCloseDate: '2026-12-01' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    await settled({ dealCount: 1, won: 80_000_00 });
    expect((await t.admin.request('DELETE', `/api/v1/deals/${dealIds[0]}`)).status).toBe(204);
    await settled({ dealCount: 0, won: 0, commission: 0 });

    expect((await t.admin.request('POST', `/api/v1/deals/${dealIds[0]}/restore`)).status).toBe(200);
    await settled({ dealCount: 1, commission: 4_000_00 });

    // A lower quota: 80k of 50k is 160 %: 50k × 5 % + 10k × 8 % + 20k × 12 %.
    const [quota] = (await manager.agent.request('GET', `/api/v1/quotas?userId=${repA.id}`)).body.data;
    await manager.agent.request('PATCH', `/api/v1/quotas/${quota.id}`, { amount: eur(50_000_00) });
    await settled({ attainment: 1.6, commission: 5_700_00 });
  });

  it('once final, stay as they are', async () => {
    const fin = await manager.agent.request('POST', `/api/v1/commission-statements/${statementId}/finalize`);
    expect(fin.status, JSON.stringify(fin.body)).toBe(200);
    expect(fin.body.status).toBe('final');
    expect((await manager.agent.request('POST', `/api/v1/commission-statements/${statementId}/finalize`)).status).toBe(
      409,
    );
    const handled = async () =>
      (
        await t.db.query<{ n: number }>(
          sql`SELECT handled::int AS n FROM event_handlers WHERE name = ${commissionEvents.name}`,
        )
      )[0].n;
    const before = await handled();
    await t.admin.request('PATCH', `/api/v1/deals/${dealIds[0]}`, { amount: eur(1_00) });
    await expect
      .poll(
        async () => {
          await handlers.drain();
          return handled();
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBeGreaterThan(before);
    expect(await statementOf(manager.agent, repA.id)).toMatchObject({ status: 'final', commission: 5_700_00 });
    const [audit] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE object_type = 'commission_statements'`,
    );
    expect(audit.n).toBeGreaterThanOrEqual(2);
  });
});

describe('category rates', () => {
  it('pay a category’s lines their own rate and the rest of the deal the bands; a line’s change follows', async () => {
    const make = async (path: string, body: Record<string, unknown>) => {
      const r = await t.admin.request('POST', `/api/v1/${path}`, body);
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.id as string;
    };
    const services = await make('product-categories', { name: 'Services' });
    const book = await make('price-books', { name: 'Commission list', currency: 'EUR', isDefault: true });
    const setup = await make('products', { name: 'Setup', kind: 'service', categoryId: services });
    const box = await make('products', { name: 'Box' });
    for (const [product, amount] of [
      [setup, 1_000_00],
      [box, 5_000_00],
    ] as const)
      await make('price-book-entries', { priceBookId: book, productId: product, unitPrice: eur(amount) });
    // A quarterly plan for rep B: 5 % flat, services at 2 %.
    const plan = await make('commission-plans', { name: 'Services plan', periodKind: 'quarter' });
    await manager.agent.request('PUT', `/api/v1/commission-plans/${plan}/tiers`, {
      tiers: [{ fromPercent: 0, toPercent: null, ratePercent: 5 }],
    });
    await make('commission-category-rates', { planId: plan, categoryId: services, ratePercent: 2 });
    await make('commission-plan-members', { planId: plan, userId: repB.id });
    expect((await manager.agent.request('PATCH', `/api/v1/commission-plans/${plan}`, { active: true })).status).toBe(
      200,
    );

    const deal = await wonDeal(repB.id, eur(10_000_00), '2026-08-03T10:00:00Z');
    const setupLine = await make('deal-lines', { dealId: deal, productId: setup, priceBookId: book, quantity: 2 });
    await make('deal-lines', { dealId: deal, productId: box, priceBookId: book, quantity: 1 });
    const r = await manager.agent.request('POST', '/api/v1/commission-statements/recalculate', {
      userId: repB.id,
      period: '2026-Q3',
    });
    // 2,000 of services at 2 % (40) and 8,000 at 5 % (400).
    expect(r.body.data[0]).toMatchObject({ won: 10_000_00, commission: 440_00 });

    // A line's change alone (no change to the deal) moves the statement: 3,000 of services.
    await t.admin.request('PATCH', `/api/v1/deal-lines/${setupLine}`, { quantity: 3 });
    await expect
      .poll(
        async () => {
          await handlers.drain();
          return (await statementOf(manager.agent, repB.id))?.commission;
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe(410_00);
  });
});
