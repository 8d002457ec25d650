// The catalogue over HTTP: products with their defaults and a SKU held once, tax rates that are
// percentages, price books in a known currency with one default each, prices in their book's
// currency, and a product's price picked by book or by currency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Catalogue' });
});
afterAll(() => t?.close());

async function make(path: string, body: Record<string, unknown>) {
  const r = await t.admin.request('POST', `/api/v1/${path}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
}

const fieldsOf = (r: { body: { error?: { details?: { fields?: Record<string, string> } } } }) =>
  Object.keys(r.body.error?.details?.fields ?? {});

describe('products', () => {
  it('start active, of kind product, sold each', async () => {
    const p = await make('products', { name: 'Widget' });
    expect(p).toMatchObject({ name: 'Widget', active: true, kind: 'product', unit: 'each', sku: null });
    const off = await make('products', { name: 'Old widget', active: false, kind: 'service', unit: 'hour' });
    expect(off).toMatchObject({ active: false, kind: 'service', unit: 'hour' });
  });

  it('hold a SKU once among live products; many may have none', async () => {
    const first = await make('products', { name: 'Cable', sku: 'CAB-1' });
    await make('products', { name: 'No code 1' });
    await make('products', { name: 'No code 2' });
    const again = await t.admin.request('POST', '/api/v1/products', { name: 'Cable copy', sku: 'CAB-1' });
    expect(again.status).toBe(409);
    expect(fieldsOf(again)).toEqual(['sku']);
    const other = await make('products', { name: 'Plug', sku: 'PLG-1' });
    const taken = await t.admin.request('PATCH', `/api/v1/products/${other.id}`, { sku: 'CAB-1' });
    expect(taken.status).toBe(409);
    // Keeping its own SKU is no clash; once the first is deleted, the SKU is free again.
    expect((await t.admin.request('PATCH', `/api/v1/products/${first.id}`, { name: 'Cable 2m' })).status).toBe(200);
    expect((await t.admin.request('DELETE', `/api/v1/products/${first.id}`)).status).toBe(204);
    expect((await t.admin.request('PATCH', `/api/v1/products/${other.id}`, { sku: 'CAB-1' })).status).toBe(200);
  });

  it('are read by reps and changed by managers and admins only', async () => {
    const p = await make('products', { name: 'Gadget' });
    expect((await rep.agent.request('GET', `/api/v1/products/${p.id}`)).status).toBe(200);
    expect((await rep.agent.request('POST', '/api/v1/products', { name: 'Mine' })).status).toBe(403);
    expect((await rep.agent.request('PATCH', `/api/v1/products/${p.id}`, { name: 'Mine' })).status).toBe(403);
  });
});

describe('tax rates', () => {
  it('are percentages from 0 to 100 with at most 3 decimals', async () => {
    expect((await make('tax-rates', { name: 'Odd', ratePercent: 19.125 })).ratePercent).toBe(19.125);
    for (const ratePercent of [100.5, -1, 7.0001]) {
      const r = await t.admin.request('POST', '/api/v1/tax-rates', { name: 'Bad', ratePercent });
      expect(r.status, String(ratePercent)).toBe(400);
      expect(fieldsOf(r)).toEqual(['ratePercent']);
    }
  });

  it('have one default: marking another unmarks the first', async () => {
    const a = await make('tax-rates', { name: 'Standard A', ratePercent: 20, isDefault: true });
    const b = await make('tax-rates', { name: 'Standard B', ratePercent: 19, isDefault: true });
    expect((await t.admin.request('GET', `/api/v1/tax-rates/${a.id}`)).body.isDefault).toBe(false);
    expect((await t.admin.request('GET', `/api/v1/tax-rates/${b.id}`)).body.isDefault).toBe(true);
  });
});

describe('price books and their prices', () => {
  it('refuse a currency the app does not know', async () => {
    for (const currency of ['ABC', 'eur', 'EURO']) {
      const r = await t.admin.request('POST', '/api/v1/price-books', { name: 'Bad', currency });
      expect(r.status, currency).toBe(400);
      expect(fieldsOf(r)).toEqual(['currency']);
    }
  });

  it('keep one default per currency', async () => {
    const eur1 = await make('price-books', { name: 'EUR one', currency: 'EUR', isDefault: true });
    const usd = await make('price-books', { name: 'USD one', currency: 'USD', isDefault: true });
    const eur2 = await make('price-books', { name: 'EUR two', currency: 'EUR', isDefault: true });
    const get = async (id: string) => (await t.admin.request('GET', `/api/v1/price-books/${id}`)).body.isDefault;
    expect([await get(eur1.id), await get(usd.id), await get(eur2.id)]).toEqual([false, true, true]);
  });

  it("take prices in the book's currency only, not negative, once per product", async () => {
    const book = await make('price-books', { name: 'Partners EUR', currency: 'EUR' });
    const p = await make('products', { name: 'Bolt' });
    const body = { priceBookId: book.id, productId: p.id };
    const usd = await t.admin.request('POST', '/api/v1/price-book-entries', {
      ...body,
      unitPrice: { amount: 100, currency: 'USD' },
    });
    expect(usd.status).toBe(400);
    expect(fieldsOf(usd)).toEqual(['unitPrice.currency']);
    const negative = await t.admin.request('POST', '/api/v1/price-book-entries', {
      ...body,
      unitPrice: { amount: -1, currency: 'EUR' },
    });
    expect(negative.status).toBe(400);
    expect(fieldsOf(negative)).toEqual(['unitPrice.amount']);
    const entry = await make('price-book-entries', { ...body, unitPrice: { amount: 250, currency: 'EUR' } });
    expect(entry.active).toBe(true);
    const twice = await t.admin.request('POST', '/api/v1/price-book-entries', {
      ...body,
      unitPrice: { amount: 300, currency: 'EUR' },
    });
    expect(twice.status).toBe(409);
    const patched = await t.admin.request('PATCH', `/api/v1/price-book-entries/${entry.id}`, {
      unitPrice: { amount: 300, currency: 'GBP' },
    });
    expect(fieldsOf(patched)).toEqual(['unitPrice.currency']);
    // The book's prices are in euros: its currency stays while it holds them.
    const moved = await t.admin.request('PATCH', `/api/v1/price-books/${book.id}`, { currency: 'USD' });
    expect(moved.status).toBe(409);
    expect(fieldsOf(moved)).toEqual(['currency']);
  });
});

describe("a product's price", () => {
  let product: string;
  let list: string;
  let partner: string;
  let reduced: string;

  beforeAll(async () => {
    reduced = (await make('tax-rates', { name: 'Reduced', ratePercent: 7 })).id;
    await make('tax-rates', { name: 'Standard', ratePercent: 19, isDefault: true });
    product = (await make('products', { name: 'Seat licence', unit: 'seat', taxRateId: reduced })).id;
    list = (await make('price-books', { name: 'List GBP', currency: 'GBP', isDefault: true })).id;
    partner = (await make('price-books', { name: 'Partner GBP', currency: 'GBP' })).id;
    await make('price-book-entries', {
      priceBookId: list,
      productId: product,
      unitPrice: { amount: 9900, currency: 'GBP' },
    });
    await make('price-book-entries', {
      priceBookId: partner,
      productId: product,
      unitPrice: { amount: 7900, currency: 'GBP' },
    });
  });

  const priceOf = (agent: Agent, query: string, id = product) =>
    agent.request('GET', `/api/v1/products/${id}/price${query}`);

  it("comes from the book named, or else the currency's default book, with the product's tax rate", async () => {
    const byBook = await priceOf(rep.agent, `?priceBookId=${partner}`);
    expect(byBook.status, JSON.stringify(byBook.body)).toBe(200);
    expect(byBook.body).toEqual({
      productId: product,
      priceBookId: partner,
      priceBookName: 'Partner GBP',
      currency: 'GBP',
      unitPrice: { amount: 7900, currency: 'GBP' },
      taxRateId: reduced,
      taxPercent: 7,
    });
    const byCurrency = await priceOf(rep.agent, '?currency=GBP');
    expect(byCurrency.body).toMatchObject({ priceBookId: list, unitPrice: { amount: 9900, currency: 'GBP' } });
    // The book and the currency may both be given when they agree.
    expect((await priceOf(rep.agent, `?priceBookId=${partner}&currency=GBP`)).status).toBe(200);
  });

  it('takes the default tax rate for a product without one', async () => {
    const plain = (await make('products', { name: 'Plain' })).id;
    await make('price-book-entries', {
      priceBookId: list,
      productId: plain,
      unitPrice: { amount: 1, currency: 'GBP' },
    });
    expect((await priceOf(t.admin, '?currency=GBP', plain)).body).toMatchObject({ taxPercent: 19 });
  });

  it('is a 400 naming the field for an unknown currency, a book in another one, or neither given', async () => {
    const cases: Array<[string, string]> = [
      ['?currency=ABC', 'currency'],
      [`?priceBookId=${partner}&currency=EUR`, 'currency'],
      ['', 'currency'],
      ['?currency=SEK', 'currency'],
      ['?priceBookId=019a0000-0000-7000-8000-000000000000', 'priceBookId'],
    ];
    for (const [query, field] of cases) {
      const r = await priceOf(rep.agent, query);
      expect(r.status, query).toBe(400);
      expect(fieldsOf(r), query).toEqual([field]);
    }
  });

  it('is a 404 when the book holds no active price for it', async () => {
    const none = (await make('products', { name: 'Unpriced' })).id;
    expect((await priceOf(rep.agent, '?currency=GBP', none)).status).toBe(404);
    const [entry] = (
      await t.admin.request('GET', `/api/v1/price-book-entries?priceBookId=${partner}&productId=${product}`)
    ).body.data;
    await t.admin.request('PATCH', `/api/v1/price-book-entries/${entry.id}`, { active: false });
    expect((await priceOf(rep.agent, `?priceBookId=${partner}`)).status).toBe(404);
    expect((await priceOf(rep.agent, '?currency=GBP', '019a0000-0000-7000-8000-000000000000')).status).toBe(404);
  });
});
