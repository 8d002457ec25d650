// What quotes read from the catalogue, through its service and the records path: a product's
// name and tax rate, its price in a price book, a price book's currency.
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { priceOf, taxOf } from '../products/price-of.service.ts';

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
