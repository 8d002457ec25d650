// What a deal line does on a write: it takes its price book from the deal, its price from the book
// and its tax rate from the product unless given; its figures are the pricing maths'; it must be
// in the deal's currency; and a deal whose amount comes from its lines is kept in step, in one
// statement per change. The deal's own hooks here: a price book that fits its lines, an amount
// that is the server's while the lines make it.
import { pricingLine } from '@kith/common/api/products';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import { taxOf } from './price-of.service.ts';
import { computePricing } from './pricing.ts';

type Money = { amount: number; currency: string } | null;

interface DealRow {
  price_book_id: string | null;
  book_currency: string | null;
  amount_currency: string | null;
}

const dealOf = async (ctx: Ctx, dealId: string): Promise<DealRow | undefined> =>
  (
    await ctx.db.query<DealRow>(sql`
      SELECT d.price_book_id, b.currency AS book_currency, d.amount_currency
      FROM deals d LEFT JOIN price_books b ON b.id = d.price_book_id WHERE d.id = ${dealId}::uuid`)
  )[0];

const bookCurrency = async (ctx: Ctx, id: string) =>
  (
    await ctx.db.query<{ currency: string; title: string }>(
      sql`SELECT currency, title FROM price_books WHERE id = ${id}::uuid`,
    )
  )[0];

/** The currency of a deal's lines other than `except`, if it has any priced ones. */
const linesCurrency = async (ctx: Ctx, dealId: string, except: string) =>
  (
    await ctx.db.query<{ currency: string }>(sql`
      SELECT unit_price_currency AS currency FROM deal_lines
      WHERE deal_id = ${dealId}::uuid AND id <> ${except}::uuid AND deleted_at IS NULL AND unit_price_currency IS NOT NULL
      LIMIT 1`)
  )[0]?.currency;

/**
 * The deal's amount as the sum of its live lines' net, in the deal's currency (its price book's,
 * else its lines'), its weighted amount with it; only for a deal whose amount comes from its
 * lines. One statement whatever the number of lines; the change is in the deal's history.
 */
export async function rollUp(ctx: Ctx, dealId: string): Promise<void> {
  const [row] = await ctx.db.query<{
    before: string | null;
    before_currency: string | null;
    after: string | null;
    currency: string | null;
  }>(sql`
    WITH s AS (
      SELECT coalesce(sum(net), 0)::bigint AS net, min(net_currency) AS currency
      FROM deal_lines WHERE deal_id = ${dealId}::uuid AND deleted_at IS NULL
    ), old AS (SELECT amount, amount_currency FROM deals WHERE id = ${dealId}::uuid FOR UPDATE),
    cur AS (
      SELECT coalesce((SELECT currency FROM price_books WHERE id = d.price_book_id), s.currency, d.amount_currency) AS currency
      FROM deals d, s WHERE d.id = ${dealId}::uuid
    )
    UPDATE deals d SET
      amount = CASE WHEN cur.currency IS NULL THEN NULL ELSE s.net END,
      amount_currency = cur.currency,
      weighted_amount = CASE WHEN cur.currency IS NULL THEN NULL ELSE round(s.net * d.probability / 100.0)::bigint END,
      weighted_amount_currency = cur.currency,
      updated_at = ${ctx.now()}
    FROM s, cur, old
    WHERE d.id = ${dealId}::uuid AND d.amount_from_lines
      AND (d.amount IS DISTINCT FROM s.net OR d.amount_currency IS DISTINCT FROM cur.currency)
    RETURNING old.amount AS before, old.amount_currency AS before_currency, d.amount AS after, d.amount_currency AS currency`);
  if (!row) return;
  const money = (amount: string | null, currency: string | null) =>
    amount === null || currency === null ? null : { amount: Number(amount), currency };
  await recordAudit(ctx, {
    action: 'update',
    objectType: 'deal',
    recordId: dealId,
    changes: { amount: { before: money(row.before, row.before_currency), after: money(row.after, row.currency) } },
  });
}

/** The line's own figures (its overall discount is the quote's business, not the deal's). */
function figures(after: Values): Values {
  const price = after.unitPrice as Money;
  if (!price) return { net: null, tax: null, total: null };
  const parsed = pricingLine.safeParse({
    quantity: after.quantity,
    unitPrice: price.amount,
    discountPercent: after.discountPercent ?? 0,
    taxPercent: after.taxPercent ?? 0,
  });
  if (!parsed.success) throw zodToInvalid(parsed.error);
  const [l] = computePricing({ lines: [parsed.data], discountPercent: 0 }).lines;
  const m = (amount: number) => ({ amount, currency: price.currency });
  return { net: m(l.net), tax: m(l.tax), total: m(l.total) };
}

export const dealLineHooks: ObjectHooks = {
  async defaults(ctx, change) {
    const after = change.after;
    const out: Values = {};
    const deal = await dealOf(ctx, String(after.dealId));
    if (!deal) return out;
    let book = (after.priceBookId as string | null | undefined) ?? deal.price_book_id;
    if (!book && deal.amount_currency) {
      const [d] = await ctx.db.query<{ id: string }>(sql`
        SELECT id FROM price_books WHERE currency = ${deal.amount_currency} AND is_default AND active AND deleted_at IS NULL
        ORDER BY updated_at DESC LIMIT 1`);
      book = d?.id ?? null;
    }
    if (after.priceBookId === undefined && book) out.priceBookId = book;
    if (after.unitPrice === undefined && book) {
      const [e] = await ctx.db.query<{ amount: string; currency: string }>(sql`
        SELECT unit_price AS amount, unit_price_currency AS currency FROM price_book_entries
        WHERE price_book_id = ${book}::uuid AND product_id = ${String(after.productId)}::uuid AND active AND deleted_at IS NULL`);
      if (e) out.unitPrice = { amount: Number(e.amount), currency: e.currency };
    }
    if (after.taxPercent === undefined) out.taxPercent = (await taxOf(ctx, String(after.productId))).taxPercent;
    if (after.position === undefined) {
      const [p] = await ctx.db.query<{ next: number }>(sql`
        SELECT coalesce(max(position) + 1, 0)::int AS next FROM deal_lines
        WHERE deal_id = ${String(after.dealId)}::uuid AND deleted_at IS NULL`);
      out.position = p?.next ?? 0;
    }
    return out;
  },

  async compute(ctx, change) {
    const after = change.after;
    const named =
      change.action === 'create' || change.changed.includes('productId')
        ? {
            name:
              (
                await ctx.db.query<{ title: string }>(
                  sql`SELECT title FROM products WHERE id = ${String(after.productId)}::uuid`,
                )
              )[0]?.title ?? null,
          }
        : {};
    return { ...named, ...figures(after) };
  },

  async validate(ctx, change) {
    const after = change.after;
    if (!after) return;
    const relevant = ['dealId', 'priceBookId', 'unitPrice'];
    if (change.action !== 'create' && !relevant.some((k) => change.changed.includes(k))) return;
    const deal = await dealOf(ctx, String(after.dealId));
    if (!deal) return;
    const price = after.unitPrice as Money;
    const bookId = after.priceBookId as string | null;
    const book = bookId ? await bookCurrency(ctx, bookId) : undefined;
    if (book && deal.book_currency && book.currency !== deal.book_currency)
      throw invalid(
        `priceBookId: ${book.title} is in ${book.currency}; the deal's price book is in ${deal.book_currency}`,
        {
          priceBookId: `must be a price book in ${deal.book_currency}, the deal's currency`,
        },
      );
    if (!price) return;
    const want = book?.currency ?? deal.book_currency ?? (await linesCurrency(ctx, String(after.dealId), change.id));
    if (want && price.currency !== want)
      throw invalid(`unitPrice.currency: the deal's lines are in ${want}, not ${price.currency}`, {
        'unitPrice.currency': `must be ${want}`,
      });
  },

  async afterWrite(ctx, change) {
    const deals = new Set<string>();
    for (const v of [change.before, change.after]) if (v?.dealId) deals.add(String(v.dealId));
    const moved = ['dealId', 'net', 'unitPrice', 'quantity', 'discountPercent'];
    if (change.action === 'update' && !moved.some((k) => change.changed.includes(k))) return;
    for (const id of deals) await rollUp(ctx, id);
  },
};

/** The deal's part: a price book its lines fit, and an amount the lines make once it says so. */
export const dealCatalogHooks: ObjectHooks = {
  async validate(ctx, change) {
    const after = change.after;
    if (!after || change.action !== 'update') return;
    if (change.changed.includes('priceBookId') && after.priceBookId) {
      const book = await bookCurrency(ctx, String(after.priceBookId));
      const lines = await linesCurrency(ctx, change.id, '00000000-0000-0000-0000-000000000000');
      if (book && lines && book.currency !== lines)
        throw invalid(`priceBookId: the deal's products are priced in ${lines}, ${book.title} in ${book.currency}`, {
          priceBookId: `must be a price book in ${lines}, the currency of the deal's products`,
        });
    }
    const amountTaken = after.amountFromLines === true && change.before?.amountFromLines === true;
    if (amountTaken && change.changed.includes('amount'))
      throw invalid("amount: it is the sum of the deal's products; turn off amountFromLines to set it by hand", {
        amount: 'comes from the products',
      });
  },
  async afterWrite(ctx, change) {
    const after = change.after;
    if (after?.amountFromLines !== true) return;
    if (change.action === 'create' || change.changed.some((k) => k === 'amountFromLines' || k === 'priceBookId'))
      await rollUp(ctx, change.id);
  },
};
