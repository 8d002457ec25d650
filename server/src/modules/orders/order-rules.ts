// What an order's write path adds (the form, the API, an import, a quote's acceptance): its
// number and currency are the server's; its status moves only forward along its life, and may be
// cancelled until it is invoiced; each step's date is kept; once confirmed, what was ordered (the
// price book, the overall discount, the lines) stays as it was; and a change of the overall
// discount re-prices it.
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { bookCurrency } from '../products/catalog-reads.ts';
import { recomputePricedLines } from '../products/priced-lines.ts';
import { type OrderStatus, orderStatuses } from './order-statuses.ts';

export const ordersDocument = { table: 'orders', linesTable: 'order_lines', parentColumn: 'order_id' };

/** The order's life, in order; cancelled stands beside it. */
const life: OrderStatus[] = ['draft', 'confirmed', 'fulfilled', 'invoiced', 'paid'];

/** Whether an order may go from one status to another: forward along its life, or cancelled before it is invoiced. */
export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  if (from === to) return true;
  if (to === 'cancelled') return life.indexOf(from) >= 0 && life.indexOf(from) < life.indexOf('invoiced');
  return life.indexOf(to) > life.indexOf(from) && life.indexOf(from) >= 0;
}

const word = (s: OrderStatus) => (orderStatuses.find((o) => o.value === s)?.label ?? s).toLowerCase();

/** The field each status's date is kept in. */
const stepDate: Partial<Record<OrderStatus, string>> = {
  confirmed: 'confirmedAt',
  fulfilled: 'fulfilledAt',
  invoiced: 'invoicedAt',
  paid: 'paidAt',
  cancelled: 'cancelledAt',
};

/** Fields that say what was ordered: they change on a draft only. */
const orderedFields = ['priceBookId', 'discountPercent'];

const zero = (currency: string) => ({ amount: 0, currency });

export const orderHooks: ObjectHooks = {
  async compute(ctx, change) {
    const after = change.after;
    const out: Record<string, unknown> = {};
    if (change.action === 'create') out.number = after.number ?? (await nextNumber(ctx, 'SO'));
    if (change.action === 'create' || change.changed.includes('priceBookId')) {
      const currency = await bookCurrency(ctx, String(after.priceBookId));
      if (currency) {
        out.currency = currency;
        if (change.action === 'create')
          for (const k of ['subtotal', 'discountTotal', 'taxTotal', 'total']) out[k] = after[k] ?? zero(currency);
      }
    }
    const status = (after.status ?? 'draft') as OrderStatus;
    const entered = change.action === 'create' || change.changed.includes('status');
    const dated = stepDate[status];
    if (entered && dated && !after[dated]) out[dated] = ctx.now();
    return out;
  },

  async validate(_ctx, change) {
    const after = change.after;
    if (!after) return;
    const d = after.discountPercent;
    if (typeof d === 'number' && d > 100)
      throw invalid('discountPercent: must be at most 100', { discountPercent: 'must be at most 100' });
    if (change.action !== 'update' || !change.before) return;
    const from = change.before.status as OrderStatus;
    const to = after.status as OrderStatus;
    if (change.changed.includes('status') && !canMove(from, to))
      throw invalid(`status: this order is ${word(from)}; it cannot become ${word(to)}`, {
        status: `cannot go from ${from} to ${to}`,
      });
    const touched = orderedFields.filter((f) => change.changed.includes(f));
    if (touched.length && from !== 'draft')
      throw conflict(`${touched[0]}: this order is ${word(from)}; what was ordered changes on a draft only`, {
        status: from,
      });
  },

  async afterWrite(ctx, change) {
    if (change.action === 'update' && change.changed.includes('discountPercent'))
      await recomputePricedLines(ctx as Ctx, ordersDocument, change.id);
  },
};
