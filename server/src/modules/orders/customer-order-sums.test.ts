// A customer's kept order sums (migration 0043) against the orders themselves: after any sequence
// of inserts, updates (one row or many), soft deletes, restores and hard deletes — the writes any
// path may make — the sums are what summing the orders gives, for every company and contact.
import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';

let t: TestApp;
const companies: string[] = [];
const contacts: string[] = [];
let book: string;

beforeAll(async () => {
  t = await createTestApp();
  book = (await t.admin.request('POST', '/api/v1/price-books', { name: 'Sums', currency: 'EUR' })).body.id;
  for (const name of ['Ayo', 'Bex'])
    companies.push((await t.admin.request('POST', '/api/v1/companies', { name })).body.id);
  for (const lastName of ['Cole', 'Dunn'])
    contacts.push((await t.admin.request('POST', '/api/v1/contacts', { lastName })).body.id);
});
afterAll(() => t?.close());

const statuses = ['draft', 'confirmed', 'fulfilled', 'invoiced', 'paid', 'cancelled'] as const;
const order = fc.record({
  company: fc.option(fc.constantFrom(0, 1), { nil: null }),
  contact: fc.option(fc.constantFrom(0, 1), { nil: null }),
  status: fc.constantFrom(...statuses),
  day: fc.option(fc.constantFrom('2025-01-31', '2025-02-01', '2026-07-15', '2026-07-01'), { nil: null }),
  total: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  currency: fc.option(fc.constantFrom('EUR', 'USD'), { nil: null }),
});
const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), rows: fc.array(order, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), set: order }),
  fc.record({ kind: fc.constant('updateAll' as const), status: fc.constantFrom(...statuses) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('purge' as const), pick: fc.nat() }),
);

type Order = typeof order extends fc.Arbitrary<infer T> ? T : never;
const ids = (o: Order) => ({
  company: o.company === null ? null : companies[o.company],
  contact: o.contact === null ? null : contacts[o.contact],
});

const kept = () =>
  t.db.query<{ k: string }>(sql`
    SELECT concat_ws(' ', customer_object, customer_id, month, currency, open, sum(orders), sum(amount)) AS k
    FROM customer_order_sums GROUP BY customer_object, customer_id, month, currency, open
    HAVING sum(orders) <> 0 OR sum(amount) <> 0 ORDER BY 1`);
const counted = () =>
  t.db.query<{ k: string }>(sql`
    SELECT concat_ws(' ', c.object, c.id, COALESCE(date_trunc('month', o.ordered_at)::date, '-infinity'),
      COALESCE(o.total_currency, ''), o.status IN ('confirmed', 'fulfilled'), count(*), COALESCE(sum(o.total), 0)) AS k
    FROM orders o CROSS JOIN LATERAL (VALUES ('company', o.company_id), ('contact', o.contact_id)) AS c(object, id)
    WHERE c.id IS NOT NULL AND o.deleted_at IS NULL AND o.status IN ('confirmed', 'fulfilled', 'invoiced', 'paid')
    GROUP BY c.object, c.id, COALESCE(date_trunc('month', o.ordered_at)::date, '-infinity'),
      COALESCE(o.total_currency, ''), o.status IN ('confirmed', 'fulfilled') ORDER BY 1`);

it('the kept sums are the orders summed, after any sequence of writes', async () => {
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
      const live = async () =>
        (await t.db.query<{ id: string }>(sql`SELECT id FROM orders ORDER BY id`)).map((r) => r.id);
      for (const o of ops) {
        const all = await live();
        const pick = (i: number) => all[i % Math.max(all.length, 1)] ?? null;
        if (o.kind === 'insert') {
          const rows = o.rows.map((r) => ({ id: uuidv7(), number: `S-${++n}`, ...r, ...ids(r) }));
          await t.db.query(sql`
            INSERT INTO orders (id, number, price_book_id, company_id, contact_id, status, ordered_at, total, total_currency)
            SELECT x.id, x.number, ${book}::uuid, x.company, x.contact, x.status, x.day, x.total, x.currency
            FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.number)}::text[],
              ${rows.map((r) => r.company)}::uuid[], ${rows.map((r) => r.contact)}::uuid[],
              ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.day)}::date[],
              ${rows.map((r) => r.total)}::bigint[], ${rows.map((r) => r.currency)}::text[])
              AS x(id, number, company, contact, status, day, total, currency)`);
        } else if (o.kind === 'update' && pick(o.pick)) {
          const s = o.set;
          await t.db.query(sql`UPDATE orders SET company_id = ${ids(s).company}::uuid, contact_id = ${ids(s).contact}::uuid,
            status = ${s.status}, ordered_at = ${s.day}::date, total = ${s.total}::bigint, total_currency = ${s.currency}
            WHERE id = ${pick(o.pick)}::uuid`);
        } else if (o.kind === 'updateAll') await t.db.query(sql`UPDATE orders SET status = ${o.status}`);
        else if (o.kind === 'delete' && pick(o.pick))
          await t.db.query(sql`UPDATE orders SET deleted_at = now() WHERE id = ${pick(o.pick)}::uuid`);
        else if (o.kind === 'restore' && pick(o.pick))
          await t.db.query(sql`UPDATE orders SET deleted_at = NULL WHERE id = ${pick(o.pick)}::uuid`);
        else if (o.kind === 'purge' && pick(o.pick))
          await t.db.query(sql`DELETE FROM orders WHERE id = ${pick(o.pick)}::uuid`);
      }
      expect(await kept()).toEqual(await counted());
    }),
    { numRuns: 15 },
  );
  // TRUNCATE empties them too.
  await t.db.query(sql`TRUNCATE orders CASCADE`);
  expect(await kept()).toEqual([]);
});

it('gives a reader of every order the same purchase history as the orders themselves', async () => {
  const [a] = companies;
  await t.db.query(sql`TRUNCATE orders CASCADE`);
  const rows = [
    ['confirmed', '2026-05-03', 100_00, 'EUR'],
    ['paid', '2026-05-20', 250_00, 'EUR'],
    ['invoiced', '2025-01-02', 70_00, 'USD'],
    ['draft', '2026-06-01', 999_00, 'EUR'],
    ['fulfilled', null, null, null],
  ] as const;
  for (const [status, day, total, currency] of rows)
    await t.db.query(sql`INSERT INTO orders (id, number, price_book_id, company_id, status, ordered_at, total, total_currency)
      VALUES (${uuidv7()}::uuid, ${`H-${status}`}, ${book}::uuid, ${a}::uuid, ${status}, ${day}::date, ${total}::bigint, ${currency})`);
  const r = await t.admin.request('GET', `/api/v1/purchase-history?companyId=${a}`);
  expect(r.status).toBe(200);
  expect(r.body.summary).toMatchObject({
    orders: 4,
    open: 2,
    firstOrderedAt: '2025-01-02',
    lastOrderedAt: '2026-05-20',
  });
  expect(r.body.summary.lifetimeValue).toEqual(
    expect.arrayContaining([
      { currency: 'EUR', amount: 350_00 },
      { currency: 'USD', amount: 70_00 },
    ]),
  );
  expect(r.body.summary.lifetimeValue).toHaveLength(2);
});
