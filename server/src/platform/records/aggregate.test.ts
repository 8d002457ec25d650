// Aggregates count what the reader's list shows and nothing else: the same scope, bin, filters and
// search. Each count is checked against the list itself, paged to the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { builtinRoles } from '../permissions.ts';

let t: TestApp;
let red: { id: string; agent: Agent };
let redMate: { id: string; agent: Agent };
let blue: { id: string; agent: Agent };
let loner: { id: string; agent: Agent };
let redCo: string;
let blueCo: string;
const stages = ['lead', 'lead', 'customer', null, 'churned'] as const;

type Rec = { id: string; lifecycleStage: string | null };

/** Every record the agent's list shows for these parameters, paged to the end. */
async function listAll(agent: Agent, plural: string, query = ''): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | null = null;
  do {
    const page = await agent.request(
      'GET',
      `/api/v1/${plural}?limit=500${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    out.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor);
  return out;
}

/** The aggregate's counts per key, and the list's, for the same parameters. */
async function bothCounts(agent: Agent, query = '') {
  const agg = await agent.request('GET', `/api/v1/contacts/aggregate?groupBy=lifecycleStage${query}`);
  expect(agg.status, JSON.stringify(agg.body)).toBe(200);
  const fromAggregate: Record<string, number> = {};
  for (const g of agg.body.groups) if (g.count) fromAggregate[String(g.key)] = g.count;
  const fromList: Record<string, number> = {};
  for (const r of await listAll(agent, 'contacts', query))
    fromList[String(r.lifecycleStage)] = (fromList[String(r.lifecycleStage)] ?? 0) + 1;
  expect(agg.body.total.count).toBe(Object.values(fromList).reduce((a, b) => a + b, 0));
  return { fromAggregate, fromList, body: agg.body };
}

beforeAll(async () => {
  t = await createTestApp();
  red = await createUser(t, { role: 'sales_rep', team: 'Red' });
  redMate = await createUser(t, { role: 'sales_rep', team: 'Red' });
  blue = await createUser(t, { role: 'sales_rep', team: 'Blue' });
  // Contacts of one's own only.
  const own = await t.admin.request('POST', '/api/v1/roles', {
    name: 'Own contacts',
    permissions: { contact: { create: true, read: true, update: true, delete: false, export: false, scope: 'own' } },
  });
  expect(own.status, JSON.stringify(own.body)).toBe(201);
  loner = await createUser(t, { role: own.body.key, team: 'Red' });
  redCo = (await t.admin.request('POST', '/api/v1/companies', { name: 'Red Aggregates', ownerId: red.id })).body.id;
  blueCo = (await t.admin.request('POST', '/api/v1/companies', { name: 'Blue Aggregates', ownerId: blue.id })).body.id;
  for (const [who, owner] of [
    ['Red', red.id],
    ['Mate', redMate.id],
    ['Blue', blue.id],
    ['Loner', loner.id],
    ['Nobody', null],
  ] as const) {
    for (const [i, stage] of stages.entries()) {
      const r = await t.admin.request('POST', '/api/v1/contacts?allowDuplicate=true', {
        firstName: `${who}${i}`,
        lastName: i % 2 ? 'Aggregated' : null,
        lifecycleStage: stage,
        ownerId: owner,
        doNotContact: i === 0,
        companyId: owner === blue.id ? blueCo : i < 2 ? redCo : null,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  }
});
afterAll(() => t.close());

describe('scope', () => {
  it('counts for admins everything, for a team its records, for "own" one\'s own', async () => {
    const all = await bothCounts(t.admin);
    expect(all.body.total.count).toBe(25);
    expect(all.fromAggregate).toEqual({ lead: 10, customer: 5, churned: 5, null: 5 });
    const team = await bothCounts(red.agent);
    expect(team.fromAggregate).toEqual({ lead: 6, customer: 3, churned: 3, null: 3 });
    expect(team.fromAggregate).toEqual(team.fromList);
    const mine = await bothCounts(loner.agent);
    expect(mine.fromAggregate).toEqual({ lead: 2, customer: 1, churned: 1, null: 1 });
    expect(mine.fromAggregate).toEqual(mine.fromList);
    expect((await bothCounts(blue.agent)).body.total.count).toBe(5);
  });

  it.each(builtinRoles.map((r) => r.key))('role %s counts exactly what its list shows', async (role) => {
    const agent = role === 'admin' ? t.admin : (await createUser(t, { role, team: 'Red' })).agent;
    const r = await agent.request('GET', '/api/v1/contacts/aggregate?groupBy=lifecycleStage');
    expect(r.status).toBe(200);
    const { fromAggregate, fromList } = await bothCounts(agent);
    expect(fromAggregate).toEqual(fromList);
  });

  it('needs the read permission, and a sign-in', async () => {
    const none = await t.admin.request('POST', '/api/v1/roles', { name: 'Companies only', permissions: {} });
    const outsider = await createUser(t, { role: none.body.key });
    for (const path of ['aggregate?groupBy=lifecycleStage', 'groups?groupBy=lifecycleStage']) {
      expect((await outsider.agent.request('GET', `/api/v1/contacts/${path}`)).status).toBe(403);
      expect((await t.app.inject({ url: `/api/v1/contacts/${path}` })).statusCode).toBe(401);
    }
  });

  it("shows a related record's title only to those who may read it", async () => {
    const r = await red.agent.request('GET', '/api/v1/contacts/aggregate?groupBy=companyId');
    expect(r.body.groups.map((g: { key: string; title: string; count: number }) => [g.key, g.title, g.count])).toEqual([
      [redCo, 'Red Aggregates', 6],
      [null, null, 9],
    ]);
    // An admin links a Red contact to Blue's company: Red counts it, without the name.
    await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Crossed', ownerId: red.id, companyId: blueCo });
    const after = await red.agent.request('GET', '/api/v1/contacts/aggregate?groupBy=companyId');
    expect(after.body.groups.find((g: { key: string }) => g.key === blueCo)).toMatchObject({ title: null, count: 1 });
    expect(JSON.stringify(after.body)).not.toContain('Blue Aggregates');
    const admin = await t.admin.request('GET', '/api/v1/contacts/aggregate?groupBy=companyId');
    expect(admin.body.groups.find((g: { key: string }) => g.key === blueCo).title).toBe('Blue Aggregates');
    await t.db.query(sql`DELETE FROM contacts WHERE first_name = 'Crossed'`);
  });
});

describe('filters, search and the bin', () => {
  it('applies equality filters, the filter JSON and q as the list does', async () => {
    const filter = encodeURIComponent(
      JSON.stringify({
        op: 'or',
        conditions: [
          { field: 'doNotContact', cmp: 'eq', value: true },
          { field: 'lastName', cmp: 'isNotEmpty' },
        ],
      }),
    );
    for (const query of [
      `&ownerId=${red.id}`,
      `&filter=${filter}`,
      '&q=aggregated',
      '&q=mate',
      `&q=red&filter=${filter}`,
    ]) {
      const { fromAggregate, fromList } = await bothCounts(t.admin, query);
      expect(fromAggregate, query).toEqual(fromList);
      expect(Object.keys(fromList).length, query).toBeGreaterThan(0);
    }
  });

  it('leaves deleted records out', async () => {
    const made = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Binned', lifecycleStage: 'prospect' });
    const before = await t.admin.request('GET', '/api/v1/contacts/aggregate?groupBy=lifecycleStage');
    const prospects = (b: { groups: Array<{ key: string; count: number }> }) =>
      b.groups.find((g) => g.key === 'prospect')?.count;
    expect(prospects(before.body)).toBe(1);
    expect((await t.admin.request('DELETE', `/api/v1/contacts/${made.body.id}`)).status).toBe(204);
    const after = await t.admin.request('GET', '/api/v1/contacts/aggregate?groupBy=lifecycleStage');
    expect(prospects(after.body)).toBe(0);
    expect(after.body.total.count).toBe(before.body.total.count - 1);
  });
});

describe('groups', () => {
  it('lists every option in order, empty ones with 0, then values outside them, then the empty group', async () => {
    await t.db.query(sql`INSERT INTO contacts (id, title, first_name, lifecycle_stage)
      VALUES (gen_random_uuid(), 'Legacy', 'Legacy', 'archived')`);
    const r = await t.admin.request('GET', '/api/v1/contacts/aggregate?groupBy=lifecycleStage');
    expect(r.body.groups.map((g: { key: string; title: string; count: number }) => [g.key, g.title, g.count])).toEqual([
      ['subscriber', 'Subscriber', 0],
      ['lead', 'Lead', 10],
      ['prospect', 'Prospect', 0],
      ['customer', 'Customer', 5],
      ['churned', 'Churned', 5],
      ['archived', null, 1],
      [null, null, 5],
    ]);
    expect(r.body.groups.at(-1).filter).toEqual({
      op: 'and',
      conditions: [{ field: 'lifecycleStage', cmp: 'isEmpty', value: null }],
    });
    const cut = await t.admin.request('GET', '/api/v1/contacts/aggregate?groupBy=lifecycleStage&groupLimit=2');
    expect(cut.body.groups.map((g: { key: string }) => g.key)).toEqual(['subscriber', 'lead']);
    expect(cut.body).toMatchObject({ truncated: true, total: { count: 26 } });
    await t.db.query(sql`DELETE FROM contacts WHERE lifecycle_stage = 'archived'`);
  });

  it('groups by a boolean, an owner, and without groupBy gives the total only', async () => {
    const flag = await t.admin.request('GET', '/api/v1/contacts/aggregate?groupBy=doNotContact');
    expect(flag.body.groups.map((g: { key: boolean; count: number }) => [g.key, g.count])).toEqual([
      [false, 20],
      [true, 5],
    ]);
    const owners = await red.agent.request('GET', '/api/v1/contacts/aggregate?groupBy=ownerId');
    expect(owners.body.groups).toHaveLength(3);
    expect(owners.body.groups.every((g: { title: string; count: number }) => g.title && g.count === 5)).toBe(true);
    const total = await t.admin.request('GET', '/api/v1/contacts/aggregate?lifecycleStage=lead');
    expect(total.body).toMatchObject({ groupBy: null, groups: [], total: { count: 10 }, truncated: false });
  });

  it('buckets dates by day, week, month, quarter and year in UTC, with list filters to match', async () => {
    const ids = (await listAll(t.admin, 'contacts', '&q=nobody')).map((r) => r.id);
    const days = [
      '2025-12-31T23:59:59Z',
      '2026-01-01T00:00:00Z',
      '2026-02-15T12:00:00Z',
      '2026-03-31T23:00:00Z',
      '2026-04-01T00:00:00Z',
    ];
    for (const [i, id] of ids.entries())
      await t.db.query(sql`UPDATE contacts SET created_at = ${days[i]}::timestamptz WHERE id = ${id}::uuid`);
    const buckets = async (bucket: string) => {
      const r = await t.admin.request('GET', `/api/v1/contacts/aggregate?q=nobody&groupBy=createdAt&bucket=${bucket}`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body.groups as Array<{ key: string; count: number; filter: unknown }>;
    };
    expect((await buckets('month')).map((g) => [g.key, g.count])).toEqual([
      ['2025-12-01', 1],
      ['2026-01-01', 1],
      ['2026-02-01', 1],
      ['2026-03-01', 1],
      ['2026-04-01', 1],
    ]);
    expect((await buckets('quarter')).map((g) => [g.key, g.count])).toEqual([
      ['2025-10-01', 1],
      ['2026-01-01', 3],
      ['2026-04-01', 1],
    ]);
    expect((await buckets('year')).map((g) => g.count)).toEqual([1, 4]);
    // 2025-12-31 is a Wednesday: its week began on Monday the 29th, as did 2026-01-01's.
    expect((await buckets('week')).map((g) => [g.key, g.count])[0]).toEqual(['2025-12-29', 2]);
    expect((await buckets('day')).map((g) => g.key)[0]).toEqual('2025-12-31');
    // Each group's filter, given to the list, selects the group's records.
    for (const g of await buckets('quarter')) {
      const listed = await listAll(
        t.admin,
        'contacts',
        `&q=nobody&filter=${encodeURIComponent(JSON.stringify(g.filter))}`,
      );
      expect(listed.length).toBe(g.count);
    }
  });
});

describe('metrics', () => {
  beforeAll(async () => {
    for (const body of [
      { name: 'dealValue', label: 'Deal value', type: 'currency' },
      { name: 'score', label: 'Score', type: 'number' },
    ]) {
      const r = await t.admin.request('POST', '/api/v1/custom-fields', { objectType: 'contact', ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    const values: Array<[string, number, string, number | null]> = [
      ['lead', 1000, 'EUR', 3],
      ['lead', 2500, 'EUR', null],
      ['lead', 700, 'USD', 5.5],
      ['customer', 99, 'USD', 1],
    ];
    for (const [i, [stage, amount, currency, score]] of values.entries()) {
      const r = await t.admin.request('POST', '/api/v1/contacts', {
        firstName: `Money${i}`,
        lifecycleStage: stage,
        dealValue: { amount, currency },
        score,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
  });

  it('sums money per currency, never across currencies, and numbers as numbers', async () => {
    const r = await t.admin.request(
      'GET',
      '/api/v1/contacts/aggregate?q=money&groupBy=lifecycleStage&metrics=count,sum:dealValue,avg:dealValue,max:dealValue,sum:score,avg:score,min:score',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const lead = r.body.groups.find((g: { key: string }) => g.key === 'lead');
    expect(lead.count).toBe(3);
    const byCurrency = (v: Array<{ currency: string }>) => [...v].sort((a, b) => a.currency.localeCompare(b.currency));
    expect(byCurrency(lead.metrics['sum:dealValue'])).toEqual([
      { currency: 'EUR', amount: 3500 },
      { currency: 'USD', amount: 700 },
    ]);
    expect(byCurrency(lead.metrics['avg:dealValue'])).toEqual([
      { currency: 'EUR', amount: 1750 },
      { currency: 'USD', amount: 700 },
    ]);
    expect(lead.metrics['sum:score']).toBe(8.5);
    expect(lead.metrics['avg:score']).toBe(4.25);
    expect(lead.metrics['min:score']).toBe(3);
    expect(byCurrency(r.body.total.metrics['sum:dealValue'])).toEqual([
      { currency: 'EUR', amount: 3500 },
      { currency: 'USD', amount: 799 },
    ]);
    expect(r.body.total.metrics['max:dealValue']).toEqual(
      expect.arrayContaining([
        { currency: 'EUR', amount: 2500 },
        { currency: 'USD', amount: 700 },
      ]),
    );
    expect(r.body.total.metrics['sum:score']).toBe(9.5);
    const empty = r.body.groups.find((g: { key: string }) => g.key === 'prospect');
    expect(empty).toMatchObject({ count: 0, metrics: { 'sum:dealValue': [], 'sum:score': null } });
  });
});

describe('bad input names the parameter', () => {
  it.each([
    ['groupBy=nope', 'groupBy', /unknown field "nope"/],
    ['groupBy=firstName', 'groupBy', /cannot group by a text field/],
    ['groupBy=tags', 'groupBy', /cannot group by a tags field/],
    ['groupBy=lifecycleStage&metrics=count,sum:firstName', 'metrics.1', /number or currency/],
    ['groupBy=lifecycleStage&metrics=median:score', 'metrics.0', /is not a metric/],
    ['groupBy=lifecycleStage&metrics=sum:nope', 'metrics.0', /unknown field/],
    ['groupBy=createdAt&bucket=fortnight', 'bucket', /must be one of day, week/],
    ['groupBy=lifecycleStage&bucket=month', 'bucket', /only date and date-time/],
    ['bucket=month', 'bucket', /give groupBy/],
    ['groupBy=lifecycleStage&sort=name', 'sort', /not a parameter/],
    ['groupBy=lifecycleStage&groupLimit=0', 'groupLimit', /./],
    ['groupBy=lifecycleStage&nope=1', 'nope', /unknown query parameter/],
    ['groupBy=lifecycleStage&filter=%7B', 'filter', /not valid JSON/],
  ])('/aggregate?%s → 400 naming %s', async (query, param, message) => {
    const r = await t.admin.request('GET', `/api/v1/contacts/aggregate?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.code).toBe('INVALID');
    expect(r.body.error.message).toMatch(new RegExp(`^${param.replace('.', '\\.')}: `));
    expect(r.body.error.message).toMatch(message);
    expect(Object.keys(r.body.error.details.fields)).toEqual([param]);
  });

  it.each([
    ['', 'groupBy'],
    ['groupBy=lifecycleStage&group=%7B', 'group'],
    ['groupBy=doNotContact&group=%22yes%22', 'group'],
    ['groupBy=lifecycleStage&cursor=abc', 'cursor'],
    ['groupBy=lifecycleStage&group=%22lead%22&cursor=abc', 'cursor'],
    ['groupBy=lifecycleStage&limit=201', 'limit'],
    ['groupBy=lifecycleStage&deleted=true', 'deleted'],
  ])('/groups?%s → 400 naming %s', async (query, param) => {
    const r = await t.admin.request('GET', `/api/v1/contacts/groups?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(Object.keys(r.body.error.details.fields)).toEqual([param]);
  });

  it('is described in OpenAPI, parameters and answers', async () => {
    const doc = (await t.admin.request('GET', '/api/v1/openapi.json')).body;
    for (const [path, params] of [
      ['/api/v1/{plural}/aggregate', ['plural', 'groupBy', 'bucket', 'metrics', 'groupLimit', 'q', 'filter']],
      ['/api/v1/{plural}/groups', ['plural', 'groupBy', 'limit', 'sort', 'group', 'cursor']],
    ] as const) {
      const op = doc.paths[path]?.get;
      expect(op, path).toBeDefined();
      const names = op.parameters.map((p: { name: string }) => p.name);
      for (const name of params) expect(names, path).toContain(name);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
    }
  });

  it('an unknown object is a 404', async () => {
    expect((await t.admin.request('GET', '/api/v1/nothings/aggregate')).status).toBe(404);
  });
});
