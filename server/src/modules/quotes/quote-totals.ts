// A quote's figures, kept by the server alone: after any change to its lines or its overall
// discount, one read of the lines and one statement that writes every line's net, tax and total
// and the quote's totals — whatever the number of lines. The maths is the catalogue's
// (products/pricing.ts), the one pricing for deal lines, quotes and orders.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { type PricedQuote, priceQuote } from './quote-pricing.ts';

interface LineRow {
  quote_id: string;
  currency: string | null;
  overall: string | number | null;
  id: string | null;
  quantity: string | number | null;
  unit_price: string | number | null;
  discount_percent: string | number | null;
  tax_percent: string | number | null;
}

/** The quote's lines as the pricing reads them, in position order: one statement. */
export async function readPricingInput(ctx: Ctx, quoteId: string) {
  const rows = await ctx.db.query<LineRow>(sql`
    SELECT q.id AS quote_id, q.currency, q.discount_percent AS overall, l.id, l.quantity, l.unit_price,
           l.discount_percent, l.tax_percent
    FROM quotes q LEFT JOIN quote_lines l ON l.quote_id = q.id AND l.deleted_at IS NULL
    WHERE q.id = ${quoteId}::uuid
    ORDER BY l.position NULLS LAST, l.id`);
  const first = rows[0];
  if (!first) return null;
  const lines = rows
    .filter((r) => r.id !== null)
    .map((r) => ({
      id: r.id as string,
      quantity: Number(r.quantity ?? 0),
      unitPrice: Number(r.unit_price ?? 0),
      discountPercent: Number(r.discount_percent ?? 0),
      taxPercent: Number(r.tax_percent ?? 0),
    }));
  return { currency: first.currency ?? 'EUR', overall: Number(first.overall ?? 0), lines };
}

/**
 * Prices the quote's lines and writes the figures: each line's net (after its own discount and its
 * share of the overall one), tax and total, and the quote's totals, in one statement. Returns them.
 * The lines' owner follows the quote's here too, so that they are seen by whoever sees the quote.
 */
export async function recomputeQuote(ctx: Ctx, quoteId: string): Promise<PricedQuote | null> {
  const input = await readPricingInput(ctx, quoteId);
  if (!input) return null;
  const priced = priceQuote(input.lines, input.overall);
  const cur = input.currency;
  const t = priced.totals;
  const ids = input.lines.map((l) => l.id);
  await ctx.db.query(sql`
    WITH q AS (SELECT owner_id FROM quotes WHERE id = ${quoteId}::uuid),
    lines AS (
      UPDATE quote_lines l SET net = x.net, net_currency = ${cur}, tax = x.tax, tax_currency = ${cur},
        total = x.total, total_currency = ${cur}, owner_id = q.owner_id
      FROM q, unnest(${ids}::uuid[], ${priced.lines.map((l) => l.net)}::bigint[], ${priced.lines.map((l) => l.tax)}::bigint[],
                  ${priced.lines.map((l) => l.total)}::bigint[]) AS x(id, net, tax, total)
      WHERE l.id = x.id AND (l.net IS DISTINCT FROM x.net OR l.tax IS DISTINCT FROM x.tax
        OR l.total IS DISTINCT FROM x.total OR l.net_currency IS DISTINCT FROM ${cur} OR l.owner_id IS DISTINCT FROM q.owner_id)
      RETURNING 1)
    UPDATE quotes SET subtotal = ${t.subtotal}, subtotal_currency = ${cur},
      discount_total = ${t.discountTotal}, discount_total_currency = ${cur},
      tax_total = ${t.taxTotal}, tax_total_currency = ${cur},
      total = ${t.total}, total_currency = ${cur},
      average_discount_percent = ${t.averageDiscountPercent}, updated_at = ${ctx.now()}
    WHERE id = ${quoteId}::uuid`);
  return priced;
}
