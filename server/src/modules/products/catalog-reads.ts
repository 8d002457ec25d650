// What priced lines (quotes, orders) read from the catalogue, through its service and the records
// path: a product's name and tax rate, its price in a price book, a price book's currency.
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getRecord, listRecords } from '../../platform/records/records.service.ts';
import { priceOf, taxOf } from './price-of.service.ts';

export type Money = { amount: number; currency: string };

export async function productFacts(ctx: Ctx, productId: string): Promise<{ name: string; taxPercent: number } | null> {
  try {
    const p = await getRecord(ctx, 'product', productId);
    const { taxPercent } = await taxOf(ctx, productId);
    return { name: String(p.name ?? p.title ?? ''), taxPercent };
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null; // the reference check says so
    throw e;
  }
}

/** The product's price in the book, or null when the book has none (the writer then gives one). */
export async function bookPrice(ctx: Ctx, productId: string, priceBookId: string): Promise<Money | null> {
  try {
    const p = await priceOf(ctx, { productId, priceBookId });
    return p.unitPrice;
  } catch (e) {
    if (e instanceof AppError && (e.code === 'NOT_FOUND' || e.code === 'INVALID')) return null;
    throw e;
  }
}

export async function bookCurrency(ctx: Ctx, priceBookId: string): Promise<string | null> {
  try {
    const b = await getRecord(ctx, 'priceBook', priceBookId);
    return typeof b.currency === 'string' ? b.currency : null;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
    throw e;
  }
}

export interface ProductDefaults {
  name: string;
  taxPercent: number;
  price: Money | null;
}

/**
 * Many products' names, tax rates and prices in one price book, for a batch of lines: the book's
 * entries for all of them in one read through the records path (not a price look-up per product),
 * each product's tax rate by the catalogue's rule, and a product with no entry read on its own.
 * Missing (or unreadable) products are left out.
 */
export async function productsInBook(
  ctx: Ctx,
  productIds: string[],
  priceBookId: string,
): Promise<Map<string, ProductDefaults>> {
  const ids = [...new Set(productIds)];
  const out = new Map<string, ProductDefaults>();
  if (!ids.length) return out;
  const entries = await listRecords(ctx, 'priceBookEntry', {
    limit: ids.length,
    filter: {
      op: 'and',
      conditions: [
        { field: 'priceBookId', cmp: 'eq', value: priceBookId },
        { field: 'productId', cmp: 'in', value: ids },
      ],
    },
  });
  const found = new Map<string, { name: string; price: Money }>();
  for (const e of entries.data) {
    if (e.active === false) continue; // an inactive price is no price, as for priceOf
    const ref = e.product as { title?: string | null } | null;
    found.set(String(e.productId), { name: ref?.title ?? '', price: e.unitPrice as Money });
  }
  for (const id of ids) {
    const entry = found.get(id);
    const facts = entry?.name
      ? { name: entry.name, taxPercent: (await taxOf(ctx, id)).taxPercent }
      : await productFacts(ctx, id);
    if (facts) out.set(id, { ...facts, price: entry?.price ?? null });
  }
  return out;
}
