// A company's or a contact's purchase history: their orders newest first, a keyset page at a time
// (index companyId/contactId + orderedAt), and on the first page what those orders add up to —
// sums by currency and month read from the same index (it carries status and total), so a
// customer with ten thousand orders costs one index range, not ten thousand rows.
import type { PurchaseHistory, PurchaseHistoryQuery } from '@kith/common/api/orders';
import { type Sql, sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { assertCanSee, objectOf, readableWhere } from '../../platform/records/records.service.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/time-cursor.ts';

interface OrderRow {
  id: string;
  number: string | null;
  name: string | null;
  status: PurchaseHistory['data'][number]['status'];
  ordered_at: string | null;
  total: string | null;
  total_currency: string | null;
}

/** Statuses that count as bought: not a draft, not cancelled. */
const bought = ['confirmed', 'fulfilled', 'invoiced', 'paid'];

export async function purchaseHistory(ctx: Ctx, q: PurchaseHistoryQuery): Promise<PurchaseHistory> {
  const [object, id, column] = q.companyId
    ? (['company', q.companyId, 'company_id'] as const)
    : (['contact', q.contactId as string, 'contact_id'] as const);
  await assertCanSee(ctx, object, id);
  const orders = objectOf(ctx, 'order');
  const limit = q.limit;
  const whose = sql`o.${sql.ident(column)} = ${id}::uuid AND ${readableWhere(ctx, orders, 'o')}`;
  const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
  const from = after ? sql` AND (o.ordered_at, o.id) < (${after.at.slice(0, 10)}::date, ${after.id}::uuid)` : sql.empty;
  const rows = await ctx.db.query<OrderRow>(sql`
    SELECT o.id, o.number, o.name, o.status, o.ordered_at::text AS ordered_at, o.total::text AS total, o.total_currency
    FROM orders o WHERE ${whose} AND o.ordered_at IS NOT NULL${from}
    ORDER BY o.ordered_at DESC, o.id DESC LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    summary: after ? null : await summary(ctx, whose),
    data: page.map((r) => ({
      id: r.id,
      number: r.number,
      name: r.name,
      status: r.status,
      orderedAt: r.ordered_at,
      total: r.total === null ? null : { amount: Number(r.total), currency: r.total_currency ?? '' },
    })),
    nextCursor: rows.length > limit && last?.ordered_at ? encodeTimeCursor({ at: last.ordered_at, id: last.id }) : null,
  };
}

/** The first day of an order's month: date arithmetic per row, the text made once per group. */
const monthOf = sql`(o.ordered_at - extract(day FROM o.ordered_at)::int + 1)`;

async function summary(ctx: Ctx, whose: Sql) {
  const now = ctx.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  // One pass over the index range of the customer's bought orders: sums per currency and month
  // (a month is its first day's YYYY-MM), from which the lifetime figures and the last twelve
  // months are added up here — a few hundred rows, however many orders.
  const rows = await ctx.db.query<{
    currency: string | null;
    month: string;
    amount: string | null;
    orders: number;
    open: number;
    first: string;
    last: string;
  }>(sql`
    SELECT o.total_currency AS currency, left(${monthOf}::text, 7) AS month, sum(o.total)::text AS amount,
           count(*)::int AS orders, count(*) FILTER (WHERE o.status IN ('confirmed', 'fulfilled'))::int AS open,
           min(o.ordered_at)::text AS first, max(o.ordered_at)::text AS last
    FROM orders o WHERE ${whose} AND o.status = ANY(${bought}::text[]) GROUP BY o.total_currency, ${monthOf}`);
  const lifetime = new Map<string, number>();
  for (const r of rows)
    if (r.currency !== null) lifetime.set(r.currency, (lifetime.get(r.currency) ?? 0) + Number(r.amount ?? 0));
  const dates = rows.flatMap((r) => [r.first, r.last]).sort();
  return {
    orders: rows.reduce((n, r) => n + r.orders, 0),
    open: rows.reduce((n, r) => n + r.open, 0),
    lifetimeValue: [...lifetime].map(([currency, amount]) => ({ currency, amount })),
    firstOrderedAt: dates[0] ?? null,
    lastOrderedAt: dates[dates.length - 1] ?? null,
    byMonth: rows
      .filter((r) => r.month >= since && r.currency !== null)
      .map((r) => ({ month: r.month, currency: r.currency as string, amount: Number(r.amount ?? 0) }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
  };
}
