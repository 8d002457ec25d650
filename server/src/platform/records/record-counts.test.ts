// The kept counts (decision 012) give exactly what counting the table gives, whatever writes came
// before: creates, updates, bulk updates, deletes, restores and merges, for every scope, with
// money per currency, before and after a fold. The table's own count is the same aggregate asked
// with a filter (an empty one: all live rows), which the counts never answer.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { gadgetObject } from '../../test/test-objects.ts';
import { countSignature, countSpec, ensureRecordCounts, foldRecordCounts } from './record-counts.ts';

let t: TestApp;
let agents: Array<{ name: string; agent: Agent }>;
let owners: Array<string | null>;
const everything = encodeURIComponent(JSON.stringify({ op: 'and', conditions: [] }));

beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject] });
  const red = await createUser(t, { role: 'sales_rep', team: 'Red' });
  const mate = await createUser(t, { role: 'sales_rep', team: 'Red' });
  const blue = await createUser(t, { role: 'sales_rep', team: 'Blue' });
  const own = await t.admin.request('POST', '/api/v1/roles', {
    name: 'Own companies',
    permissions: { company: { create: true, read: true, update: true, delete: false, export: false, scope: 'own' } },
  });
  expect(own.status, JSON.stringify(own.body)).toBe(201);
  const loner = await createUser(t, { role: own.body.key, team: 'Red' });
  owners = [null, red.id, mate.id, blue.id, loner.id];
  agents = [
    { name: 'admin (all)', agent: t.admin },
    { name: 'rep (team)', agent: red.agent },
    { name: 'own', agent: loner.agent },
  ];
}, 60_000);
afterAll(() => t?.close());

/** The aggregate from the counts, and the same counted from the table, for one reader. */
async function bothWays(agent: Agent, plural: string, query: string, route = 'aggregate') {
  const counted = await agent.request('GET', `/api/v1/${plural}/${route}?${query}`);
  const scanned = await agent.request('GET', `/api/v1/${plural}/${route}?${query}&filter=${everything}`);
  expect(counted.status, JSON.stringify(counted.body)).toBe(200);
  expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
  return { counted: counted.body, scanned: scanned.body };
}

// An aggregate, and a board (whose columns' counts come from the same place), one column of it too.
const companyQueries = [
  ['aggregate', 'groupBy=industry&metrics=sum:employees,avg:employees,sum:annualRevenue,avg:annualRevenue'],
  ['aggregate', 'groupBy=size&metrics=avg:annualRevenue'],
  ['aggregate', 'groupBy=source&groupLimit=2'],
  ['groups', 'groupBy=industry&limit=2&metrics=sum:annualRevenue,min:employees'],
  ['groups', `groupBy=industry&limit=2&group=${encodeURIComponent('"Software"')}&metrics=sum:annualRevenue`],
  ['groups', 'groupBy=industry&limit=2&group=null&metrics=avg:employees'],
];

async function expectExact() {
  for (const { name, agent } of agents)
    for (const [route, q] of companyQueries) {
      const { counted, scanned } = await bothWays(agent, 'companies', q, route);
      expect(counted, `${name}: ${route}?${q}`).toEqual(scanned);
    }
}

const industry = fc.constantFrom(null, 'Software', 'Retail', 'Healthcare');
const size = fc.constantFrom(null, '1-10', '11-50', '51-200');
const money = fc.option(
  fc.record({ amount: fc.integer({ min: -1_000_000, max: 1_000_000_000 }), currency: fc.constantFrom('EUR', 'USD') }),
);
const values = fc.record(
  {
    industry,
    size,
    employees: fc.option(fc.integer({ min: 0, max: 100_000 })),
    annualRevenue: money,
    ownerIndex: fc.nat(4),
  },
  { requiredKeys: [] },
);

type Op =
  | { kind: 'create'; v: Record<string, unknown> }
  | { kind: 'update'; pick: number; v: Record<string, unknown> }
  | { kind: 'bulk'; picks: number[]; industry: string | null }
  | { kind: 'delete' | 'restore'; pick: number }
  | { kind: 'merge'; a: number; b: number }
  | { kind: 'fold' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: values.map((v) => ({ kind: 'create' as const, v })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), v: values }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bulk' as const),
      picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
      industry,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('delete' as const, 'restore' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fold' as const }) },
);

let made = 0;
async function apply(o: Op, live: string[], binned: string[]) {
  const body = (v: Record<string, unknown>) => {
    const { ownerIndex, ...rest } = v;
    return { ...rest, ...(ownerIndex === undefined ? {} : { ownerId: owners[ownerIndex as number] }) };
  };
  const at = (list: string[], i: number) => list[i % list.length];
  switch (o.kind) {
    case 'create': {
      const r = await t.admin.request('POST', '/api/v1/companies?allowDuplicate=true', {
        name: `Counted ${++made}`,
        ...body(o.v),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      live.push(r.body.id);
      return;
    }
    case 'update': {
      if (!live.length) return;
      const r = await t.admin.request('PATCH', `/api/v1/companies/${at(live, o.pick)}`, body(o.v));
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return;
    }
    case 'bulk': {
      if (!live.length) return;
      const ids = [...new Set(o.picks.map((p) => at(live, p)))];
      const r = await t.admin.request('POST', '/api/v1/companies/bulk', {
        ids,
        action: 'update',
        values: { industry: o.industry },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return;
    }
    case 'delete': {
      if (!live.length) return;
      const id = at(live, o.pick);
      expect((await t.admin.request('DELETE', `/api/v1/companies/${id}`)).status).toBe(204);
      live.splice(live.indexOf(id), 1);
      binned.push(id);
      return;
    }
    case 'restore': {
      if (!binned.length) return;
      const id = at(binned, o.pick);
      expect((await t.admin.request('POST', `/api/v1/companies/${id}/restore`)).status).toBe(200);
      binned.splice(binned.indexOf(id), 1);
      live.push(id);
      return;
    }
    case 'merge': {
      const [a, b] = [at(live, o.a), at(live, o.b)];
      if (live.length < 2 || a === b) return;
      const r = await t.admin.request('POST', '/api/v1/companies/merge', {
        primaryId: a,
        duplicateId: b,
        take: ['industry', 'annualRevenue'],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      live.splice(live.indexOf(b), 1);
      return;
    }
    case 'fold':
      await foldRecordCounts(t.db, 'companies');
  }
}

describe('kept counts', () => {
  it('every table with select or yes/no fields has triggers and counts made from its entry', async () => {
    const rows = await t.db.query<{ table_name: string; signature: string }>(
      sql`SELECT table_name, signature FROM record_count_sources ORDER BY table_name`,
    );
    const expected = t.registry
      .all()
      .map((o) => countSpec(o))
      .filter((s) => s !== null)
      .map((s) => ({ table_name: s.table, signature: countSignature(s) }))
      .sort((a, b) => a.table_name.localeCompare(b.table_name));
    expect(rows).toEqual(expected);
    expect(expected.map((e) => e.table_name)).toEqual(
      expect.arrayContaining(['companies', 'contacts', 'test_gadgets']),
    );
  });

  it('match counting the table after any sequence of writes, for every scope', async () => {
    const live: string[] = [];
    const binned: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        for (const o of ops) await apply(o, live, binned);
        await expectExact();
      }),
      { numRuns: 12 },
    );
  }, 240_000);

  it('are what the aggregate reads (a count changed by hand shows), until counted again', async () => {
    const before = (await bothWays(t.admin, 'companies', 'groupBy=industry')).counted.total.count;
    await foldRecordCounts(t.db, 'companies');
    await t.db.query(sql`UPDATE record_counts SET n = n + 1000 WHERE ctid = (SELECT ctid FROM record_counts
      WHERE table_name = 'companies' AND field = '' AND metric = '' AND whole LIMIT 1)`);
    const skewed = await bothWays(t.admin, 'companies', 'groupBy=industry');
    expect(skewed.counted.total.count).toBe(before + 1000);
    expect(skewed.scanned.total.count).toBe(before);
    // A table whose counts were forgotten (TRUNCATE does that) is counted again at the next start.
    await t.db.query(sql`DELETE FROM record_count_sources WHERE table_name = 'companies'`);
    expect((await bothWays(t.admin, 'companies', 'groupBy=industry')).counted.total.count).toBe(before);
    expect(await ensureRecordCounts(t.db, t.registry)).toEqual(['companies']);
    await expectExact();
  });

  it('a test-only entry is counted like a built-in one, computed fields included', async () => {
    for (const [i, stage] of ['draft', 'won', null, 'draft'].entries()) {
      const r = await t.admin.request('POST', '/api/v1/gadgets', {
        name: `Counted gadget ${i}`,
        stage,
        quantity: i + 1,
        unitPrice: 2.5,
        ownerId: owners[i],
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    for (const { agent } of agents.slice(0, 2)) {
      const { counted, scanned } = await bothWays(agent, 'gadgets', 'groupBy=stage&metrics=sum:total,avg:unitPrice');
      expect(counted).toEqual(scanned);
    }
    const { counted } = await bothWays(t.admin, 'gadgets', 'groupBy=stage&metrics=sum:total');
    expect(counted.groups.find((g: { key: string }) => g.key === 'draft')).toMatchObject({
      count: 2,
      metrics: { 'sum:total': 2.5 + 10 },
    });
  });

  it('follow custom fields: a new number field is summed at once, a deleted one leaves writes working', async () => {
    const made = await t.admin.request('POST', '/api/v1/custom-fields', {
      objectType: 'company',
      name: 'seats',
      label: 'Seats',
      type: 'number',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const r = await t.admin.request('POST', '/api/v1/companies?allowDuplicate=true', {
      name: 'Seated',
      industry: 'Retail',
      seats: 12,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { counted, scanned } = await bothWays(t.admin, 'companies', 'groupBy=industry&metrics=sum:seats');
    expect(counted).toEqual(scanned);
    expect(counted.groups.find((g: { key: string }) => g.key === 'Retail').metrics['sum:seats']).toBe(12);

    expect((await t.admin.request('DELETE', `/api/v1/custom-fields/${made.body.id}`)).status).toBe(204);
    const after = await t.admin.request('PATCH', `/api/v1/companies/${r.body.id}`, { industry: 'Software' });
    expect(after.status, JSON.stringify(after.body)).toBe(200);
    await expectExact();
  });
});
