// Dated exchange rates (decision 026): set, listed and removed one by one by admins, checked and
// audited; and the forecast converting each amount at the rate in force on the day that matters —
// a won deal's close day (in the forecast's time zone), today for open deals and adjustments, the
// period's first day for quotas — in the period's figures and in the projection's history.
import { rateOn } from '@kith/common/api/forecasts';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { converterFor } from './exchange-rates.service.ts';

let t: TestApp;
let manager: { id: string; agent: Agent };
let rep: { id: string; agent: Agent };
let pipelineId: string;
let stages: Record<string, string>;
let territoryId: string;

const usd = (amount: number) => ({ amount, currency: 'USD' });
const addRate = (body: unknown, agent?: Agent) =>
  (agent ?? t.admin).request('POST', '/api/v1/exchange-rates/rates', body);

async function deal(
  stage: string,
  amount: { amount: number; currency: string },
  at: { close?: string; closedAt?: string },
) {
  const r = await t.admin.request('POST', '/api/v1/deals', {
    name: `Dated ${stage}`,
    pipelineId,
    stageId: stages[stage],
    ownerId: rep.id,
    amount,
    expectedCloseDate: at.close ?? null,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  // Each deal in the territory of this file, so that the forecast can be narrowed to them.
  await t.db.query(sql`UPDATE deals SET territory_id = ${territoryId}::uuid WHERE id = ${r.body.id}`);
  if (at.closedAt)
    await t.db.query(sql`UPDATE deals SET closed_at = ${at.closedAt}::timestamptz WHERE id = ${r.body.id}`);
  return r.body.id as string;
}

const forecast = (query: string) =>
  manager.agent.request('GET', `/api/v1/forecasts?territoryId=${territoryId}&${query}`);

beforeAll(async () => {
  t = await createTestApp();
  manager = await createUser(t, { role: 'sales_manager', team: 'Dated', name: 'Max Manager' });
  rep = await createUser(t, { role: 'sales_rep', team: 'Dated', name: 'Rita Rep' });
  const pipelines = await t.admin.request('GET', '/api/v1/pipelines');
  pipelineId = pipelines.body.data[0].id;
  const list = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`);
  stages = Object.fromEntries(list.body.data.map((s: { name: string; id: string }) => [s.name, s.id]));
  territoryId = (await t.admin.request('POST', '/api/v1/territories', { name: 'Dollarland' })).body.id;
});
afterAll(() => t?.close());

describe('dated rates over HTTP', () => {
  it('are added with a day, listed per currency in date order (the undated first), and removed', async () => {
    const undated = await addRate({ currency: 'USD', rate: 0.8 });
    expect(undated.status, JSON.stringify(undated.body)).toBe(201);
    for (const [day, rate] of [
      ['2026-09-15', 1],
      ['2026-08-01', 0.9],
    ] as const) {
      const r = await addRate({ currency: 'USD', rate, effectiveFrom: day });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const gbp = await addRate({ currency: 'GBP', rate: 1.2, effectiveFrom: '2026-01-01' });
    const read = await rep.agent.request('GET', '/api/v1/exchange-rates');
    expect(read.status).toBe(200);
    expect(
      read.body.rates.map((r: { currency: string; effectiveFrom: string | null; rate: number }) => [
        r.currency,
        r.effectiveFrom,
        r.rate,
      ]),
    ).toEqual([
      ['GBP', '2026-01-01', 1.2],
      ['USD', null, 0.8],
      ['USD', '2026-08-01', 0.9],
      ['USD', '2026-09-15', 1],
    ]);
    const gbpId = gbp.body.rates.find((r: { currency: string }) => r.currency === 'GBP').id;
    const del = await t.admin.request('DELETE', `/api/v1/exchange-rates/rates/${gbpId}`);
    expect(del.status, JSON.stringify(del.body)).toBe(200);
    expect(del.body.rates.map((r: { currency: string }) => r.currency)).toEqual(['USD', 'USD', 'USD']);
    expect((await t.admin.request('DELETE', `/api/v1/exchange-rates/rates/${gbpId}`)).status).toBe(404);
    const audit = await t.db.query<{ action: string; n: number }>(
      sql`SELECT action, count(*)::int AS n FROM audit_log WHERE object_type = 'exchange_rates' GROUP BY action ORDER BY action`,
    );
    expect(audit).toEqual([
      { action: 'create', n: 4 },
      { action: 'delete', n: 1 },
    ]);
  });

  it.each([
    [{ currency: 'XYZ', rate: 1, effectiveFrom: '2026-01-01' }, 400, 'currency'],
    [{ currency: 'EUR', rate: 1, effectiveFrom: '2026-01-01' }, 400, 'currency'],
    [{ currency: 'USD', rate: 0, effectiveFrom: '2026-01-01' }, 400, 'rate'],
    [{ currency: 'USD', rate: -2, effectiveFrom: '2026-01-01' }, 400, 'rate'],
    [{ currency: 'USD', rate: 1, effectiveFrom: '2026-02-30' }, 400, 'effectiveFrom'],
    [{ currency: 'USD', rate: 1, effectiveFrom: '1 July' }, 400, 'effectiveFrom'],
    [{ currency: 'USD', rate: 1, effectiveFrom: '2026-08-01' }, 409, 'effectiveFrom'],
    [{ currency: 'USD', rate: 1, effectiveFrom: null }, 409, 'effectiveFrom'],
    [{ currency: 'USD', rate: 1, since: '2026-01-01' }, 400, 'since'],
  ])('%j is a %i naming %s, and nothing is written', async (body, status, field) => {
    const before = await t.db.query(sql`SELECT count(*)::int AS n FROM exchange_rates`);
    const r = await addRate(body);
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body.error.details.fields).toHaveProperty(field);
    expect(await t.db.query(sql`SELECT count(*)::int AS n FROM exchange_rates`)).toEqual(before);
  });

  it('are for admins to change, as the whole set is', async () => {
    expect((await addRate({ currency: 'CHF', rate: 1, effectiveFrom: '2026-01-01' }, manager.agent)).status).toBe(403);
    const [one] = await t.db.query<{ id: string }>(sql`SELECT id FROM exchange_rates LIMIT 1`);
    expect((await manager.agent.request('DELETE', `/api/v1/exchange-rates/rates/${one.id}`)).status).toBe(403);
    expect((await t.admin.request('DELETE', '/api/v1/exchange-rates/rates/42')).status).toBe(400);
  });

  it('survive a replacement of the whole set that keeps them, which names a duplicate by its place', async () => {
    const now = await t.admin.request('GET', '/api/v1/exchange-rates');
    const same = now.body.rates.map((r: { currency: string; rate: number; effectiveFrom: string | null }) => ({
      currency: r.currency,
      rate: r.rate,
      effectiveFrom: r.effectiveFrom,
    }));
    const put = await t.admin.request('PUT', '/api/v1/exchange-rates', { companyCurrency: 'EUR', rates: same });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    // Unchanged rates keep their ids and dates of change.
    expect(put.body.rates).toEqual(now.body.rates);
    const twice = await t.admin.request('PUT', '/api/v1/exchange-rates', {
      companyCurrency: 'EUR',
      rates: [...same, { currency: 'USD', rate: 3, effectiveFrom: '2026-08-01' }],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.fields).toHaveProperty(`rates.${same.length}.effectiveFrom`);
  });
});

describe('the forecast at dated rates', () => {
  // USD: 0.8 undated, 0.9 from 1 August, 1.0 from 15 September (mid-month), 5 from 2999 (not yet).
  beforeAll(async () => {
    expect((await addRate({ currency: 'USD', rate: 5, effectiveFrom: '2999-01-01' })).status).toBe(201);
    await deal('Won', usd(100_00), { closedAt: '2026-07-10T12:00:00Z' }); // 0.8
    await deal('Won', usd(200_00), { closedAt: '2026-08-20T12:00:00Z' }); // 0.9
    await deal('Won', usd(300_00), { closedAt: '2026-09-20T12:00:00Z' }); // 1.0
    // 14 September in UTC (0.9); already the 15th in Berlin (1.0).
    await deal('Won', usd(1_000_00), { closedAt: '2026-09-14T23:30:00Z' });
    // Open: at today's rate (1.0), whatever their expected close.
    await deal('Proposal', usd(400_00), { close: '2026-07-05' });
    await deal('Negotiation', usd(500_00), { close: '2026-09-30' });
    await deal('Won', { amount: 50_00, currency: 'EUR' }, { closedAt: '2026-07-01T08:00:00Z' });
  });

  it('converts a won deal at the rate of its close day, an open one at today’s', async () => {
    const r = await forecast('period=2026-Q3&timeZone=UTC');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.missingRates).toEqual([]);
    expect(r.body.total).toMatchObject({
      won: 80_00 + 180_00 + 300_00 + 900_00 + 50_00,
      wonCount: 5,
      pipeline: 400_00 + 500_00,
      openCount: 2,
      bestCase: 400_00,
      commit: 500_00,
    });
    const mine = r.body.groups.find((g: { key: string }) => g.key === rep.id);
    expect(mine).toMatchObject({ won: r.body.total.won, pipeline: 900_00 });
  });

  it("takes the close day in the forecast's time zone", async () => {
    const r = await forecast('period=2026-Q3&timeZone=Europe/Berlin');
    expect(r.body.total.won).toBe(80_00 + 180_00 + 300_00 + 1_000_00 + 50_00);
  });

  it('per month and per territory alike', async () => {
    const september = await forecast('period=2026-09&timeZone=UTC&groupBy=territory');
    expect(september.body.groups).toEqual([
      expect.objectContaining({ key: territoryId, title: 'Dollarland', won: 300_00 + 900_00, pipeline: 500_00 }),
    ]);
  });

  it('leaves out and names a currency with no rate in force on the day', async () => {
    // Only dated pounds, from 2026-08-01: a pound deal won in July has none.
    expect((await addRate({ currency: 'GBP', rate: 1.25, effectiveFrom: '2026-08-01' })).status).toBe(201);
    const july = await deal('Won', { amount: 10_00, currency: 'GBP' }, { closedAt: '2026-07-20T12:00:00Z' });
    const r = await forecast('period=2026-07&timeZone=UTC');
    expect(r.body.missingRates).toEqual(['GBP']);
    expect(r.body.total).toMatchObject({ won: 80_00 + 50_00, wonCount: 3 });
    await t.db.query(sql`UPDATE deals SET closed_at = '2026-08-02T12:00:00Z' WHERE id = ${july}`);
    const august = await forecast('period=2026-08&timeZone=UTC');
    expect(august.body.missingRates).toEqual([]);
    expect(august.body.total.won).toBe(180_00 + 12_50);
    await t.db.query(sql`UPDATE deals SET deleted_at = now() WHERE id = ${july}`);
  });

  it('converts a quota at the rate of its period’s first day and an adjustment at today’s', async () => {
    const quota = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: rep.id,
      periodKind: 'month',
      periodStart: '2026-08-01',
      amount: usd(1_000_00),
    });
    expect(quota.status, JSON.stringify(quota.body)).toBe(201);
    const adj = await manager.agent.request('POST', '/api/v1/forecast-adjustments', {
      userId: rep.id,
      periodKind: 'month',
      periodStart: '2026-08-01',
      category: 'commit',
      amount: usd(100_00),
      note: 'In dollars',
    });
    expect(adj.status, JSON.stringify(adj.body)).toBe(201);
    const r = await forecast('period=2026-08&timeZone=UTC');
    expect(r.body.groups.find((g: { key: string }) => g.key === rep.id)).toMatchObject({
      quota: 900_00,
      commitAdjusted: 100_00,
      attainment: 180_00 / 900_00,
    });
  });

  it("converts the projection's history month by month at each close day's rate", async () => {
    const now = new Date();
    const day = (back: number, d: number) =>
      new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, d, 12)).toISOString();
    const land = (await t.admin.request('POST', '/api/v1/territories', { name: 'History land' })).body.id;
    // A rate change in the middle of the month two months back: half of that month before it.
    const change = day(2, 15).slice(0, 10);
    expect((await addRate({ currency: 'CAD', rate: 0.5 })).status).toBe(201);
    expect((await addRate({ currency: 'CAD', rate: 0.7, effectiveFrom: change })).status).toBe(201);
    for (const [back, d] of [
      [3, 10],
      [2, 10],
      [2, 20],
      [1, 5],
    ] as const) {
      const id = await deal('Won', { amount: 100_00, currency: 'CAD' }, { closedAt: day(back, d) });
      await t.db.query(sql`UPDATE deals SET territory_id = ${land}::uuid WHERE id = ${id}`);
    }
    const r = await manager.agent.request('GET', `/api/v1/forecasts?period=2026-Q3&timeZone=UTC&territoryId=${land}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.projection.history.map((h: { amount: number }) => h.amount)).toEqual([50_00, 50_00 + 70_00, 70_00]);
  });
});

describe('the rate in force on a day', () => {
  const day = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const rate = fc.record({
    currency: fc.constantFrom('USD', 'GBP'),
    rate: fc.double({ min: 0.01, max: 100, noNaN: true }),
    effectiveFrom: fc.option(day, { nil: null }),
  });

  it('is the latest on or before it, the undated one before every dated one', () => {
    fc.assert(
      fc.property(fc.array(rate, { maxLength: 12 }), fc.constantFrom('USD', 'GBP'), day, (rates, currency, on) => {
        // One rate per currency and day, as the database keeps them.
        const unique = rates.filter(
          (r, i) => rates.findIndex((x) => x.currency === r.currency && x.effectiveFrom === r.effectiveFrom) === i,
        );
        const shuffled = [...unique].reverse();
        const inForce = unique
          .filter((r) => r.currency === currency && (r.effectiveFrom ?? '') <= on)
          .sort((a, b) => ((a.effectiveFrom ?? '') < (b.effectiveFrom ?? '') ? -1 : 1))
          .at(-1);
        expect(rateOn(shuffled, currency, on)).toBe(inForce?.rate);
      }),
    );
  });

  it("converts between the breaks at one rate: each piece of time's first day stands for all of it", () => {
    fc.assert(
      fc.property(
        fc.array(rate, { maxLength: 8 }),
        day,
        fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
        (rates, on, timeZone) => {
          const unique = rates
            .filter(
              (r, i) => rates.findIndex((x) => x.currency === r.currency && x.effectiveFrom === r.effectiveFrom) === i,
            )
            .map((r, i) => ({ ...r, id: String(i), updatedAt: '' }));
          const fx = converterFor({ companyCurrency: 'EUR', rates: unique }, { now: new Date(), timeZone });
          // The piece `on` falls in: the last break on or before its midnight in the zone.
          const midnight = fx.breaks.filter((_, i) => fx.dayOf(fx.breaks[i]) <= on).at(-1) ?? null;
          for (const currency of ['USD', 'GBP'])
            expect(fx.convert(100_00, currency, fx.dayOf(midnight))).toBe(fx.convert(100_00, currency, on));
        },
      ),
    );
  });
});
