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

async function summary(ctx: Ctx, whose: Sql) {
  const now = ctx.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
  const boughtBy = sql`${whose} AND o.status = ANY(${bought}::text[])`;
  // The totals per currency over every bought order (one index range, read from the index), and
  // the last twelve months per currency (the same index from since on); a month is its first day.
  const rows = await ctx.db.query<{
    currency: string | null;
    month: string | null;
    amount: string | null;
    orders: number;
    open: number;
    first: string | null;
    last: string | null;
  }>(sql`
    SELECT o.total_currency AS currency, NULL::text AS month, sum(o.total)::text AS amount, count(*)::int AS orders,
           count(*) FILTER (WHERE o.status IN ('confirmed', 'fulfilled'))::int AS open,
           min(o.ordered_at)::text AS first, max(o.ordered_at)::text AS last
    FROM orders o WHERE ${boughtBy} GROUP BY o.total_currency
    UNION ALL
    SELECT o.total_currency, left((o.ordered_at - extract(day FROM o.ordered_at)::int + 1)::text, 7), sum(o.total)::text, 0, 0, NULL, NULL
    FROM orders o WHERE ${boughtBy} AND o.ordered_at >= ${since}::date GROUP BY 1, 2`);
  const all = rows.filter((r) => r.month === null);
  const totals = all.filter((r) => r.currency !== null);
  const dates = (pick: (r: (typeof rows)[number]) => string | null, best: (a: string, b: string) => boolean) =>
    all.map(pick).reduce<string | null>((acc, d) => (d && (!acc || best(d, acc)) ? d : acc), null);
  return {
    orders: all.reduce((n, r) => n + r.orders, 0),
    open: all.reduce((n, r) => n + r.open, 0),
    lifetimeValue: totals.map((r) => ({ currency: r.currency as string, amount: Number(r.amount ?? 0) })),
    firstOrderedAt: dates(
      (r) => r.first,
      (a, b) => a < b,
    ),
    lastOrderedAt: dates(
      (r) => r.last,
      (a, b) => a > b,
    ),
    byMonth: rows
      .filter((r) => r.month !== null && r.currency !== null)
      .map((r) => ({ month: r.month as string, currency: r.currency as string, amount: Number(r.amount ?? 0) }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
  };
}
