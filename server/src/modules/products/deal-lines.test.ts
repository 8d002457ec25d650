// Products on deals: a line takes its book, price and tax rate unless given, computes its figures,
// stays in the deal's currency, and a deal that says so takes its amount from its lines' net.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let pipelineId: string;
let stageId: string;
let eurBook: string;
let usdBook: string;
let widget: string;
let service: string;

async function make(agent: Agent, path: string, body: Record<string, unknown>) {
  const r = await agent.request('POST', `/api/v1/${path}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
}

const fieldsOf = (r: { body: { error?: { details?: { fields?: Record<string, string> } } } }) =>
  Object.keys(r.body.error?.details?.fields ?? {});
const eur = (amount: number) => ({ amount, currency: 'EUR' });

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Lines' });
  pipelineId = (await t.admin.request('GET', '/api/v1/pipelines')).body.data[0].id;
  stageId = (await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`)).body.data[0].id; // Qualification, 10 %
  const vat = (await make(t.admin, 'tax-rates', { name: 'VAT', ratePercent: 19 })).id;
  eurBook = (await make(t.admin, 'price-books', { name: 'List EUR', currency: 'EUR', isDefault: true })).id;
  usdBook = (await make(t.admin, 'price-books', { name: 'List USD', currency: 'USD', isDefault: true })).id;
  widget = (await make(t.admin, 'products', { name: 'Widget', sku: 'W-1', taxRateId: vat })).id;
  service = (await make(t.admin, 'products', { name: 'Setup', kind: 'service', unit: 'hour' })).id;
  for (const [book, product, amount, currency] of [
    [eurBook, widget, 12_50, 'EUR'],
    [usdBook, widget, 14_00, 'USD'],
    [eurBook, service, 100_00, 'EUR'],
  ] as const)
    await make(t.admin, 'price-book-entries', {
      priceBookId: book,
      productId: product,
      unitPrice: { amount, currency },
    });
});
afterAll(() => t?.close());

const newDeal = (body: Record<string, unknown> = {}) =>
  make(rep.agent, 'deals', { name: 'Big order', pipelineId, stageId, ...body });
const getDeal = async (id: string) => (await rep.agent.request('GET', `/api/v1/deals/${id}`)).body;

describe('a deal line', () => {
  it("takes the deal's price book, the book's price and the product's tax rate, and computes its figures", async () => {
    const deal = await newDeal({ priceBookId: eurBook });
    const line = await make(rep.agent, 'deal-lines', {
      dealId: deal.id,
      productId: widget,
      quantity: 3,
      discountPercent: 10,
    });
    expect(line).toMatchObject({
      name: 'Widget',
      priceBookId: eurBook,
      unitPrice: eur(1250),
      taxPercent: 19,
      position: 0,
      // 3 × 12.50 = 37.50, less 10 % = 33.75; 19 % of it 6.4125 → 6.41.
      net: eur(3375),
      tax: eur(641),
      total: eur(4016),
    });
    const second = await make(rep.agent, 'deal-lines', {
      dealId: deal.id,
      productId: service,
      quantity: 1.5,
      unitPrice: eur(90_00),
      taxPercent: 0,
    });
    expect(second).toMatchObject({ unitPrice: eur(9000), net: eur(13500), taxPercent: 0, position: 1 });
  });

  it("takes the default book of the deal's currency when the deal names none", async () => {
    const deal = await newDeal({ amount: { amount: 1, currency: 'USD' } });
    const line = await make(rep.agent, 'deal-lines', { dealId: deal.id, productId: widget, quantity: 2 });
    expect(line).toMatchObject({ priceBookId: usdBook, unitPrice: { amount: 1400, currency: 'USD' } });
  });

  it("refuses a book or a price in another currency than the deal's, and bad figures, naming the field", async () => {
    const deal = await newDeal({ priceBookId: eurBook });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ priceBookId: usdBook }, 'priceBookId'],
      [{ unitPrice: { amount: 100, currency: 'USD' } }, 'unitPrice.currency'],
      [{ quantity: 0 }, 'quantity'],
      [{ quantity: -1 }, 'quantity'],
      [{ quantity: 1.23456 }, 'quantity'],
      [{ unitPrice: eur(-5) }, 'unitPrice.amount'],
      [{ discountPercent: 120 }, 'discountPercent'],
      [{ taxPercent: 101 }, 'taxPercent'],
      [{ net: eur(1) }, 'net'],
    ];
    for (const [body, field] of cases) {
      const r = await rep.agent.request('POST', '/api/v1/deal-lines', {
        dealId: deal.id,
        productId: widget,
        quantity: 1,
        ...body,
      });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(body)).toContain(field);
    }
  });
});

describe("a deal's amount from its lines", () => {
  it('is the sum of the lines’ net when the rep chooses, kept in step as lines change', async () => {
    const deal = await newDeal({ priceBookId: eurBook, amount: eur(5) });
    const a = await make(rep.agent, 'deal-lines', { dealId: deal.id, productId: widget, quantity: 2 });
    // Not chosen yet: the amount is the rep's.
    expect((await getDeal(deal.id)).amount).toEqual(eur(5));
    const on = await rep.agent.request('PATCH', `/api/v1/deals/${deal.id}`, { amountFromLines: true });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body).toMatchObject({ amount: eur(2500), weightedAmount: eur(250) });
    const b = await make(rep.agent, 'deal-lines', { dealId: deal.id, productId: service, quantity: 1 });
    expect((await getDeal(deal.id)).amount).toEqual(eur(12500));
    await rep.agent.request('PATCH', `/api/v1/deal-lines/${a.id}`, { quantity: 4 });
    expect((await getDeal(deal.id)).amount).toEqual(eur(15000));
    expect((await rep.agent.request('DELETE', `/api/v1/deal-lines/${b.id}`)).status).toBe(204);
    expect(await getDeal(deal.id)).toMatchObject({ amount: eur(5000), weightedAmount: eur(500) });
    // Set by the server while the lines make it; the rep may turn it off and set it again.
    const byHand = await rep.agent.request('PATCH', `/api/v1/deals/${deal.id}`, { amount: eur(1) });
    expect(byHand.status).toBe(400);
    expect(fieldsOf(byHand)).toEqual(['amount']);
    const off = await rep.agent.request('PATCH', `/api/v1/deals/${deal.id}`, {
      amountFromLines: false,
      amount: eur(1),
    });
    expect(off.body.amount).toEqual(eur(1));
    // The deal's history shows what the lines did to its amount.
    const history = (await rep.agent.request('GET', `/api/v1/deals/${deal.id}/audit`)).body.data;
    expect(history.some((h: { changes: Record<string, unknown> }) => 'amount' in h.changes)).toBe(true);
    // And what happened to its products: added, changed, removed.
    const products = history
      .filter((h: { changes: Record<string, unknown> }) => 'Products' in h.changes)
      .map((h: { changes: { Products: { before: string | null; after: string | null } } }) => h.changes.Products);
    expect(products).toEqual(
      expect.arrayContaining([
        { before: null, after: 'Setup × 1 at 100.00 EUR' },
        { before: 'Widget × 2 at 12.50 EUR', after: 'Widget × 4 at 12.50 EUR' },
        { before: 'Setup × 1 at 100.00 EUR', after: null },
      ]),
    );
  });

  it("keeps the deal's price book in the currency of its lines", async () => {
    const deal = await newDeal({ priceBookId: eurBook });
    await make(rep.agent, 'deal-lines', { dealId: deal.id, productId: widget, quantity: 1 });
    const r = await rep.agent.request('PATCH', `/api/v1/deals/${deal.id}`, { priceBookId: usdBook });
    expect(r.status).toBe(400);
    expect(fieldsOf(r)).toEqual(['priceBookId']);
  });

  it('sums the lines of a deal made with it on, as they come', async () => {
    const deal = await newDeal({ priceBookId: eurBook, amountFromLines: true });
    for (let i = 0; i < 5; i++)
      await make(rep.agent, 'deal-lines', { dealId: deal.id, productId: widget, quantity: 1 });
    expect((await getDeal(deal.id)).amount).toEqual(eur(6250));
  });
});

describe("a deal's lines", () => {
  it('are read and changed only by those who may read the deal', async () => {
    const other = await createUser(t, { role: 'sales_rep', team: 'Elsewhere' });
    const deal = await newDeal({ priceBookId: eurBook });
    const line = await make(rep.agent, 'deal-lines', { dealId: deal.id, productId: widget, quantity: 2 });

    const listed = async (agent: Agent) =>
      (await agent.request('GET', '/api/v1/deal-lines?limit=200')).body.data.map((l: { id: string }) => l.id);
    expect(await listed(rep.agent)).toContain(line.id);
    expect(await listed(t.admin)).toContain(line.id);
    // Another team's rep: the deal is out of their scope, so is each of its lines — listed, read or written.
    expect(await listed(other.agent)).not.toContain(line.id);
    expect((await other.agent.request('GET', `/api/v1/deal-lines/${line.id}`)).status).toBe(404);
    expect((await other.agent.request('PATCH', `/api/v1/deal-lines/${line.id}`, { quantity: 9 })).status).toBe(404);
    expect((await other.agent.request('DELETE', `/api/v1/deal-lines/${line.id}`)).status).toBe(404);
    const added = await other.agent.request('POST', '/api/v1/deal-lines', {
      dealId: deal.id,
      productId: widget,
      quantity: 1,
    });
    expect(added.status).toBe(400);
    expect(fieldsOf(added)).toEqual(['dealId']);
    expect((await rep.agent.request('GET', `/api/v1/deal-lines/${line.id}`)).body.quantity).toBe(2);
  });
});
