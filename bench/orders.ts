// Issue 14's purchase-history data: one company with 10,000 orders (the bench's buyer) among
// 100,000 orders of 5,000 other companies, over five years, in one price book — made in SQL like
// generate.ts (INSERT … SELECT FROM generate_series, deterministic), found again when present.
import type { Db } from '../server/src/db/database.ts';
import { sql } from '../server/src/db/sql.ts';
import { ensureUsers, idFrom } from './generate.ts';

export const ordersVersion = '1';
export const buyerOrders = 10_000;
const otherOrders = 100_000;
const otherCompanies = 5_000;
const priceBookId = '0190b000-0000-7000-8000-00000000b001';

export interface OrdersData {
  /** The company with buyerOrders orders. */
  buyerId: string;
  generatedSeconds: number | null;
}

async function meta(db: Db): Promise<Record<string, string>> {
  const rows = await db.queryText<{ key: string; value: string }>('SELECT key, value FROM bench_meta');
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

export async function ensureOrders(db: Db, log: (m: string) => void): Promise<OrdersData> {
  const m = await meta(db);
  const [c] = await db.queryText<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  if (m.orders_version === ordersVersion && m.orders_buyer && String(c.n) === m.orders) {
    log(`reusing the orders (${c.n.toLocaleString('en')}, ${buyerOrders.toLocaleString('en')} of one company)`);
    await db.exec('VACUUM ANALYZE orders');
    return { buyerId: m.orders_buyer, generatedSeconds: null };
  }
  const t0 = Date.now();
  log(`generating ${(buyerOrders + otherOrders).toLocaleString('en')} orders (issue 14)…`);
  const { ownerIds } = await ensureUsers(db);
  const companies = await db.queryText<{ id: string }>(
    `SELECT id FROM companies WHERE deleted_at IS NULL ORDER BY id LIMIT ${otherCompanies + 1}`,
  );
  const [buyer, ...others] = companies.map((r) => r.id);
  await db.exec('DELETE FROM orders');
  await db.query(sql`INSERT INTO price_books (id, title, search_text, name, currency, is_default, active)
    VALUES (${priceBookId}::uuid, 'Bench EUR', 'bench eur', 'Bench EUR', 'EUR', false, true) ON CONFLICT (id) DO NOTHING`);
  // Five years back from 2026-12-01; mostly paid, the newest still open, a few cancelled or drafts.
  const insert = (count: number, companyOf: string, salt: string) =>
    db.query(sql`
      INSERT INTO orders (id, title, search_text, number, name, status, ordered_at, company_id, owner_id,
        price_book_id, currency, subtotal, subtotal_currency, discount_total, discount_total_currency,
        tax_total, tax_total_currency, total, total_currency, confirmed_at, created_at, updated_at)
      SELECT ${sql.raw(idFrom("'2026-12-01'::timestamptz - (g || ' minutes')::interval", salt, 'g'))}, n, lower(n), n, NULL,
        CASE WHEN g % 50 = 0 THEN 'cancelled' WHEN g % 97 = 0 THEN 'draft' WHEN g <= ${count / 100} THEN 'confirmed'
             WHEN g <= ${count / 50} THEN 'invoiced' ELSE 'paid' END,
        (DATE '2026-12-01' - (g * 1826 / ${count}))::date, ${sql.raw(companyOf)},
        (${ownerIds}::uuid[])[1 + g % ${ownerIds.length}], ${priceBookId}::uuid, 'EUR',
        amt, 'EUR', 0, 'EUR', amt * 19 / 100, 'EUR', amt + amt * 19 / 100, 'EUR',
        DATE '2026-12-01' - (g * 1826 / ${count}), now(), now()
      FROM generate_series(1, ${count}) g,
        LATERAL (SELECT ${`SO-${salt}-`} || lpad(g::text, 6, '0') AS n, (10000 + (g * 7919) % 990000)::bigint AS amt) x`);
  await insert(buyerOrders, `${sqlText(buyer)}::uuid`, 'B');
  await db.query(sql`CREATE TEMP TABLE bench_order_companies AS
    SELECT ordinality AS k, id FROM unnest(${others}::uuid[]) WITH ORDINALITY AS u(id)`);
  await insert(otherOrders, `(SELECT id FROM bench_order_companies WHERE k = 1 + g % ${others.length})`, 'O');
  await db.exec('DROP TABLE bench_order_companies');
  await db.exec(`DELETE FROM bench_meta WHERE key LIKE 'orders%'`);
  const [n] = await db.queryText<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  await db.query(sql`INSERT INTO bench_meta (key, value) VALUES ('orders_version', ${ordersVersion}),
    ('orders_buyer', ${buyer}), ('orders', ${String(n.n)})`);
  await db.exec('VACUUM ANALYZE orders');
  const generatedSeconds = (Date.now() - t0) / 1000;
  log(`  orders generated in ${generatedSeconds.toFixed(1)} s`);
  return { buyerId: buyer, generatedSeconds };
}

/** A uuid from our own database as an SQL literal (checked: only hex and dashes). */
function sqlText(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a uuid: ${id}`);
  return `'${id}'`;
}
