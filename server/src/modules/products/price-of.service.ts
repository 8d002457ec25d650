// A product's price: in the price book named, or else in the default active price book of the
// currency asked for. What deal lines, quotes and orders start from (a rep may then change it).
import type { PriceQuery, ProductPrice } from '@kith/common/api/products';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { assertCanSee } from '../../platform/records/records.service.ts';
import { isKnownCurrency, isUuid } from '../../platform/registry/fields.ts';

interface Book {
  id: string;
  title: string;
  currency: string;
  active: boolean;
}

const bad = (field: string, message: string) => invalid(`${field}: ${message}`, { [field]: message });

/** The price book a line in `currency` (or in the book named) takes its prices from; 400s name the field. */
export async function priceBookFor(ctx: Ctx, q: { priceBookId?: string | null; currency?: string | null }) {
  const currency = q.currency ?? undefined;
  if (currency !== undefined && !(/^[A-Z]{3}$/.test(currency) && isKnownCurrency(currency)))
    throw bad('currency', `${currency} is not an ISO 4217 currency code (such as EUR)`);
  if (q.priceBookId) {
    if (!isUuid(q.priceBookId)) throw bad('priceBookId', 'must be a price book id');
    await assertCanSee(ctx, 'priceBook', q.priceBookId).catch(() => {
      throw bad('priceBookId', 'no such price book');
    });
    const [book] = await ctx.db.query<Book>(sql`
      SELECT id, title, currency, active FROM price_books WHERE id = ${q.priceBookId}::uuid AND deleted_at IS NULL`);
    if (!book) throw bad('priceBookId', 'no such price book');
    if (!book.active) throw bad('priceBookId', `${book.title} is not active`);
    if (currency !== undefined && book.currency !== currency)
      throw bad('currency', `${book.title} is in ${book.currency}, not ${currency}`);
    return book;
  }
  if (currency === undefined) throw bad('currency', 'give a currency or a priceBookId');
  const [book] = await ctx.db.query<Book>(sql`
    SELECT id, title, currency, active FROM price_books
    WHERE currency = ${currency} AND is_default AND active AND deleted_at IS NULL
    ORDER BY updated_at DESC LIMIT 1`);
  if (!book) throw bad('currency', `no active default price book in ${currency}`);
  return book;
}

/** The tax rate a product's lines take: its own, else the default active rate, else none (0 %). */
export async function taxOf(ctx: Ctx, productId: string): Promise<{ taxRateId: string | null; taxPercent: number }> {
  const [row] = await ctx.db.query<{ id: string | null; rate: string | number | null }>(sql`
    SELECT coalesce(own.id, dflt.id) AS id, coalesce(own.rate_percent, dflt.rate_percent) AS rate
    FROM products p
    LEFT JOIN tax_rates own ON own.id = p.tax_rate_id AND own.deleted_at IS NULL
    LEFT JOIN LATERAL (
      SELECT id, rate_percent FROM tax_rates WHERE is_default AND active AND deleted_at IS NULL
      ORDER BY updated_at DESC LIMIT 1
    ) dflt ON true
    WHERE p.id = ${productId}::uuid`);
  return { taxRateId: row?.id ?? null, taxPercent: row?.rate == null ? 0 : Number(row.rate) };
}

/** The product's price in the book named, or in its currency's default active book. */
export async function priceOf(ctx: Ctx, q: PriceQuery & { productId: string }): Promise<ProductPrice> {
  await assertCanSee(ctx, 'product', q.productId);
  const book = await priceBookFor(ctx, q);
  const [entry] = await ctx.db.query<{ amount: string | number; currency: string; product: string }>(sql`
    SELECT e.unit_price AS amount, e.unit_price_currency AS currency, p.title AS product
    FROM price_book_entries e JOIN products p ON p.id = e.product_id
    WHERE e.price_book_id = ${book.id}::uuid AND e.product_id = ${q.productId}::uuid
      AND e.active AND e.deleted_at IS NULL`);
  if (!entry) throw new AppError('NOT_FOUND', `This product has no active price in ${book.title}`);
  return {
    productId: q.productId,
    priceBookId: book.id,
    priceBookName: book.title,
    currency: book.currency,
    unitPrice: { amount: Number(entry.amount), currency: entry.currency },
    ...(await taxOf(ctx, q.productId)),
  };
}
