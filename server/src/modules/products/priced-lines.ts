// Lines priced from a price book, on a document that owns them (a quote, an order): the checks a
// line's values need beyond their field types, and the recomputation of every line's figures and
// the document's totals with the one pricing maths (pricing.ts) — one read of the lines and one
// statement that writes them all, whatever their number. The document's table holds `currency`,
// `discount_percent` and the totals; its lines' table `quantity`, `unit_price`, `discount_percent`,
// `tax_percent`, `net`, `tax` and `total`.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { HookChange } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { bookPrice, productFacts } from './catalog-reads.ts';
import { computePricing, type PricingResult } from './pricing.ts';

export interface PricedDocument {
  /** The document's table (quotes) and its lines' (quote_lines), with the lines' column naming it. */
  table: string;
  linesTable: string;
  parentColumn: string;
  /** Whether the document keeps its average discount (a quote's, for approval and reports). */
  averageDiscount?: boolean;
}

type Money = { amount: number; currency: string } | null | undefined;

/** Range checks the field types cannot say: percentages up to 100, a quantity above 0, a price in the document's currency. */
export function lineProblems(v: Values, currency: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['discountPercent', 'taxPercent'] as const) {
    const n = v[k];
    if (typeof n === 'number' && n > 100) out[`${prefix}${k}`] = 'must be at most 100';
  }
  const q = v.quantity;
  if (typeof q === 'number' && q <= 0) out[`${prefix}quantity`] = 'must be more than 0';
  const price = v.unitPrice as Money;
  if (!price) out[`${prefix}unitPrice`] = 'is required: the product has no price in the price book';
  else if (price.currency !== currency)
    out[`${prefix}unitPrice.currency`] = `must be ${currency}, the currency of the price book`;
  if (!v.productId && !(typeof v.description === 'string' && v.description.trim()))
    out[`${prefix}description`] = 'is required for a line without a product';
  return out;
}

/**
 * What a line's writer left out, from its document and its product (a `defaults` hook's answer):
 * with a product, its name, its tax rate and its price in the document's book; without one (a note,
 * something included) a price of nothing in the document's currency.
 */
export async function lineDefaults(
  ctx: Ctx,
  change: HookChange & { after: Values },
  doc: { currency: string; priceBookId: string },
): Promise<Values> {
  const productId = change.after.productId as string | null | undefined;
  if (change.action !== 'create' && !change.changed.includes('productId')) return {};
  if (!productId) return change.action === 'create' ? { unitPrice: { amount: 0, currency: doc.currency } } : {};
  const out: Values = {};
  const facts = await productFacts(ctx, productId);
  if (facts) out.description = facts.name;
  out.taxPercent = facts?.taxPercent ?? 0;
  const price = await bookPrice(ctx, productId, doc.priceBookId);
  if (price) out.unitPrice = price;
  return out;
}

/** Throws the first problem as a 400 naming its field, with all of them in its details. */
export const refuseLine = (problems: Record<string, string>) => {
  const [first] = Object.entries(problems);
  if (first) throw invalid(`${first[0]}: ${first[1]}`, problems);
};

interface LineRow {
  currency: string | null;
  overall: string | number | null;
  id: string | null;
  quantity: string | number | null;
  unit_price: string | number | null;
  discount_percent: string | number | null;
  tax_percent: string | number | null;
}

/** Prices the document's lines and writes every line's figures and the document's totals; returns them. */
export async function recomputePricedLines(
  ctx: Ctx,
  doc: PricedDocument,
  id: string,
): Promise<(PricingResult & { currency: string; lineIds: string[] }) | null> {
  const rows = await ctx.db.query<LineRow>(sql`
    SELECT d.currency, d.discount_percent AS overall, l.id, l.quantity, l.unit_price, l.discount_percent, l.tax_percent
    FROM ${sql.ident(doc.table)} d
    LEFT JOIN ${sql.ident(doc.linesTable)} l ON l.${sql.ident(doc.parentColumn)} = d.id AND l.deleted_at IS NULL
    WHERE d.id = ${id}::uuid
    ORDER BY l.position NULLS LAST, l.id`);
  if (!rows[0]) return null;
  const cur = rows[0].currency ?? 'EUR';
  const lines = rows.filter((r) => r.id !== null);
  const priced = computePricing({
    discountPercent: Number(rows[0].overall ?? 0),
    lines: lines.map((r) => ({
      quantity: Number(r.quantity ?? 0),
      unitPrice: Number(r.unit_price ?? 0),
      discountPercent: Number(r.discount_percent ?? 0),
      taxPercent: Number(r.tax_percent ?? 0),
    })),
  });
  const t = priced.totals;
  const ids = lines.map((l) => l.id as string);
  const average = doc.averageDiscount ? sql`, average_discount_percent = ${t.averageDiscountPercent}` : sql.empty;
  await ctx.db.query(sql`
    WITH lines AS (
      UPDATE ${sql.ident(doc.linesTable)} l SET net = x.net, net_currency = ${cur}, tax = x.tax, tax_currency = ${cur},
        total = x.total, total_currency = ${cur}
      FROM unnest(${ids}::uuid[], ${priced.lines.map((l) => l.net)}::bigint[], ${priced.lines.map((l) => l.tax)}::bigint[],
                  ${priced.lines.map((l) => l.total)}::bigint[]) AS x(id, net, tax, total)
      WHERE l.id = x.id AND (l.net IS DISTINCT FROM x.net OR l.tax IS DISTINCT FROM x.tax
        OR l.total IS DISTINCT FROM x.total OR l.net_currency IS DISTINCT FROM ${cur})
      RETURNING 1)
    UPDATE ${sql.ident(doc.table)} SET subtotal = ${t.subtotal}, subtotal_currency = ${cur},
      discount_total = ${t.discountTotal}, discount_total_currency = ${cur},
      tax_total = ${t.taxTotal}, tax_total_currency = ${cur},
      total = ${t.total}, total_currency = ${cur}${average}, updated_at = ${ctx.now()}
    WHERE id = ${id}::uuid`);
  return { ...priced, currency: cur, lineIds: ids };
}
