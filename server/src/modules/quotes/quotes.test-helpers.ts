// A small catalogue for quote tests: two tax rates, EUR and USD price books, two products priced in EUR.
import { expect } from 'vitest';
import type { Agent } from '../../test/factories.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
const ok = (r: { status: number; body: any }, status = 200) => {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  return r.body;
};

/** Made through the API as an admin; `suffix` keeps names apart when one database holds several. */
export async function makeCatalog(admin: Agent, suffix = ''): Promise<Record<string, string>> {
  const made: Record<string, string> = {};
  made.vat = ok(await admin.request('POST', '/api/v1/tax-rates', { name: `VAT 19${suffix}`, ratePercent: 19 }), 201).id;
  made.reduced = ok(
    await admin.request('POST', '/api/v1/tax-rates', { name: `VAT 7${suffix}`, ratePercent: 7 }),
    201,
  ).id;
  made.eur = ok(
    await admin.request('POST', '/api/v1/price-books', { name: `Europe${suffix}`, currency: 'EUR', isDefault: true }),
    201,
  ).id;
  made.usd = ok(
    await admin.request('POST', '/api/v1/price-books', { name: `America${suffix}`, currency: 'USD' }),
    201,
  ).id;
  made.licence = ok(
    await admin.request('POST', '/api/v1/products', { name: `CRM licence${suffix}`, taxRateId: made.vat }),
    201,
  ).id;
  made.book = ok(
    await admin.request('POST', '/api/v1/products', { name: `Handbook${suffix}`, taxRateId: made.reduced }),
    201,
  ).id;
  // In no price book: its lines need a price typed in.
  made.unpriced = ok(await admin.request('POST', '/api/v1/products', { name: `Custom work${suffix}` }), 201).id;
  for (const [product, amount] of [
    [made.licence, 12_000],
    [made.book, 2_550],
  ] as const)
    ok(
      await admin.request('POST', '/api/v1/price-book-entries', {
        priceBookId: made.eur,
        productId: product,
        unitPrice: { amount, currency: 'EUR' },
      }),
      201,
    );
  return made;
}
