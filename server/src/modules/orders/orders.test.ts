// Orders over HTTP: numbered by the server, in their price book's currency, priced line by line
// with the catalogue's maths (totals sent by a client are ignored), moving only forward along
// their life with each step dated, frozen once confirmed; and a customer's purchase history,
// newest first a page at a time, with what it adds up to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let other: { id: string; agent: Agent };
let eur: string;
let usd: string;
let product: string;

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Orders A' });
  other = await createUser(t, { role: 'sales_rep', team: 'Orders B' });
  eur = (await make('price-books', { name: 'Europe', currency: 'EUR', isDefault: true })).id;
  usd = (await make('price-books', { name: 'America', currency: 'USD', isDefault: true })).id;
  product = (await make('products', { name: 'Seat licence', sku: 'SEAT' })).id;
  await make('price-book-entries', {
    priceBookId: eur,
    productId: product,
    unitPrice: { amount: 12_000, currency: 'EUR' },
  });
});
afterAll(() => t?.close());

async function make(path: string, body: Record<string, unknown>, agent: Agent = t.admin) {
  const r = await agent.request('POST', `/api/v1/${path}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
}

const fieldsOf = (r: { body: { error?: { details?: { fields?: Record<string, string> } } } }) =>
  Object.keys(r.body.error?.details?.fields ?? {});

const get = async (id: string) => (await t.admin.request('GET', `/api/v1/orders/${id}`)).body;

describe('an order', () => {
  it('is numbered by the server and priced from its lines, whatever totals a client sends', async () => {
    const a = await make('orders', { name: 'First', priceBookId: eur, orderedAt: '2026-11-02' });
    const b = await make('orders', { name: 'Second', priceBookId: eur, orderedAt: '2026-11-03' });
    expect(a.number).toMatch(/^SO-\d{4}-\d{4}$/);
    expect(Number(String(b.number).slice(-4))).toBe(Number(String(a.number).slice(-4)) + 1);
    expect(a).toMatchObject({ status: 'draft', currency: 'EUR', total: { amount: 0, currency: 'EUR' } });

    const forged = await t.admin.request('POST', '/api/v1/orders', {
      name: 'Forged',
      priceBookId: eur,
      orderedAt: '2026-11-02',
      total: { amount: 1, currency: 'EUR' },
    });
    expect(forged.status).toBe(400);
    expect(fieldsOf(forged)).toEqual(['total']);

    // 3 × 120.00 less 10 % = 324.00; 2 × 50.00 = 100.00; 5 % off the whole: 307.80 + 95.00 = 402.80; tax 19 % on each.
    await make('order-lines', {
      orderId: a.id,
      productId: product,
      description: 'Seats',
      quantity: 3,
      unitPrice: { amount: 12_000, currency: 'EUR' },
      discountPercent: 10,
      taxPercent: 19,
    });
    await make('order-lines', {
      orderId: a.id,
      description: 'Set-up',
      quantity: 2,
      unitPrice: { amount: 5_000, currency: 'EUR' },
      taxPercent: 19,
    });
    expect((await t.admin.request('PATCH', `/api/v1/orders/${a.id}`, { discountPercent: 5 })).status).toBe(200);
    const priced = await get(a.id);
    expect(priced.subtotal.amount).toBe(46_000);
    expect(priced.discountTotal.amount).toBe(46_000 - 40_280);
    expect(priced.taxTotal.amount).toBe(Math.round(30_780 * 0.19) + Math.round(9_500 * 0.19));
    expect(priced.total.amount).toBe(40_280 + priced.taxTotal.amount);
  });

  it("takes a product line's price, tax and name from the order's price book and the product", async () => {
    const vat = (await make('tax-rates', { name: 'VAT orders', ratePercent: 19 })).id;
    await t.admin.request('PATCH', `/api/v1/products/${product}`, { taxRateId: vat });
    const o = await make('orders', { priceBookId: eur, orderedAt: '2026-11-06' });
    const line = await make('order-lines', { orderId: o.id, productId: product, quantity: 2 });
    expect(line).toMatchObject({
      description: 'Seat licence',
      unitPrice: { amount: 12_000, currency: 'EUR' },
      taxPercent: 19,
      net: { amount: 24_000, currency: 'EUR' },
    });
    // A line of its own costs nothing until priced.
    const note = await make('order-lines', { orderId: o.id, description: 'Delivery included', quantity: 1 });
    expect(note.unitPrice).toEqual({ amount: 0, currency: 'EUR' });
    expect((await get(o.id)).total.amount).toBe(24_000 + 4_560);
  });

  it('refuses lines in another currency, below zero or with discounts above 100 %, naming the field', async () => {
    const o = await make('orders', { priceBookId: eur, orderedAt: '2026-11-04' });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ quantity: 1, unitPrice: { amount: 100, currency: 'USD' } }, 'unitPrice.currency'],
      [{ quantity: -1, unitPrice: { amount: 100, currency: 'EUR' } }, 'quantity'],
      [{ quantity: 1, unitPrice: { amount: -100, currency: 'EUR' } }, 'unitPrice.amount'],
      [{ quantity: 1, unitPrice: { amount: 100, currency: 'EUR' }, discountPercent: 101 }, 'discountPercent'],
    ];
    for (const [line, field] of cases) {
      const r = await t.admin.request('POST', '/api/v1/order-lines', { orderId: o.id, description: 'x', ...line });
      expect(r.status, field).toBe(400);
      expect(fieldsOf(r), field).toContain(field);
    }
    const overall = await t.admin.request('PATCH', `/api/v1/orders/${o.id}`, { discountPercent: 150 });
    expect(overall.status).toBe(400);
    expect((await get(o.id)).total.amount).toBe(0);
  });

  it('moves forward along its life, each step dated, and may be cancelled only until invoiced', async () => {
    const o = await make('orders', { priceBookId: eur, orderedAt: '2026-11-05' });
    await make('order-lines', {
      orderId: o.id,
      description: 'Work',
      quantity: 1,
      unitPrice: { amount: 1_000, currency: 'EUR' },
    });
    const move = (status: string) => t.admin.request('PATCH', `/api/v1/orders/${o.id}`, { status });
    expect((await move('confirmed')).body.confirmedAt).toBeTruthy();
    // What was ordered stays as it was once confirmed.
    const line = await t.admin.request('POST', '/api/v1/order-lines', {
      orderId: o.id,
      description: 'More',
      quantity: 1,
      unitPrice: { amount: 1, currency: 'EUR' },
    });
    expect(line.status).toBe(409);
    expect((await t.admin.request('PATCH', `/api/v1/orders/${o.id}`, { priceBookId: usd })).status).toBe(409);
    expect((await move('invoiced')).body.invoicedAt).toBeTruthy();
    const back = await move('confirmed');
    expect(back.status).toBe(400);
    expect(fieldsOf(back)).toEqual(['status']);
    expect((await move('cancelled')).status).toBe(400);
    const paid = await move('paid');
    expect(paid.body).toMatchObject({ status: 'paid' });
    expect(paid.body.paidAt).toBeTruthy();
    expect(paid.body.fulfilledAt).toBeNull();

    const c = await make('orders', { priceBookId: eur, orderedAt: '2026-11-05', status: 'confirmed' });
    expect(c.confirmedAt).toBeTruthy();
    const cancelled = await t.admin.request('PATCH', `/api/v1/orders/${c.id}`, { status: 'cancelled' });
    expect(cancelled.body.cancelledAt).toBeTruthy();
    expect((await t.admin.request('PATCH', `/api/v1/orders/${c.id}`, { status: 'confirmed' })).status).toBe(400);
  });
});

describe("an order's page", () => {
  it('lists no related list of lines: they are a part of the order, shown in its own panel', async () => {
    const meta = await t.admin.request('GET', '/api/v1/meta/objects');
    const line = meta.body.data.find((o: { name: string }) => o.name === 'orderLine');
    const orderId = line.fields.find((f: { name: string }) => f.name === 'orderId');
    expect(orderId).toMatchObject({ type: 'relation', partOf: true });
  });

  it("keeps a configured line's description and price, as the page writes it, and prices the order from them", async () => {
    // A workstation at 1,000.00 with a 200.00 memory option, 19 % VAT from the product.
    const vat = (await make('tax-rates', { name: 'VAT configured', ratePercent: 19 })).id;
    const station = (await make('products', { name: 'Workstation', sku: 'WKS-O', taxRateId: vat })).id;
    const memory = (await make('products', { name: '32 GB RAM', sku: 'RAM-O' })).id;
    for (const [p, amount] of [
      [station, 100_000],
      [memory, 20_000],
    ] as const)
      await make('price-book-entries', { priceBookId: eur, productId: p, unitPrice: { amount, currency: 'EUR' } });
    const option = (await make('product-options', { productId: station, optionProductId: memory, group: 'Memory' })).id;
    const configured = await t.admin.request('POST', `/api/v1/products/${station}/configure`, {
      priceBookId: eur,
      optionIds: [option],
    });
    expect(configured.status).toBe(200);
    expect(configured.body.unitPrice).toEqual({ amount: 120_000, currency: 'EUR' });

    const o = await make('orders', { priceBookId: eur, orderedAt: '2026-11-07' }, rep.agent);
    const line = await make(
      'order-lines',
      {
        orderId: o.id,
        position: 0,
        productId: station,
        description: 'Workstation — 32 GB RAM',
        quantity: 2,
        unitPrice: configured.body.unitPrice,
        discountPercent: 10,
      },
      rep.agent,
    );
    // 2 × 1,200.00 less 10 % = 2,160.00; 19 % VAT = 410.40.
    expect(line).toMatchObject({
      description: 'Workstation — 32 GB RAM',
      unitPrice: { amount: 120_000, currency: 'EUR' },
      taxPercent: 19,
      net: { amount: 216_000, currency: 'EUR' },
      total: { amount: 257_040, currency: 'EUR' },
    });
    expect(await get(o.id)).toMatchObject({
      subtotal: { amount: 240_000 },
      discountTotal: { amount: 24_000 },
      taxTotal: { amount: 41_040 },
      total: { amount: 257_040 },
    });
    // The page's quantity change and removal re-price the order.
    const patched = await rep.agent.request('PATCH', `/api/v1/order-lines/${line.id}`, { quantity: 1 });
    expect(patched.body.net).toEqual({ amount: 108_000, currency: 'EUR' });
    expect((await get(o.id)).total.amount).toBe(128_520);
    expect((await rep.agent.request('DELETE', `/api/v1/order-lines/${line.id}`)).status).toBeLessThan(300);
    expect((await get(o.id)).total.amount).toBe(0);
  });
});

describe('purchase history', () => {
  it("lists a company's orders newest first, a page at a time, and sums what was bought per currency", async () => {
    const company = await make('companies', { name: 'Buyer Ltd' });
    const dates = ['2026-01-10', '2026-03-05', '2026-03-05', '2026-06-20', '2026-10-01'];
    const ids: string[] = [];
    for (const [i, orderedAt] of dates.entries()) {
      const o = await make('orders', { priceBookId: eur, orderedAt, companyId: company.id, name: `O${i}` });
      await make('order-lines', {
        orderId: o.id,
        description: 'x',
        quantity: 1,
        unitPrice: { amount: 1_000 * (i + 1), currency: 'EUR' },
      });
      await t.admin.request('PATCH', `/api/v1/orders/${o.id}`, { status: 'confirmed' });
      ids.push(o.id);
    }
    // A draft, a cancelled order and one in dollars: listed, but only bought ones count, per currency.
    await make('orders', { priceBookId: eur, orderedAt: '2026-11-01', companyId: company.id, name: 'Draft' });
    const cancelled = await make('orders', {
      priceBookId: eur,
      orderedAt: '2026-02-01',
      companyId: company.id,
      status: 'confirmed',
    });
    await t.admin.request('PATCH', `/api/v1/orders/${cancelled.id}`, { status: 'cancelled' });
    const dollars = await make('orders', { priceBookId: usd, orderedAt: '2026-09-01', companyId: company.id });
    await make('order-lines', {
      orderId: dollars.id,
      description: 'y',
      quantity: 2,
      unitPrice: { amount: 700, currency: 'USD' },
    });
    await t.admin.request('PATCH', `/api/v1/orders/${dollars.id}`, { status: 'paid' });

    const pages: Array<Array<string | null>> = [];
    let cursor: string | null = null;
    let summary: Record<string, unknown> | null = null;
    do {
      const r = await t.admin.request(
        'GET',
        `/api/v1/purchase-history?companyId=${company.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      if (!cursor) summary = r.body.summary;
      else expect(r.body.summary).toBeNull();
      pages.push(r.body.data.map((o: { name: string | null }) => o.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    // Same day: the later order first (ids follow creation).
    expect(pages).toEqual([
      ['Draft', 'O4', null],
      ['O3', 'O2', 'O1'],
      [null, 'O0'],
    ]);

    const months: Record<string, number> = { '2026-01': 1_000, '2026-03': 5_000, '2026-06': 4_000, '2026-10': 5_000 };
    const now = new Date();
    const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    expect(summary).toEqual({
      orders: 6,
      open: 5,
      lifetimeValue: expect.arrayContaining([
        { currency: 'EUR', amount: 15_000 },
        { currency: 'USD', amount: 1_400 },
      ]),
      firstOrderedAt: '2026-01-10',
      lastOrderedAt: '2026-10-01',
      byMonth: [
        ...Object.entries(months).map(([month, amount]) => ({ month, currency: 'EUR', amount })),
        { month: '2026-09', currency: 'USD', amount: 1_400 },
      ]
        .filter((m) => m.month >= since)
        .sort((a, b) => a.month.localeCompare(b.month)),
    });
    expect((summary as { lifetimeValue: unknown[] }).lifetimeValue).toHaveLength(2);
  });

  it('shows a rep only the orders in their scope, and nothing of a customer they cannot see', async () => {
    const company = await make('companies', { name: 'Shared Buyer', ownerId: rep.id });
    await make('orders', { priceBookId: eur, orderedAt: '2026-05-01', companyId: company.id, name: 'Theirs' });
    await make('orders', {
      priceBookId: eur,
      orderedAt: '2026-05-02',
      companyId: company.id,
      name: 'Mine',
      ownerId: rep.id,
    });
    const mine = await rep.agent.request('GET', `/api/v1/purchase-history?companyId=${company.id}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((o: { name: string }) => o.name)).toEqual(['Mine']);
    expect((await other.agent.request('GET', `/api/v1/purchase-history?companyId=${company.id}`)).status).toBe(404);
  });

  it('asks for one customer and a cursor of its own', async () => {
    const both = await t.admin.request('GET', '/api/v1/purchase-history');
    expect(both.status).toBe(400);
    expect(fieldsOf(both)).toEqual(['companyId']);
    const company = await make('companies', { name: 'Cursor Co' });
    const bad = await t.admin.request('GET', `/api/v1/purchase-history?companyId=${company.id}&cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['cursor']);
  });
});
