// Bundles hold components, never themselves nor through a cycle; a configurable product's price
// follows the options chosen, and a 400 names the option that cannot be.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../../test/factories.ts';

let t: TestApp;

async function make(path: string, body: Record<string, unknown>, agent: Agent = t.admin) {
  const r = await agent.request('POST', `/api/v1/${path}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
}
const fieldsOf = (r: { body: { error?: { details?: { fields?: Record<string, string> } } } }) =>
  Object.keys(r.body.error?.details?.fields ?? {});

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

describe('bundles', () => {
  it('hold components of any kind, each so many times', async () => {
    const kit = await make('products', { name: 'Starter kit', kind: 'bundle' });
    const cable = await make('products', { name: 'Cable' });
    const item = await make('product-bundle-items', { bundleId: kit.id, componentId: cable.id, quantity: 2 });
    expect(item).toMatchObject({ name: 'Cable', quantity: 2 });
    const twice = await t.admin.request('POST', '/api/v1/product-bundle-items', {
      bundleId: kit.id,
      componentId: cable.id,
      quantity: 1,
    });
    expect(twice.status).toBe(409);
  });

  it('refuse a product that is no bundle, itself, a cycle and no quantity', async () => {
    const a = await make('products', { name: 'Bundle A', kind: 'bundle' });
    const b = await make('products', { name: 'Bundle B', kind: 'bundle' });
    const c = await make('products', { name: 'Bundle C', kind: 'bundle' });
    const plain = await make('products', { name: 'Plain' });
    await make('product-bundle-items', { bundleId: a.id, componentId: b.id, quantity: 1 });
    await make('product-bundle-items', { bundleId: b.id, componentId: c.id, quantity: 1 });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ bundleId: plain.id, componentId: a.id, quantity: 1 }, 'bundleId'],
      [{ bundleId: a.id, componentId: a.id, quantity: 1 }, 'componentId'],
      [{ bundleId: c.id, componentId: a.id, quantity: 1 }, 'componentId'],
      [{ bundleId: a.id, componentId: plain.id, quantity: 0 }, 'quantity'],
    ];
    for (const [body, field] of cases) {
      const r = await t.admin.request('POST', '/api/v1/product-bundle-items', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(body)).toEqual([field]);
    }
  });
});

describe('a configurable product', () => {
  let laptop: string;
  let book: string;
  const opt: Record<string, string> = {};

  beforeAll(async () => {
    book = (await make('price-books', { name: 'Shop EUR', currency: 'EUR' })).id;
    laptop = (await make('products', { name: 'Laptop' })).id;
    const price = (productId: string, amount: number) =>
      make('price-book-entries', { priceBookId: book, productId, unitPrice: { amount, currency: 'EUR' } });
    await price(laptop, 1000_00);
    for (const [name, group, amount, required] of [
      ['16 GB', 'Memory', 0, true],
      ['32 GB', 'Memory', 150_00, true],
      ['Care pack', 'Support', 99_00, false],
      ['Unpriced bag', 'Extras', null, false],
    ] as const) {
      const p = (await make('products', { name })).id;
      if (amount !== null) await price(p, amount);
      opt[name] = (await make('product-options', { productId: laptop, optionProductId: p, group, required })).id;
    }
  });

  const configure = (body: Record<string, unknown>, id = laptop) =>
    t.admin.request('POST', `/api/v1/products/${id}/configure`, body);

  it('costs its own price plus the options chosen, with the breakdown', async () => {
    const r = await configure({ priceBookId: book, optionIds: [opt['32 GB'], opt['Care pack']] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      base: { amount: 1000_00, currency: 'EUR' },
      unitPrice: { amount: 1249_00, currency: 'EUR' },
      options: [
        { optionId: opt['32 GB'], name: '32 GB', group: 'Memory', unitPrice: { amount: 150_00, currency: 'EUR' } },
        { optionId: opt['Care pack'], name: 'Care pack', group: 'Support', unitPrice: { amount: 99_00 } },
      ],
    });
  });

  it('is a 400 naming the option that is unknown, another product’s, unpriced, or a required group left out', async () => {
    const other = await make('products', { name: 'Desktop' });
    const foreignProduct = await make('products', { name: 'Mouse' });
    const foreign = (await make('product-options', { productId: other.id, optionProductId: foreignProduct.id })).id;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ priceBookId: book, optionIds: [opt['16 GB'], '019a0000-0000-7000-8000-000000000000'] }, 'optionIds.1'],
      [{ priceBookId: book, optionIds: [opt['16 GB'], foreign] }, 'optionIds.1'],
      [{ priceBookId: book, optionIds: [opt['16 GB'], opt['Unpriced bag']] }, 'optionIds.1'],
      [{ priceBookId: book, optionIds: ['nope'] }, 'optionIds.0'],
      [{ priceBookId: book, optionIds: [opt['Care pack']] }, 'optionIds'],
      [{ currency: 'XYZ', optionIds: [] }, 'currency'],
    ];
    for (const [body, field] of cases) {
      const r = await configure(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r), JSON.stringify(body)).toEqual([field]);
    }
  });
});
