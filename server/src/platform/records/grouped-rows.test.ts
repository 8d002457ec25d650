// Grouped rows hold exactly what the reader's list holds, added up by hand: the same scope and
// filter, one row per combination of keys, money per currency, date buckets and breaks — checked
// against the list itself, on records made at random through the records path, for readers of
// every scope. And what they refuse.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { toPrincipal, type UserRow, userColumns, userJoins } from '../auth/principal.ts';
import type { Ctx } from '../context.ts';
import { access, defineObject } from '../registry/define-object.ts';
import { field } from '../registry/fields.ts';
import { parseMetrics } from './aggregate-query.ts';
import { type GroupedRow, groupedRows, rowKey } from './grouped-rows.ts';
import { objectOf } from './records.service.ts';

const tallyObject = defineObject({
  name: 'tally',
  plural: 'tallies',
  label: 'Tally',
  labelPlural: 'Tallies',
  icon: 'box',
  table: 'test_tallies',
  titleFields: ['name'],
  access: access.customerData(),
  fields: {
    name: field.text({ required: true, max: 100 }),
    kind: field.select(['a', 'b', 'c'], { filterable: true }),
    closedAt: field.datetime({ sortable: true }),
    dueOn: field.date({ sortable: true }),
    price: field.currency({}),
    qty: field.number({ integer: true, filterable: true }),
    companyId: field.relation('company', { label: 'Company' }),
    ownerId: field.owner(),
  },
});

let t: TestApp;
let readers: Array<{ name: string; agent: Agent; ctx: Ctx }>;
let companies: string[];

async function ctxOf(userId: string): Promise<Ctx> {
  const [row] = await t.db.query<UserRow>(
    sql`SELECT ${userColumns()} FROM users u0 ${userJoins(sql`u0.id`)} WHERE u0.id = ${userId}::uuid`,
  );
  return {
    db: t.db,
    principal: toPrincipal(row),
    registry: t.registry,
    jobs: t.jobs,
    now: () => new Date(),
    log: t.app.log,
  } as Ctx;
}

const breaks = ['2026-03-01T00:00:00.000Z', '2026-03-15T12:00:00.000Z', '2026-06-01T00:00:00.000Z'];

beforeAll(async () => {
  t = await createTestApp({ objects: [tallyObject] });
  const red = await createUser(t, { role: 'sales_rep', team: 'Red' });
  const mate = await createUser(t, { role: 'sales_rep', team: 'Red' });
  const blue = await createUser(t, { role: 'sales_rep', team: 'Blue' });
  const owners = [null, red.id, mate.id, blue.id, t.admin.userId];
  companies = [];
  for (const name of ['Acme', 'Bolt'])
    companies.push(
      (await t.admin.request('POST', '/api/v1/companies?allowDuplicate=true', { name, ownerId: blue.id })).body.id,
    );
  const day = fc
    .integer({ min: 0, max: 200 })
    .map((d) => new Date(Date.UTC(2026, 0, 1) + d * 43_200_000).toISOString());
  const records = fc.sample(
    fc.record({
      kind: fc.constantFrom(null, 'a', 'b', 'c'),
      closedAt: fc.option(day, { nil: null }),
      dueOn: fc.option(
        day.map((d) => d.slice(0, 10)),
        { nil: null },
      ),
      price: fc.option(
        fc.record({ amount: fc.integer({ min: 0, max: 1_000_000 }), currency: fc.constantFrom('EUR', 'USD', 'JPY') }),
        { nil: null },
      ),
      qty: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
      company: fc.nat(2),
      owner: fc.nat(owners.length - 1),
    }),
    { numRuns: 40, seed: 13 },
  );
  for (const [i, r] of records.entries()) {
    const res = await t.admin.request('POST', '/api/v1/tallies', {
      name: `Tally ${i}`,
      kind: r.kind,
      closedAt: r.closedAt,
      dueOn: r.dueOn,
      price: r.price,
      qty: r.qty,
      companyId: companies[r.company] ?? null,
      ownerId: owners[r.owner],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  readers = [
    { name: 'admin (all)', agent: t.admin, ctx: await ctxOf(t.admin.userId) },
    { name: 'rep (team)', agent: red.agent, ctx: await ctxOf(red.id) },
    { name: 'blue rep (team)', agent: blue.agent, ctx: await ctxOf(blue.id) },
  ];
}, 120_000);
afterAll(() => t?.close());

type Rec = Record<string, unknown> & { price: { amount: number; currency: string } | null; qty: number | null };

async function listAll(agent: Agent, filter?: unknown): Promise<Rec[]> {
  const r = await agent.request(
    'GET',
    `/api/v1/tallies?limit=500${filter ? `&filter=${encodeURIComponent(JSON.stringify(filter))}` : ''}`,
  );
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data;
}

/** The rows added up by hand from the list, in the same shape, sorted for comparison. */
function byHand(records: Rec[], keyOf: (r: Rec) => unknown[]): GroupedRow[] {
  const out = new Map<string, GroupedRow>();
  for (const r of records) {
    const keys = keyOf(r) as GroupedRow['keys'];
    const id = JSON.stringify(keys);
    const row = out.get(id) ?? { keys, count: 0, sums: { 'sum:price': [], 'sum:qty': null } };
    out.set(id, row);
    row.count++;
    if (r.qty !== null) row.sums['sum:qty'] = ((row.sums['sum:qty'] as number | null) ?? 0) + r.qty;
    if (r.price) {
      const money = row.sums['sum:price'] as Array<{ currency: string; amount: number }>;
      const same = money.find((m) => m.currency === r.price?.currency);
      if (same) same.amount += r.price.amount;
      else money.push({ ...r.price });
    }
  }
  return sorted([...out.values()]);
}

const sorted = (rows: GroupedRow[]) =>
  rows
    .map((r) => ({
      ...r,
      sums: {
        ...r.sums,
        'sum:price': [...(r.sums['sum:price'] as [])].sort((a: { currency: string }, b: { currency: string }) =>
          a.currency < b.currency ? -1 : 1,
        ),
      },
    }))
    .sort((a, b) => (JSON.stringify(a.keys) < JSON.stringify(b.keys) ? -1 : 1));

/** The last break at or before an instant, as grouped rows key it. */
const breakOf = (at: unknown) =>
  typeof at === 'string' ? ([...breaks].reverse().find((b) => Date.parse(b) <= Date.parse(at)) ?? null) : null;

describe('grouped rows', () => {
  const cases: Array<{
    name: string;
    keys: (ctx: Ctx) => ReturnType<typeof rowKey>[];
    keyOf: (r: Rec) => unknown[];
    filter?: unknown;
  }> = [
    {
      name: 'by select and owner',
      keys: (c) => [rowKey(c, 'tally', 'kind'), rowKey(c, 'tally', 'ownerId')],
      keyOf: (r) => [r.kind, r.ownerId],
    },
    {
      name: 'by breaks',
      keys: (c) => [rowKey(c, 'tally', 'closedAt', { breaks })],
      keyOf: (r) => [breakOf(r.closedAt)],
    },
    {
      name: 'by month of a date and a relation, filtered',
      keys: (c) => [rowKey(c, 'tally', 'dueOn', { bucket: 'month' }), rowKey(c, 'tally', 'companyId')],
      keyOf: (r) => [typeof r.dueOn === 'string' ? `${r.dueOn.slice(0, 7)}-01` : null, r.companyId],
      filter: {
        op: 'or',
        conditions: [
          { field: 'kind', cmp: 'eq', value: 'a' },
          { field: 'qty', cmp: 'gte', value: 20 },
        ],
      },
    },
  ];
  for (const c of cases)
    it(`${c.name}: what each reader's list holds, added up`, async () => {
      for (const reader of readers) {
        const got = await groupedRows(reader.ctx, 'tally', {
          keys: c.keys(reader.ctx),
          metrics: parseMetrics(objectOf(reader.ctx, 'tally'), 'sum:price,sum:qty'),
          rowLimit: 1000,
          filter: c.filter as never,
        });
        const list = await listAll(reader.agent, c.filter);
        expect(got.truncated).toBe(false);
        expect(sorted(got.rows), reader.name).toEqual(byHand(list, c.keyOf));
      }
    });

  it('names related records the reader may read, and says when the rows would not fit', async () => {
    const admin = readers[0].ctx;
    const metrics = parseMetrics(objectOf(admin, 'tally'), 'sum:price');
    const got = await groupedRows(admin, 'tally', {
      keys: [rowKey(admin, 'tally', 'companyId')],
      metrics,
      rowLimit: 100,
    });
    expect(got.titles[0]).toEqual(
      new Map(
        [
          [companies[0], 'Acme'],
          [companies[1], 'Bolt'],
        ].filter(([id]) => got.rows.some((r) => r.keys[0] === id)) as Array<[string, string]>,
      ),
    );
    const small = await groupedRows(admin, 'tally', {
      keys: [rowKey(admin, 'tally', 'ownerId')],
      metrics,
      rowLimit: 1,
    });
    expect(small).toMatchObject({ rows: [], truncated: true });
  });

  it('refuses what it cannot add up, naming it', async () => {
    const c = readers[0].ctx;
    const obj = objectOf(c, 'tally');
    await expect(
      groupedRows(c, 'tally', {
        keys: [rowKey(c, 'tally', 'kind')],
        metrics: parseMetrics(obj, 'avg:qty'),
        rowLimit: 10,
      }),
    ).rejects.toThrow(/sums only/);
    expect(() => rowKey(c, 'tally', 'kind', { breaks })).toThrow(/only date and date-time/);
    expect(() => rowKey(c, 'tally', 'closedAt', { breaks: [breaks[1], breaks[0]] })).toThrow(/breaks.1/);
    expect(() => rowKey(c, 'tally', 'closedAt', { breaks: ['March'] })).toThrow(/breaks.0/);
    expect(() => rowKey(c, 'tally', 'name')).toThrow(/groupBy/);
  });
});
