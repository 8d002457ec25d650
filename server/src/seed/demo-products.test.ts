// The demo catalogue: categories, tax rates, products with a bundle and a configurable one, list
// prices in EUR and USD, and lines on demo deals that add up to the amounts the deals had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { createTestApp, type TestApp } from '../test/factories.ts';
import { seedDemoData } from './demo-data.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoData(t.db, {
    adminId: t.admin.userId,
    seed: 11,
    now: new Date('2026-03-01T12:00:00Z'),
    registry: t.registry,
    companies: 40,
    contacts: 120,
    notes: 0,
    activity: false,
  });
}, 300_000);
afterAll(() => t?.close());

describe('the demo catalogue', () => {
  it('has categories, tax rates, about 25 products, two default price books and every price', async () => {
    const [c] = await t.db.query<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM product_categories) AS categories,
      (SELECT count(*)::int FROM tax_rates) AS rates,
      (SELECT count(*)::int FROM products) AS products,
      (SELECT count(*)::int FROM products WHERE kind = 'bundle') AS bundles,
      (SELECT count(*)::int FROM product_bundle_items) AS items,
      (SELECT count(DISTINCT product_id)::int FROM product_options) AS configurable,
      (SELECT count(*)::int FROM price_books WHERE is_default) AS books,
      (SELECT count(*)::int FROM price_book_entries) AS prices`);
    expect(c).toMatchObject({ categories: 5, rates: 3, bundles: 1, items: 3, configurable: 1, books: 2 });
    expect(c.products).toBeGreaterThanOrEqual(25);
    expect(c.prices).toBe(2 * (c.products - 1));
  });

  it('prices the configurable workstation through the API', async () => {
    const [p] = await t.db.query<{ id: string }>(sql`SELECT id FROM products WHERE sku = 'HW-WKS'`);
    const options = (await t.admin.request('GET', `/api/v1/product-options?productId=${p.id}&limit=50`)).body.data;
    const support = options.find((o: { name: string }) => o.name === 'Premium support');
    const r = await t.admin.request('POST', `/api/v1/products/${p.id}/configure`, {
      currency: 'EUR',
      optionIds: [support.id],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.unitPrice).toEqual({ amount: (899 + 2400) * 100, currency: 'EUR' });
  });

  it('puts products on demo deals; those whose amount comes from them add up to it', async () => {
    const deals = await t.db.query<{ amount: string; lines: string; n: number }>(sql`
      SELECT d.amount, sum(l.net)::bigint AS lines, count(*)::int AS n FROM deals d JOIN deal_lines l ON l.deal_id = d.id
      WHERE d.amount_from_lines GROUP BY d.id`);
    expect(deals.length).toBeGreaterThan(3);
    for (const d of deals) expect(Number(d.lines)).toBe(Number(d.amount));
    const [all] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM deal_lines`);
    expect(all.n).toBeGreaterThan(30);
  });
});
