// What was sold and quoted in a period, for the Sales dashboard: revenue by product and category
// from the lines of orders bought in it (confirmed to paid, by order date), each converted into the
// company currency at the rate of its day; and the quotes sent in it — their latest versions —
// how many became orders, and the discount given, weighted by their value. Within the reader's
// scope of orders and quotes (a rep: their team's), narrowed to a team (the order's or quote's
// owner is a member) and a territory (that of the deal it belongs to; one without a deal is in none).
import type { ProductReport, ProductReportQuery, RevenueRow } from '@kith/common/api/sales-reports';
import { type Sql, sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { objectOf, readableWhere } from '../../platform/records/records.service.ts';
import { converterFor, readExchangeRates } from '../forecasts/exchange-rates.service.ts';
import { userTimeZone } from '../forecasts/forecast.service.ts';
import { fiscalYearStartMonth } from '../forecasts/forecasts.object.ts';
import { formatPeriod, parsePeriod, periodBounds, periodDates } from '../forecasts/periods.ts';
import { assertTerritoryExists } from '../territories/territories.service.ts';
import { teamMemberIds } from '../users/teams.service.ts';

/** Orders that count as sold. */
const bought = ['confirmed', 'fulfilled', 'invoiced', 'paid'];

interface LineSum {
  product_id: string | null;
  product: string | null;
  category_id: string | null;
  category: string | null;
  currency: string;
  day: string;
  net: string;
  quantity: string;
  orders: number;
}

interface QuoteSum {
  status: string;
  currency: string;
  day: string;
  n: number;
  subtotal: string;
  discount: string;
}

/** The team and territory asked for, as further conditions on an order or quote aliased `t`. */
async function narrowing(ctx: Ctx, query: ProductReportQuery): Promise<(t: 'o' | 'q') => Sql> {
  const [members] = await Promise.all([
    query.teamId ? teamMemberIds(ctx, query.teamId) : null,
    query.territoryId ? assertTerritoryExists(ctx, query.territoryId) : null,
  ]);
  const { territoryId } = query;
  return (t) => {
    const alias = sql.raw(t);
    return sql`${members ? sql`AND ${alias}.owner_id = ANY(${members}::uuid[])` : sql.empty}
      ${
        territoryId
          ? sql`AND EXISTS (SELECT 1 FROM deals d WHERE d.id = ${alias}.deal_id AND d.territory_id = ${territoryId}::uuid)`
          : sql.empty
      }`;
  };
}

export async function productReport(ctx: Ctx, query: ProductReportQuery): Promise<ProductReport> {
  const period = parsePeriod(query.period, 'period');
  const timeZone = query.timeZone ?? (await userTimeZone(ctx));
  const dates = periodDates(period, fiscalYearStartMonth);
  const bounds = periodBounds(period, { timeZone, fiscalYearStartMonth });
  const fx = converterFor(await readExchangeRates(ctx.db), { now: ctx.now(), timeZone });
  const narrow = await narrowing(ctx, query);
  const orders = sql`${readableWhere(ctx, objectOf(ctx, 'order'), 'o')} ${narrow('o')}`;
  const quotes = sql`${readableWhere(ctx, objectOf(ctx, 'quote'), 'q')} ${narrow('q')}`;

  const [lines, orderCount, sent] = await Promise.all([
    ctx.db.query<LineSum>(sql`
      SELECT l.product_id, p.name AS product, p.category_id, c.name AS category, l.net_currency AS currency,
             o.ordered_at::text AS day, sum(l.net)::text AS net, sum(l.quantity)::text AS quantity,
             count(DISTINCT o.id)::int AS orders
      FROM orders o
      JOIN order_lines l ON l.order_id = o.id AND l.deleted_at IS NULL
      LEFT JOIN products p ON p.id = l.product_id
      LEFT JOIN product_categories c ON c.id = p.category_id
      WHERE ${orders} AND o.status = ANY(${bought}::text[])
        AND o.ordered_at >= ${dates.start}::date AND o.ordered_at < ${dates.end}::date AND l.net IS NOT NULL
      GROUP BY l.product_id, p.name, p.category_id, c.name, l.net_currency, o.ordered_at`),
    ctx.db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM orders o
      WHERE ${orders} AND o.status = ANY(${bought}::text[])
        AND o.ordered_at >= ${dates.start}::date AND o.ordered_at < ${dates.end}::date`),
    // Each quote once: a version superseded by a newer one is not counted beside it.
    ctx.db.query<QuoteSum>(sql`
      SELECT q.status, q.currency, (q.sent_at AT TIME ZONE ${timeZone})::date::text AS day, count(*)::int AS n,
             coalesce(sum(q.subtotal), 0)::text AS subtotal, coalesce(sum(q.discount_total), 0)::text AS discount
      FROM quotes q
      WHERE ${quotes} AND q.status <> 'superseded'
        AND q.sent_at >= ${bounds.start} AND q.sent_at < ${bounds.end}
      GROUP BY q.status, q.currency, 3`),
  ]);

  const byProduct = new Map<string | null, RevenueRow>();
  const byCategory = new Map<string | null, RevenueRow>();
  const add = (
    m: Map<string | null, RevenueRow>,
    key: string | null,
    title: string | null,
    l: LineSum,
    net: number,
  ) => {
    const row = m.get(key) ?? { key, title, revenue: 0, quantity: 0, orders: 0 };
    row.revenue += net;
    row.quantity += Number(l.quantity);
    row.orders += l.orders;
    m.set(key, row);
  };
  let revenue = 0;
  for (const l of lines) {
    const net = fx.convert(Number(l.net), l.currency, l.day);
    if (net === null) {
      fx.missing.add(l.currency);
      continue;
    }
    revenue += net;
    add(byProduct, l.product_id, l.product, l, net);
    add(byCategory, l.category_id, l.category, l, net);
  }

  const count = (status: string) => sent.filter((q) => q.status === status).reduce((n, q) => n + q.n, 0);
  const sentCount = sent.reduce((n, q) => n + q.n, 0);
  const inCompany = (pick: (q: QuoteSum) => string) =>
    sent.reduce((sum, q) => sum + (fx.convert(Number(pick(q)), q.currency, q.day) ?? 0), 0);
  const listValue = inCompany((q) => q.subtotal);
  const discount = inCompany((q) => q.discount);
  const accepted = count('accepted');
  const largest = (m: Map<string | null, RevenueRow>) => [...m.values()].sort((a, b) => b.revenue - a.revenue);

  return {
    period: formatPeriod(period),
    currency: fx.currency,
    missingRates: [...fx.missing].sort(),
    revenue,
    orders: orderCount[0]?.n ?? 0,
    byProduct: largest(byProduct),
    byCategory: largest(byCategory),
    quotes: {
      sent: sentCount,
      accepted,
      declined: count('declined'),
      open: count('sent'),
      expired: count('expired'),
      quoteToOrderRate: sentCount ? accepted / sentCount : null,
      averageDiscountPercent: listValue ? Math.round((discount / listValue) * 10_000) / 100 : null,
      value: listValue - discount,
    },
  };
}
