// The Sales dashboard's product and quote figures: revenue by product and by category from the
// lines of orders bought in the period (drafts, cancelled orders and other periods left out), in
// the company currency at each day's rate; quotes sent in the period, the share accepted and the
// average discount weighted by value; only what the reader's scope holds, narrowed to a team or a
// territory on request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { makeCatalog } from '../quotes/quotes.test-helpers.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let cat: Record<string, string>;
let softwareId: string;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type Body = Record<string, any>;
const ok = (r: { status: number; body: Body }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Reports' });
  cat = await makeCatalog(t.admin, ' rep');
  softwareId = ok(await t.admin.request('POST', '/api/v1/product-categories', { name: 'Software' }), 201).id;
  ok(await t.admin.request('PATCH', `/api/v1/products/${cat.licence}`, { categoryId: softwareId }));
  // 1 USD = 0.9 EUR from the start of July.
  ok(
    await t.admin.request('POST', '/api/v1/exchange-rates/rates', {
      currency: 'USD',
      rate: 0.9,
      effectiveFrom: '2026-07-01',
    }),
    201,
  );
});
afterAll(() => t?.close());

async function order(
  agent: Agent,
  orderedAt: string,
  lines: Array<{ productId?: string; quantity: number; price: number; currency?: string }>,
  status = 'confirmed',
  priceBookId = cat.eur,
) {
  const o = ok(await agent.request('POST', '/api/v1/orders', { priceBookId, orderedAt }), 201);
  for (const l of lines)
    ok(
      await agent.request('POST', '/api/v1/order-lines', {
        orderId: o.id,
        productId: l.productId,
        description: 'Line',
        quantity: l.quantity,
        unitPrice: { amount: l.price, currency: l.currency ?? 'EUR' },
        taxPercent: 19,
      }),
      201,
    );
  if (status !== 'draft') ok(await agent.request('PATCH', `/api/v1/orders/${o.id}`, { status }));
  return o.id as string;
}

describe('revenue by product and category', () => {
  it('sums the net of bought orders in the period, per product and category, in the company currency', async () => {
    await order(t.admin, '2026-07-10', [
      { productId: cat.licence, quantity: 2, price: 10_000 },
      { productId: cat.book, quantity: 4, price: 1_000 },
    ]);
    await order(t.admin, '2026-09-30', [{ productId: cat.licence, quantity: 1, price: 10_000 }], 'paid');
    await order(
      t.admin,
      '2026-08-01',
      [{ productId: cat.licence, quantity: 1, price: 10_000, currency: 'USD' }],
      'confirmed',
      cat.usd,
    );
    // Not counted: a draft, a cancelled order, an order of another quarter.
    await order(t.admin, '2026-08-02', [{ productId: cat.licence, quantity: 9, price: 10_000 }], 'draft');
    await order(t.admin, '2026-08-03', [{ productId: cat.licence, quantity: 9, price: 10_000 }], 'cancelled');
    await order(t.admin, '2026-10-01', [{ productId: cat.licence, quantity: 9, price: 10_000 }]);

    const r = ok(await t.admin.request('GET', '/api/v1/sales-reports/products?period=2026-Q3&timeZone=UTC'));
    expect(r.currency).toBe('EUR');
    expect(r.orders).toBe(3);
    expect(r.byProduct).toEqual([
      { key: cat.licence, title: 'CRM licence rep', revenue: 30_000 + 9_000, quantity: 4, orders: 3 },
      { key: cat.book, title: 'Handbook rep', revenue: 4_000, quantity: 4, orders: 1 },
    ]);
    expect(r.byCategory).toEqual([
      { key: softwareId, title: 'Software', revenue: 39_000, quantity: 4, orders: 3 },
      { key: null, title: null, revenue: 4_000, quantity: 4, orders: 1 },
    ]);
    expect(r.revenue).toBe(43_000);
    expect(r.missingRates).toEqual([]);
  });

  it('shows a rep only the orders in their scope', async () => {
    await order(rep.agent, '2026-05-05', [{ productId: cat.book, quantity: 1, price: 2_000 }]);
    await order(t.admin, '2026-05-06', [{ productId: cat.book, quantity: 1, price: 7_000 }]);
    const mine = ok(await rep.agent.request('GET', '/api/v1/sales-reports/products?period=2026-Q2&timeZone=UTC'));
    expect(mine.revenue).toBe(2_000);
    const all = ok(await t.admin.request('GET', '/api/v1/sales-reports/products?period=2026-Q2&timeZone=UTC'));
    expect(all.revenue).toBe(9_000);
  });

  it('names the bad parameter', async () => {
    const r = await t.admin.request('GET', '/api/v1/sales-reports/products?period=2026-Q9');
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.error.details.fields)).toEqual(['period']);
  });
});

describe('quotes sent in the period', () => {
  it('counts them by answer, the share accepted and the discount weighted by value', async () => {
    const now = new Date();
    const period = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const before = ok(
      await t.admin.request('GET', `/api/v1/sales-reports/products?period=${period}&timeZone=UTC`),
    ).quotes;
    const send = async (discountPercent: number, quantity: number) => {
      const q = ok(
        await rep.agent.request('POST', '/api/v1/quotes', { name: 'Q', priceBookId: cat.eur, discountPercent }),
        201,
      );
      ok(
        await rep.agent.request('POST', `/api/v1/quotes/${q.id}/lines`, {
          lines: [{ productId: cat.licence, quantity }],
        }),
      );
      const sent = ok(
        await rep.agent.request('POST', `/api/v1/quotes/${q.id}/send`, { to: ['buyer@reports.example'] }),
      );
      return String(sent.acceptanceUrl).split('/q/')[1];
    };
    // 10 × 120.00 at 10 % off, and 30 × 120.00 at 0 %: 120.00 off 4,800.00 = 2.5 %.
    const a = await send(10, 10);
    await send(0, 30);
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/quotes/${a}/accept`,
      payload: { name: 'Buyer' },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const q = ok(await t.admin.request('GET', `/api/v1/sales-reports/products?period=${period}&timeZone=UTC`)).quotes;
    expect(q.sent - before.sent).toBe(2);
    expect(q.accepted - before.accepted).toBe(1);
    expect(q.open - before.open).toBe(1);
    expect(before.sent).toBe(0);
    expect(q.quoteToOrderRate).toBe(0.5);
    expect(q.averageDiscountPercent).toBe(2.5);
    expect(q.value).toBe(480_000 - 12_000);
  });
});

describe('narrowed by team and territory', () => {
  let north: { id: string; agent: Agent };
  let nordics: string;
  let elsewhere: string;
  let northTeam: string;
  let dealInNordics: string;

  beforeAll(async () => {
    north = await createUser(t, { role: 'sales_rep', team: 'North', name: 'Nora North' });
    northTeam = ok(await t.admin.request('GET', '/api/v1/teams')).data.find((x: Body) => x.name === 'North').id;
    nordics = ok(await t.admin.request('POST', '/api/v1/territories', { name: 'Nordics', countries: ['SE'] }), 201).id;
    elsewhere = ok(await t.admin.request('POST', '/api/v1/territories', { name: 'Iberia', countries: ['ES'] }), 201).id;
    const pipelineId = ok(await t.admin.request('GET', '/api/v1/pipelines')).data[0].id;
    const stageId = ok(await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`)).data[0].id;
    const company = ok(
      await t.admin.request('POST', '/api/v1/companies', { name: 'Stockholm AB', country: 'SE' }),
      201,
    );
    const deal = ok(
      await t.admin.request('POST', '/api/v1/deals', {
        name: 'Nordic deal',
        pipelineId,
        stageId,
        companyId: company.id,
        ownerId: north.id,
      }),
      201,
    );
    expect(deal.territoryId).toBe(nordics);
    dealInNordics = deal.id;
  });

  const report = async (agent: Agent, params: string) =>
    ok(await agent.request('GET', `/api/v1/sales-reports/products?timeZone=UTC&${params}`));

  it("counts the orders of the team's members, and of deals in the territory", async () => {
    const inTerritory = async (ownerId: string, dealId: string | undefined, day: string, price: number) => {
      const o = ok(
        await t.admin.request('POST', '/api/v1/orders', { priceBookId: cat.eur, orderedAt: day, ownerId, dealId }),
        201,
      );
      ok(
        await t.admin.request('POST', '/api/v1/order-lines', {
          orderId: o.id,
          productId: cat.book,
          description: 'Line',
          quantity: 1,
          unitPrice: { amount: price, currency: 'EUR' },
          taxPercent: 19,
        }),
        201,
      );
      ok(await t.admin.request('PATCH', `/api/v1/orders/${o.id}`, { status: 'confirmed' }));
    };
    await inTerritory(north.id, dealInNordics, '2026-02-10', 1_000); // the team's, in the Nordics
    await inTerritory(north.id, undefined, '2026-02-11', 2_000); // the team's, of no deal
    await inTerritory(rep.id, dealInNordics, '2026-02-12', 4_000); // another team's, in the Nordics

    expect((await report(t.admin, 'period=2026-Q1')).revenue).toBe(7_000);
    expect((await report(t.admin, `period=2026-Q1&teamId=${northTeam}`)).revenue).toBe(3_000);
    expect((await report(t.admin, `period=2026-Q1&territoryId=${nordics}`)).revenue).toBe(5_000);
    const both = await report(t.admin, `period=2026-Q1&teamId=${northTeam}&territoryId=${nordics}`);
    expect(both).toMatchObject({ revenue: 1_000, orders: 1 });
    expect((await report(t.admin, `period=2026-Q1&territoryId=${elsewhere}`)).byProduct).toEqual([]);
    // Within the reader's scope still: another team's rep sees nothing of the North's.
    expect((await report(rep.agent, `period=2026-Q1&teamId=${northTeam}`)).revenue).toBe(0);
    expect((await report(north.agent, `period=2026-Q1&teamId=${northTeam}`)).revenue).toBe(3_000);
  });

  it("counts the quotes of the team's members, and of deals in the territory", async () => {
    const now = new Date();
    const period = `period=${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const q = ok(
      await north.agent.request('POST', '/api/v1/quotes', {
        name: 'Nordic quote',
        priceBookId: cat.eur,
        dealId: dealInNordics,
      }),
      201,
    );
    ok(
      await north.agent.request('POST', `/api/v1/quotes/${q.id}/lines`, {
        lines: [{ productId: cat.licence, quantity: 1 }],
      }),
    );
    ok(await north.agent.request('POST', `/api/v1/quotes/${q.id}/send`, { to: ['buyer@nordics.example'] }));

    expect((await report(t.admin, `${period}&teamId=${northTeam}`)).quotes).toMatchObject({ sent: 1, open: 1 });
    expect((await report(t.admin, `${period}&territoryId=${nordics}`)).quotes.sent).toBe(1);
    expect((await report(t.admin, `${period}&territoryId=${elsewhere}`)).quotes.sent).toBe(0);
    expect((await report(t.admin, period)).quotes.sent).toBeGreaterThan(1);
  });

  it('names an unknown or malformed team or territory', async () => {
    const unknown = '00000000-0000-7000-8000-000000000000';
    for (const [params, field] of [
      [`teamId=${unknown}`, 'teamId'],
      [`territoryId=${unknown}`, 'territoryId'],
      ['teamId=42', 'teamId'],
      ['territoryId=north', 'territoryId'],
    ]) {
      const r = await t.admin.request('GET', `/api/v1/sales-reports/products?period=2026-Q1&${params}`);
      expect(r.status, params).toBe(400);
      expect(Object.keys(r.body.error.details.fields)).toEqual([field]);
    }
  });
});
