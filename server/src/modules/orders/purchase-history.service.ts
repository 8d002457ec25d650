// A company's or a contact's purchase history: their orders newest first, a keyset page at a time
// (index companyId/contactId + orderedAt), and on the first page what those orders add up to —
// sums by currency and month kept by the database (decision 033) for readers of every order, or
// summed from the same index (it carries status and total) for readers of some.
import type { PurchaseHistory, PurchaseHistoryQuery } from '@kith/common/api/orders';
import { type Sql, sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { permissionFor } from '../../platform/permissions.ts';
import { assertCanSee, objectOf, readableWhere, readScope } from '../../platform/records/records.service.ts';
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
  // Prepared, as are the sums' statements: each is one customer's index range whatever its values,
  // and planning them over the orders' twenty indexes cost more than running them.
  const rows = await ctx.db.query<OrderRow>(
    sql.prepared(
      sql`
    SELECT o.id, o.number, o.name, o.status, o.ordered_at::text AS ordered_at, o.total::text AS total, o.total_currency
    FROM orders o WHERE ${whose} AND o.ordered_at IS NOT NULL${from}
    ORDER BY o.ordered_at DESC, o.id DESC LIMIT ${limit + 1}`,
      'purchase-history',
    ),
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    summary: after ? null : await summary(ctx, { object, id, column }, whose),
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

interface MonthRow {
  currency: string;
  month: string;
  amount: string;
  orders: number;
  open: number;
}

type Customer = { object: 'company' | 'contact'; id: string; column: 'company_id' | 'contact_id' };

/**
 * The first page's sums. A reader of every order reads the customer's kept sums per month
 * (migration 0043, decision 033) and two index probes for the first and last order; a reader of
 * some orders (a rep's team's) sums those orders from the customer's index range.
 */
async function summary(ctx: Ctx, customer: Customer, whose: Sql) {
  const perm = permissionFor(ctx.principal, 'order');
  const kept = readScope(ctx, objectOf(ctx, 'order'), perm, 'o') === null;
  const [months, [dates]] = await Promise.all([
    kept ? keptMonths(ctx, customer) : liveMonths(ctx, whose),
    ctx.db.query<{ first: string | null; last: string | null }>(
      sql.prepared(
        sql`SELECT
      (SELECT min(o.ordered_at) FROM orders o WHERE ${whose} AND o.status = ANY(${bought}::text[]))::text AS first,
      (SELECT max(o.ordered_at) FROM orders o WHERE ${whose} AND o.status = ANY(${bought}::text[]))::text AS last`,
        'purchase-history',
      ),
    ),
  ]);
  return { ...foldMonths(months, ctx.now()), firstOrderedAt: dates?.first ?? null, lastOrderedAt: dates?.last ?? null };
}

const keptMonths = (ctx: Ctx, c: Customer) =>
  ctx.db.query<MonthRow>(
    sql.prepared(
      sql`
    SELECT currency, CASE WHEN month = '-infinity' THEN '' ELSE left(month::text, 7) END AS month,
      sum(amount)::text AS amount, sum(orders)::int AS orders, (sum(orders) FILTER (WHERE open))::int AS open
    FROM customer_order_sums WHERE customer_object = ${c.object} AND customer_id = ${c.id}::uuid
    GROUP BY 1, 2 HAVING sum(orders) <> 0`,
      'purchase-history',
    ),
  );

/** The first day of an order's month: date arithmetic per row, the text made once per group. */
const monthOf = sql`(o.ordered_at - extract(day FROM o.ordered_at)::int + 1)`;

/** The same rows as the kept sums, from the orders themselves (one pass over the index range). */
const liveMonths = (ctx: Ctx, whose: Sql) =>
  ctx.db.query<MonthRow>(
    sql.prepared(
      sql`
    SELECT COALESCE(o.total_currency, '') AS currency, COALESCE(left(${monthOf}::text, 7), '') AS month,
      COALESCE(sum(o.total), 0)::text AS amount, count(*)::int AS orders,
      count(*) FILTER (WHERE o.status IN ('confirmed', 'fulfilled'))::int AS open
    FROM orders o WHERE ${whose} AND o.status = ANY(${bought}::text[]) GROUP BY o.total_currency, ${monthOf}`,
      'purchase-history',
    ),
  );

/** Lifetime figures per currency and the last twelve months, from sums per currency and month. */
export function foldMonths(rows: MonthRow[], now: Date) {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  const lifetime = new Map<string, number>();
  for (const r of rows) if (r.currency) lifetime.set(r.currency, (lifetime.get(r.currency) ?? 0) + Number(r.amount));
  return {
    orders: rows.reduce((n, r) => n + r.orders, 0),
    open: rows.reduce((n, r) => n + (r.open ?? 0), 0),
    lifetimeValue: [...lifetime].map(([currency, amount]) => ({ currency, amount })),
    byMonth: rows
      .filter((r) => r.month >= since && r.currency)
      .map((r) => ({ month: r.month, currency: r.currency, amount: Number(r.amount) }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency)),
  };
}
