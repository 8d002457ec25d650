// An order line on every write path (the order's page, POST /order-lines, an import): its price,
// tax and description default from the order's price book and the product; it is refused on an
// order that is no longer a draft or in another currency than the order's price book; and the
// order's figures are recomputed in the same transaction.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { lineDefaults, lineProblems, recomputePricedLines, refuseLine } from '../products/priced-lines.ts';
import { ordersDocument } from './order-rules.ts';

/** The order a line is written to, which must still be a draft: its currency and price book. */
export async function draftOrder(ctx: Ctx, orderId: string): Promise<{ currency: string; priceBookId: string }> {
  const [o] = await ctx.db.query<{ currency: string | null; price_book_id: string; status: string }>(sql`
    SELECT currency, price_book_id, status FROM orders WHERE id = ${orderId}::uuid AND deleted_at IS NULL`);
  if (!o) throw notFound('Order');
  if (o.status !== 'draft')
    throw conflict(`This order is ${o.status}; its lines change on a draft only`, { status: o.status });
  return { currency: o.currency ?? 'EUR', priceBookId: o.price_book_id };
}

const orderIdOf = (v: Values | null) => (v?.orderId as string | undefined) ?? null;

export const orderLineHooks: ObjectHooks = {
  async defaults(ctx, change) {
    const orderId = orderIdOf(change.after);
    return orderId ? lineDefaults(ctx, change, await draftOrder(ctx, orderId)) : {};
  },

  async validate(ctx, change) {
    const orderId = orderIdOf(change.after) ?? orderIdOf(change.before);
    if (!orderId) return;
    if (change.action === 'update' && change.before && change.after?.orderId !== change.before.orderId)
      throw invalid('orderId: a line stays on its order', { orderId: 'cannot change' });
    const order = await draftOrder(ctx, orderId);
    if (change.after) refuseLine(lineProblems(change.after, order.currency));
  },

  async afterWrite(ctx, change) {
    const orderId = orderIdOf(change.after) ?? orderIdOf(change.before);
    if (orderId) await recomputePricedLines(ctx as Ctx, ordersDocument, orderId);
  },
};
