// Demo orders, after the catalogue's and the deals' demo data (skipped without products): the
// purchase history of the demo customers — an order for each deal won in the last 18 months, its
// lines from the price book of the deal's currency sized to the deal's amount, its status by its
// age (the oldest paid, the newest just confirmed). Written through the records path as the
// system, with the clock at each step's moment, so numbers, totals and dates are the server's.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { createRecord, updateRecord } from '../platform/records/records.service.ts';
import type { Registry } from '../platform/registry/registry.ts';
import { demoCtx } from './demo-write.ts';
import type { Rng } from './random.ts';

const day = 86_400_000;

/** The steps an order of a given age (in days) has been through. */
const stepsFor = (age: number) =>
  age > 75
    ? ['confirmed', 'fulfilled', 'invoiced', 'paid']
    : age > 40
      ? ['confirmed', 'fulfilled', 'invoiced']
      : age > 14
        ? ['confirmed', 'fulfilled']
        : ['confirmed'];

export async function seedDemoOrders(input: { tx: Tx; registry: Registry; rng: Rng; now: number }): Promise<number> {
  const { tx, registry, rng, now } = input;
  if (!registry.get('order') || !registry.get('product')) return 0;
  const prices = await tx.query<{ product_id: string; price_book_id: string; currency: string; price: string }>(sql`
    SELECT e.product_id, e.price_book_id, b.currency, e.unit_price::text AS price
    FROM price_book_entries e
    JOIN price_books b ON b.id = e.price_book_id AND b.active AND b.deleted_at IS NULL
    JOIN products p ON p.id = e.product_id AND p.active AND p.deleted_at IS NULL AND p.kind <> 'bundle'
    WHERE e.active AND e.deleted_at IS NULL AND e.unit_price > 0
    ORDER BY b.is_default DESC, b.created_at, e.product_id`);
  if (!prices.length) return 0;
  const deals = await tx.query<{
    id: string;
    name: string;
    company_id: string;
    contact_id: string | null;
    owner_id: string | null;
    amount: string | null;
    currency: string | null;
    closed_at: Date;
  }>(sql`
    SELECT id, name, company_id, contact_id, owner_id, amount::text AS amount, amount_currency AS currency, closed_at
    FROM deals
    WHERE status = 'won' AND deleted_at IS NULL AND company_id IS NOT NULL AND closed_at >= ${new Date(now - 548 * day)}
      AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.deal_id = deals.id)
    ORDER BY closed_at, id LIMIT 200`);
  let made = 0;
  for (const deal of deals) {
    const inBook = prices.filter((p) => p.currency === (deal.currency ?? 'EUR'));
    if (!inBook.length) continue;
    const at = Math.min(deal.closed_at.getTime() + rng.int(0, 3) * day, now);
    const ctx = demoCtx(tx, registry, at);
    const order = await createRecord(ctx, 'order', {
      name: deal.name,
      orderedAt: new Date(at).toISOString().slice(0, 10),
      companyId: deal.company_id,
      ...(deal.contact_id ? { contactId: deal.contact_id } : {}),
      dealId: deal.id,
      ...(deal.owner_id ? { ownerId: deal.owner_id } : {}),
      priceBookId: inBook[0].price_book_id,
    });
    // A main product sized to the deal's amount, and sometimes a service beside it.
    let left = Number(deal.amount ?? 0) || Number(inBook[0].price) * rng.int(1, 10);
    const picks = [rng.pick(inBook), ...(rng.int(0, 2) ? [rng.pick(inBook)] : [])];
    for (const [i, p] of picks.entries()) {
      const price = Number(p.price);
      const quantity = Math.max(1, Math.round((i === picks.length - 1 ? left : left * 0.7) / price));
      left = Math.max(0, left - quantity * price);
      await createRecord(ctx, 'orderLine', {
        orderId: order.id,
        position: i,
        productId: p.product_id,
        quantity,
        unitPrice: { amount: price, currency: p.currency },
        discountPercent: rng.pick([0, 0, 0, 5, 10]),
      });
    }
    const steps = stepsFor((now - at) / day);
    for (const [i, status] of steps.entries())
      await updateRecord(demoCtx(tx, registry, Math.min(at + i * rng.int(3, 12) * day, now)), 'order', order.id, {
        status,
      });
    made++;
  }
  return made;
}
