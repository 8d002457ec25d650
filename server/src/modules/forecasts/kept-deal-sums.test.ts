// The deals' kept monthly sums (migrations 0044 and 0045, decision 034) against the deals
// themselves: after any sequence of inserts, updates (one row or many: a stage won or lost, a close
// moved, an owner or territory changed, an amount or currency changed), soft deletes, restores,
// purges and a deleted owner (its foreign key sets the deals' owner to null), the won and the open
// sums are what summing the deals gives; and the forecast reads from them what the deals give.
import { rateOn } from '@kith/common/api/forecasts';
import fc from 'fast-check';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let pipelineId: string;
let stageId: string;
const owners: string[] = [];
const territories: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const pipelines = await t.admin.request('GET', '/api/v1/pipelines');
  pipelineId = pipelines.body.data[0].id;
  stageId = (await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`)).body.data[0].id;
  for (const role of ['sales_rep', 'sales_rep']) owners.push((await createUser(t, { role })).id);
  for (const name of ['North', 'South'])
    territories.push((await t.admin.request('POST', '/api/v1/territories', { name })).body.id);
});
afterAll(() => t?.close());

const deal = fc.record({
  status: fc.constantFrom('open', 'won', 'lost'),
  // Around a month's edge in UTC, and a time that is another month in Berlin.
  closedAt: fc.option(
    fc.constantFrom('2026-01-31T23:30:00Z', '2026-02-01T00:00:00Z', '2026-02-14T12:00:00Z', '2025-12-31T23:59:59Z'),
    { nil: null },
  ),
  owner: fc.option(fc.constantFrom(0, 1), { nil: null }),
  territory: fc.option(fc.constantFrom(0, 1), { nil: null }),
  amount: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  currency: fc.option(fc.constantFrom('EUR', 'USD'), { nil: null }),
  expected: fc.option(fc.constantFrom('2026-01-31', '2026-02-01', '2026-03-15'), { nil: null }),
  category: fc.option(fc.constantFrom('pipeline', 'bestCase', 'commit'), { nil: null }),
  weighted: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
});
type Deal = typeof deal extends fc.Arbitrary<infer T> ? T : never;
const op = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), rows: fc.array(deal, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), set: deal }),
  fc.record({ kind: fc.constant('updateAll' as const), status: fc.constantFrom('open', 'won', 'lost') }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('purge' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ownerGone' as const) }),
);

const ids = (d: Deal) => ({
  owner: d.owner === null ? null : owners[d.owner],
  territory: d.territory === null ? null : territories[d.territory],
});

const kept = () =>
  t.db.query<{ k: string }>(sql`
    SELECT concat_ws(' ', month, owner_id, territory_id, currency, sum(deals), sum(amount)) AS k
    FROM deal_won_months GROUP BY month, owner_id, territory_id, currency
    HAVING sum(deals) <> 0 OR sum(amount) <> 0 ORDER BY 1`);
const keptOpen = () =>
  t.db.query<{ k: string }>(sql`
    SELECT concat_ws(' ', month, owner_id, territory_id, category, currency, weighted_currency,
      sum(deals), sum(amount), sum(weighted)) AS k
    FROM deal_open_months GROUP BY month, owner_id, territory_id, category, currency, weighted_currency
    HAVING sum(deals) <> 0 OR sum(amount) <> 0 OR sum(weighted) <> 0 ORDER BY 1`);
const countedOpen = () =>
  t.db.query<{ k: string }>(sql`
    SELECT concat_ws(' ', date_trunc('month', expected_close_date)::date, owner_id, territory_id,
      COALESCE(forecast_category, ''), COALESCE(amount_currency, ''), COALESCE(weighted_amount_currency, ''),
      count(*), COALESCE(sum(amount), 0), COALESCE(sum(weighted_amount), 0)) AS k
    FROM deals WHERE deleted_at IS NULL AND status = 'open' AND expected_close_date IS NOT NULL
    GROUP BY date_trunc('month', expected_close_date)::date, owner_id, territory_id, COALESCE(forecast_category, ''),
      COALESCE(amount_currency, ''), COALESCE(weighted_amount_currency, '') ORDER BY 1`);
const counted = () =>
  t.db.query<{ k: string }>(sql`
    SELECT concat_ws(' ', date_trunc('month', closed_at AT TIME ZONE 'UTC')::date, owner_id, territory_id,
      COALESCE(amount_currency, ''), count(*), COALESCE(sum(amount), 0)) AS k
    FROM deals WHERE deleted_at IS NULL AND status = 'won' AND closed_at IS NOT NULL
    GROUP BY date_trunc('month', closed_at AT TIME ZONE 'UTC')::date, owner_id, territory_id, COALESCE(amount_currency, '')
    ORDER BY 1`);

it('the kept sums are the won and the open deals summed, after any sequence of writes', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
      const live = async () =>
        (await t.db.query<{ id: string }>(sql`SELECT id FROM deals ORDER BY id`)).map((r) => r.id);
      for (const o of ops) {
        const all = await live();
        const pick = (i: number) => all[i % Math.max(all.length, 1)] ?? null;
        if (o.kind === 'insert') {
          const rows = o.rows.map((r) => ({ id: uuidv7(), ...r, ...ids(r) }));
          await t.db.query(sql`
            INSERT INTO deals (id, name, pipeline_id, stage_id, status, closed_at, owner_id, territory_id, amount, amount_currency,
              expected_close_date, forecast_category, weighted_amount, weighted_amount_currency)
            SELECT x.id, 'Deal', ${pipelineId}::uuid, ${stageId}::uuid, x.status, x.closed_at, x.owner, x.territory, x.amount, x.currency,
              x.expected, x.category, x.weighted, x.currency
            FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.status)}::text[],
              ${rows.map((r) => r.closedAt)}::timestamptz[], ${rows.map((r) => r.owner)}::uuid[],
              ${rows.map((r) => r.territory)}::uuid[], ${rows.map((r) => r.amount)}::bigint[], ${rows.map((r) => r.currency)}::text[],
              ${rows.map((r) => r.expected)}::date[], ${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.weighted)}::bigint[])
              AS x(id, status, closed_at, owner, territory, amount, currency, expected, category, weighted)`);
        } else if (o.kind === 'update' && pick(o.pick)) {
          const s = o.set;
          await t.db.query(sql`UPDATE deals SET status = ${s.status}, closed_at = ${s.closedAt}::timestamptz,
            owner_id = ${ids(s).owner}::uuid, territory_id = ${ids(s).territory}::uuid, amount = ${s.amount}::bigint,
            amount_currency = ${s.currency}, expected_close_date = ${s.expected}::date, forecast_category = ${s.category},
            weighted_amount = ${s.weighted}::bigint, weighted_amount_currency = ${s.currency}
            WHERE id = ${pick(o.pick)}::uuid`);
        } else if (o.kind === 'updateAll') await t.db.query(sql`UPDATE deals SET status = ${o.status}`);
        else if (o.kind === 'delete' && pick(o.pick))
          await t.db.query(sql`UPDATE deals SET deleted_at = now() WHERE id = ${pick(o.pick)}::uuid`);
        else if (o.kind === 'restore' && pick(o.pick))
          await t.db.query(sql`UPDATE deals SET deleted_at = NULL WHERE id = ${pick(o.pick)}::uuid`);
        else if (o.kind === 'purge' && pick(o.pick))
          await t.db.query(sql`DELETE FROM deals WHERE id = ${pick(o.pick)}::uuid`);
        else if (o.kind === 'ownerGone') {
          // A user deleted: the foreign key's ON DELETE SET NULL updates their deals.
          const gone = (await createUser(t, { role: 'sales_rep' })).id;
          await t.db.query(sql`UPDATE deals SET owner_id = ${gone}::uuid WHERE owner_id = ${owners[0]}::uuid`);
          await t.db.query(sql`DELETE FROM users WHERE id = ${gone}::uuid`);
        }
      }
      expect(await kept()).toEqual(await counted());
      expect(await keptOpen()).toEqual(await countedOpen());
    }),
    { numRuns: 15 },
  );
  // TRUNCATE empties them too; the rebuild makes them from the deals.
  await t.db.query(sql`TRUNCATE deals CASCADE`);
  expect(await kept()).toEqual([]);
  expect(await keptOpen()).toEqual([]);
  await t.db.query(sql`INSERT INTO deals (id, name, pipeline_id, stage_id, status, closed_at, amount, amount_currency)
    VALUES (${uuidv7()}::uuid, 'Loaded', ${pipelineId}::uuid, ${stageId}::uuid, 'won', '2026-03-03T00:00:00Z', 500, 'EUR')`);
  await t.db.query(sql`DELETE FROM deal_won_months`);
  await t.db.query(sql`SELECT deal_won_months_rebuild()`);
  expect(await kept()).toEqual(await counted());
  expect(await kept()).toHaveLength(1);
});

it("counts a deal in its UTC month whatever the writing session's time zone", async () => {
  const id = uuidv7();
  await t.db.transaction(async (tx) => {
    await tx.query(sql`SET LOCAL TIME ZONE 'Europe/Berlin'`);
    // 1 February at 00:30 in Berlin: still January in UTC.
    await tx.query(sql`INSERT INTO deals (id, name, pipeline_id, stage_id, status, closed_at, amount, amount_currency)
      VALUES (${id}::uuid, 'Late', ${pipelineId}::uuid, ${stageId}::uuid, 'won', '2027-01-31T23:30:00Z', 700, 'USD')`);
  });
  const rows = await t.db.query<{ month: string; deals: number }>(
    sql`SELECT month::text AS month, deals FROM deal_won_months WHERE currency = 'USD' AND amount = 700`,
  );
  expect(rows).toEqual([{ month: '2027-01-01', deals: 1 }]);
});

it("gives the projection's history the deals summed at their close day's rate, from the sums or the deals", async () => {
  const now = new Date();
  // A month back from now (UTC), its first day as YYYY-MM-DD, and a day in it at noon.
  const monthOf = (back: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
  const dayIn = (back: number, d: number) => {
    const m = monthOf(back);
    return new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth(), d, 12)).toISOString();
  };
  const won = fc.record({
    back: fc.integer({ min: 1, max: 5 }),
    day: fc.constantFrom(1, 10, 20, 28),
    currency: fc.constantFrom('EUR', 'USD', 'GBP'),
    hundreds: fc.integer({ min: 1, max: 50 }),
    territory: fc.constantFrom(0, 1),
  });
  // Rates that convert hundreds exactly, dated on a month's first day (kept months) or inside one.
  const rate = fc.record({
    currency: fc.constantFrom('USD', 'GBP'),
    rate: fc.constantFrom(0.5, 2, 4),
    back: fc.integer({ min: 1, max: 5 }),
    day: fc.constantFrom(1, 15),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(won, { minLength: 1, maxLength: 8 }),
      fc.uniqueArray(rate, { maxLength: 3, selector: (r) => `${r.currency} ${r.back} ${r.day}` }),
      async (deals, dated) => {
        await t.db.query(sql`TRUNCATE deals CASCADE`);
        const rates = [
          { currency: 'USD', rate: 1, effectiveFrom: null },
          { currency: 'GBP', rate: 2, effectiveFrom: null },
          ...dated.map((r) => ({
            currency: r.currency,
            rate: r.rate,
            effectiveFrom: dayIn(r.back, r.day).slice(0, 10),
          })),
        ];
        const put = await t.admin.request('PUT', '/api/v1/exchange-rates', { companyCurrency: 'EUR', rates });
        expect(put.status, JSON.stringify(put.body)).toBe(200);
        const rows = deals.map((d) => ({ id: uuidv7(), at: dayIn(d.back, d.day), ...d, amount: d.hundreds * 100 }));
        await t.db.query(sql`
          INSERT INTO deals (id, name, pipeline_id, stage_id, status, closed_at, owner_id, territory_id, amount, amount_currency)
          SELECT x.id, 'Won', ${pipelineId}::uuid, ${stageId}::uuid, 'won', x.at, ${owners[0]}::uuid, x.territory, x.amount, x.currency
          FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.at)}::timestamptz[],
            ${rows.map((r) => territories[r.territory])}::uuid[], ${rows.map((r) => r.amount)}::bigint[],
            ${rows.map((r) => r.currency)}::text[]) AS x(id, at, territory, amount, currency)`);
        const expected = (territory?: number) => {
          const byMonth = new Map<string, number>();
          for (const r of rows.filter((r) => territory === undefined || r.territory === territory)) {
            const rate = rateOn(rates, r.currency, r.at.slice(0, 10)) ?? Number.NaN;
            const amount = r.currency === 'EUR' ? r.amount : r.amount * rate;
            byMonth.set(r.at.slice(0, 7), (byMonth.get(r.at.slice(0, 7)) ?? 0) + amount);
          }
          return [...byMonth].sort().map(([month, amount]) => ({ month, amount }));
        };
        for (const territory of [undefined, 0]) {
          const narrow = territory === undefined ? '' : `&territoryId=${territories[territory]}`;
          const r = await t.admin.request('GET', `/api/v1/forecasts?period=2026-Q3&timeZone=UTC${narrow}`);
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          const history = r.body.projection.history.filter((h: { amount: number }) => h.amount !== 0);
          expect(history).toEqual(expected(territory));
        }
      },
    ),
    { numRuns: 12 },
  );
});

it("gives a period's open figures the open deals summed, per territory too", async () => {
  const open = fc.record({
    expected: fc.constantFrom('2026-06-30', '2026-07-01', '2026-08-15', '2026-09-30', '2026-10-01'),
    category: fc.option(fc.constantFrom('pipeline', 'bestCase', 'commit'), { nil: null }),
    currency: fc.constantFrom('EUR', 'USD', 'GBP'),
    amount: fc.integer({ min: 0, max: 100_000 }),
    weighted: fc.integer({ min: 0, max: 100_000 }),
    territory: fc.option(fc.constantFrom(0, 1), { nil: null }),
  });
  const put = await t.admin.request('PUT', '/api/v1/exchange-rates', {
    companyCurrency: 'EUR',
    rates: [
      { currency: 'USD', rate: 1, effectiveFrom: null },
      { currency: 'GBP', rate: 2, effectiveFrom: null },
    ],
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const rate: Record<string, number> = { EUR: 1, USD: 1, GBP: 2 };
  await fc.assert(
    fc.asyncProperty(fc.array(open, { minLength: 1, maxLength: 10 }), async (deals) => {
      await t.db.query(sql`TRUNCATE deals CASCADE`);
      const rows = deals.map((d) => ({
        id: uuidv7(),
        ...d,
        territoryId: d.territory === null ? null : territories[d.territory],
      }));
      await t.db.query(sql`
        INSERT INTO deals (id, name, pipeline_id, stage_id, status, owner_id, territory_id, expected_close_date,
          forecast_category, amount, amount_currency, weighted_amount, weighted_amount_currency)
        SELECT x.id, 'Open', ${pipelineId}::uuid, ${stageId}::uuid, 'open', ${owners[1]}::uuid, x.territory, x.expected,
          x.category, x.amount, x.currency, x.weighted, x.currency
        FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.territoryId)}::uuid[],
          ${rows.map((r) => r.expected)}::date[], ${rows.map((r) => r.category)}::text[], ${rows.map((r) => r.amount)}::bigint[],
          ${rows.map((r) => r.currency)}::text[], ${rows.map((r) => r.weighted)}::bigint[])
          AS x(id, territory, expected, category, amount, currency, weighted)`);
      const figures = (list: typeof rows) => {
        const q3 = list.filter((r) => r.expected >= '2026-07-01' && r.expected < '2026-10-01');
        const sum = (f: (r: (typeof rows)[number]) => number) => q3.reduce((s, r) => s + f(r) * rate[r.currency], 0);
        return {
          openCount: q3.length,
          pipeline: sum((r) => r.amount),
          weighted: sum((r) => r.weighted),
          bestCase: sum((r) => (r.category === 'bestCase' ? r.amount : 0)),
          commit: sum((r) => (r.category === 'commit' ? r.amount : 0)),
        };
      };
      const r = await t.admin.request(
        'GET',
        '/api/v1/forecasts?period=2026-Q3&timeZone=Europe/Berlin&groupBy=territory',
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.total).toMatchObject(figures(rows));
      for (const [i, id] of territories.entries()) {
        const group = r.body.groups.find((g: { key: string | null }) => g.key === id);
        const expected = figures(rows.filter((x) => x.territory === i));
        if (!expected.openCount) continue;
        expect(group).toMatchObject({ ...expected, title: ['North', 'South'][i] });
      }
    }),
    { numRuns: 12 },
  );
});

it("gives a period's won figures the won deals at their close day's rate, in any zone", async () => {
  const won = fc.record({
    closedAt: fc.constantFrom(
      '2026-06-30T21:30:00Z',
      '2026-06-30T22:30:00Z',
      '2026-07-15T12:00:00Z',
      '2026-07-31T22:30:00Z',
      '2026-08-14T23:00:00Z',
      '2026-09-30T21:30:00Z',
      '2026-09-30T22:30:00Z',
    ),
    currency: fc.constantFrom('EUR', 'USD', 'GBP'),
    hundreds: fc.integer({ min: 1, max: 50 }),
    owner: fc.constantFrom(0, 1),
  });
  const rate = fc.record({
    currency: fc.constantFrom('USD', 'GBP'),
    rate: fc.constantFrom(0.5, 2, 4),
    effectiveFrom: fc.constantFrom('2026-07-01', '2026-08-01', '2026-08-15'),
  });
  const dayIn = (at: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(at));
  await fc.assert(
    fc.asyncProperty(
      fc.array(won, { minLength: 1, maxLength: 8 }),
      fc.uniqueArray(rate, { maxLength: 3, selector: (r) => `${r.currency} ${r.effectiveFrom}` }),
      fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
      async (deals, dated, timeZone) => {
        await t.db.query(sql`TRUNCATE deals CASCADE`);
        const rates = [
          { currency: 'USD', rate: 1, effectiveFrom: null },
          { currency: 'GBP', rate: 2, effectiveFrom: null },
          ...dated,
        ];
        const put = await t.admin.request('PUT', '/api/v1/exchange-rates', { companyCurrency: 'EUR', rates });
        expect(put.status, JSON.stringify(put.body)).toBe(200);
        const rows = deals.map((d) => ({ id: uuidv7(), ...d, amount: d.hundreds * 100 }));
        await t.db.query(sql`
          INSERT INTO deals (id, name, pipeline_id, stage_id, status, closed_at, owner_id, amount, amount_currency)
          SELECT x.id, 'Won', ${pipelineId}::uuid, ${stageId}::uuid, 'won', x.at, x.owner, x.amount, x.currency
          FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.closedAt)}::timestamptz[],
            ${rows.map((r) => owners[r.owner])}::uuid[], ${rows.map((r) => r.amount)}::bigint[],
            ${rows.map((r) => r.currency)}::text[]) AS x(id, at, owner, amount, currency)`);
        const figures = (list: typeof rows) => {
          const q3 = list.filter(
            (r) => dayIn(r.closedAt, timeZone) >= '2026-07-01' && dayIn(r.closedAt, timeZone) < '2026-10-01',
          );
          const value = (r: (typeof rows)[number]) => {
            if (r.currency === 'EUR') return r.amount;
            const day = dayIn(r.closedAt, timeZone);
            return r.amount * (rateOn(rates, r.currency, day) ?? Number.NaN);
          };
          return { wonCount: q3.length, won: q3.reduce((s, r) => s + value(r), 0) };
        };
        const r = await t.admin.request('GET', `/api/v1/forecasts?period=2026-Q3&timeZone=${timeZone}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.total).toMatchObject(figures(rows));
        for (const [i, id] of owners.entries()) {
          const expected = figures(rows.filter((x) => x.owner === i));
          if (expected.wonCount)
            expect(r.body.groups.find((g: { key: string }) => g.key === id)).toMatchObject(expected);
        }
      },
    ),
    { numRuns: 15 },
  );
});
