// A quote accepted becomes an order, in the acceptance's own transaction (a hook on the quote's
// write path, so whichever way the quote becomes accepted, the order follows): the order takes the
// quote's customer, deal, price book, discount and owner, its lines are the quote's copied in one
// statement and priced with the same maths (so the totals agree to the cent), and the quote's deal
// is moved to its pipeline's Won stage — its amount the order's net when it has none.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import type { HookChange, ObjectHooks } from '../../platform/records/hooks.ts';
import { readValues } from '../../platform/records/record-mapper.ts';
import { insertMany } from '../../platform/records/records.batch.ts';
import { applyUpdate, insertRecord, loadRow, objectOf } from '../../platform/records/records.service.ts';
import { validateValues } from '../../platform/records/validate.ts';
import { recomputePricedLines } from '../products/priced-lines.ts';
import { ordersDocument } from './order-rules.ts';

const all = { create: true, read: true, update: true, delete: true, export: true, scope: 'all' as const };

interface QuoteRow {
  name: string | null;
  company_id: string | null;
  contact_id: string | null;
  deal_id: string | null;
  price_book_id: string;
  discount_percent: string | null;
  owner_id: string | null;
}

/** The order made from an accepted quote; returns its id (the one already made, if any). */
export async function orderFromQuote(ctx: Ctx, quoteId: string): Promise<string> {
  const [made] = await ctx.db.query<{ id: string }>(
    sql`SELECT id FROM orders WHERE quote_id = ${quoteId}::uuid AND deleted_at IS NULL LIMIT 1`,
  );
  if (made) return made.id;
  const [q] = await ctx.db.query<QuoteRow>(sql`
    SELECT name, company_id, contact_id, deal_id, price_book_id, discount_percent, owner_id
    FROM quotes WHERE id = ${quoteId}::uuid`);
  const orders = objectOf(ctx, 'order');
  const today = ctx.now().toISOString().slice(0, 10);
  const values = validateValues(
    orders,
    {
      name: q.name,
      status: 'confirmed',
      orderedAt: today,
      companyId: q.company_id,
      contactId: q.contact_id,
      dealId: q.deal_id,
      priceBookId: q.price_book_id,
      discountPercent: q.discount_percent === null ? null : Number(q.discount_percent),
      ownerId: q.owner_id,
    },
    'create',
  );
  // The quote it comes from is the server's to say (a computed field), beside the values checked as input.
  const orderId = await insertRecord(ctx, orders, { ...values, quoteId }, { allowDuplicate: true });
  await copyLines(ctx, quoteId, orderId);
  const priced = await recomputePricedLines(ctx, ordersDocument, orderId);
  if (q.deal_id && priced) await winDeal(ctx, q.deal_id, { amount: priced.totals.net, currency: priced.currency });
  return orderId;
}

/** The quote's lines as the order's: one read, one insert (with their audit entries). */
async function copyLines(ctx: Ctx, quoteId: string, orderId: string) {
  const lines = await ctx.db.query<{
    position: number | null;
    product_id: string | null;
    description: string | null;
    quantity: string;
    unit_price: string | null;
    unit_price_currency: string | null;
    discount_percent: string | null;
    tax_percent: string | null;
  }>(sql`
    SELECT position, product_id, description, quantity, unit_price, unit_price_currency, discount_percent, tax_percent
    FROM quote_lines WHERE quote_id = ${quoteId}::uuid AND deleted_at IS NULL ORDER BY position NULLS LAST, id`);
  const num = (v: string | null) => (v === null ? null : Number(v));
  await insertMany(
    ctx,
    objectOf(ctx, 'orderLine'),
    lines.map((l, i) => ({
      orderId,
      position: l.position ?? i,
      productId: l.product_id,
      description: l.description,
      quantity: Number(l.quantity),
      unitPrice:
        l.unit_price === null ? null : { amount: Number(l.unit_price), currency: l.unit_price_currency as string },
      discountPercent: num(l.discount_percent),
      taxPercent: num(l.tax_percent),
    })),
  );
}

/**
 * The deal moved to the first Won stage of its pipeline, through the records path (its stage
 * history, forecast and audit follow). An amount is given only when the deal has none; a deal
 * already closed, or whose Won stage needs fields it lacks, is left as it is.
 */
async function winDeal(ctx: Ctx, dealId: string, net: { amount: number; currency: string }) {
  const deals = objectOf(ctx, 'deal');
  const row = await loadRow(ctx, deals, all, dealId, { lock: true }).catch(() => null);
  if (!row) return;
  const deal = readValues(deals, row);
  if (deal.status !== 'open') return;
  const [won] = await ctx.db.query<{ id: string; required_fields: string[] }>(sql`
    SELECT id, required_fields FROM pipeline_stages
    WHERE pipeline_id = ${deal.pipelineId as string}::uuid AND kind = 'won' AND deleted_at IS NULL
    ORDER BY position LIMIT 1`);
  if (!won) return;
  const patch: Record<string, unknown> = { stageId: won.id };
  if (!deal.amount) patch.amount = net;
  const missing = won.required_fields.filter((f) => f !== 'amount' && (deal[f] === null || deal[f] === undefined));
  if (missing.length) return;
  await applyUpdate(ctx, deals, all, row, validateValues(deals, patch, 'update'));
}

/** The hook on quotes: the moment one becomes accepted, its order is made. */
export const orderOnAcceptance: ObjectHooks = {
  async afterWrite(ctx, change: HookChange) {
    if (change.action !== 'update' || !change.changed.includes('status')) return;
    if (change.after?.status !== 'accepted' || change.before?.status === 'accepted') return;
    await orderFromQuote(ctx as Ctx, change.id);
  },
};
