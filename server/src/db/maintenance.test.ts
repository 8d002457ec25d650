// The embedded database's own autovacuum: tables that grew through the app get analysed, and the
// planner stops believing they are empty.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/factories.ts';
import { analyzeAfterBulkChange, holdMaintenance, maintainTables, startMaintenance, tablesDue } from './maintenance.ts';
import { sql } from './sql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // On PostgreSQL, autovacuum must not analyse the table behind the test's back.
  if (t.db.kind === 'server') await t.db.query(sql`ALTER TABLE contacts SET (autovacuum_enabled = false)`);
});
afterAll(() => t.close());

const stats = async (table: string) => {
  await t.db.query(sql`SELECT pg_stat_force_next_flush()`);
  const [row] = await t.db.query<{
    last_analyze: Date | null;
    last_vacuum: Date | null;
    n_mod_since_analyze: number;
    reltuples: number;
  }>(sql`SELECT s.last_analyze, s.last_vacuum, s.n_mod_since_analyze, c.reltuples
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
         WHERE s.schemaname = 'public' AND s.relname = ${table}`);
  return row;
};

// The list page of contacts under its default sort, as the records path asks for it.
const plan = async () => {
  const rows = await t.db.query<{ 'QUERY PLAN': string }>(
    sql`EXPLAIN SELECT t.id FROM contacts t WHERE t.deleted_at IS NULL ORDER BY t.title, t.id LIMIT 51`,
  );
  return rows.map((r) => r['QUERY PLAN']).join('\n');
};

it('analyses a table that grew through the app, as autovacuum would', async () => {
  const rows = 300; // past autovacuum's 50 + 10 %, and enough that an index beats a sort (150 are not)
  const before = await stats('contacts');
  for (let i = 0; i < rows; i++) {
    const r = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: `Grown${i}`,
      lastName: 'Through the API',
    });
    expect(r.status).toBe(201);
  }
  // On PostgreSQL the app's pooled connections report their changes on their own schedule (a
  // backend holds up to ten seconds' counts while idle): wait until all of them have.
  await expect
    .poll(async () => (await stats('contacts')).n_mod_since_analyze, { timeout: 20_000, interval: 250 })
    .toBeGreaterThanOrEqual(rows);
  const grown = await stats('contacts');
  expect(grown.reltuples).toBe(before.reltuples); // the planner has not heard of the new rows
  const planBefore = await plan();
  expect((await tablesDue(t.db)).find((d) => d.schema === 'public' && d.table === 'contacts')).toMatchObject({
    analyze: true,
  });

  const done = await maintainTables(t.db);
  expect(done.map((d) => `${d.schema}.${d.table}`)).toContain('public.contacts');
  const after = await stats('contacts');
  expect(after.last_analyze).not.toBeNull();
  expect(after.n_mod_since_analyze).toBe(0);
  expect(after.reltuples).toBe(rows);
  // Believing the table empty, the planner sorted the whole of it; now it walks the title index.
  expect(planBefore).toMatch(/Sort Key: title, id/);
  const planAfter = await plan();
  expect(planAfter).not.toMatch(/Sort/);
  expect(planAfter).toMatch(/contacts_title/);
  // Nothing left to do until the next round of changes.
  expect((await tablesDue(t.db)).find((d) => d.schema === 'public' && d.table === 'contacts')).toBeUndefined();
}, 90_000);

it('analyses named tables at once after a bulk change', async () => {
  await t.db.query(sql`UPDATE contacts SET job_title = 'Bulk' WHERE true`);
  expect((await stats('contacts')).n_mod_since_analyze).toBeGreaterThan(0);
  await analyzeAfterBulkChange(t.db, ['contacts', 'companies']);
  expect((await stats('contacts')).n_mod_since_analyze).toBe(0);
  await expect(analyzeAfterBulkChange(t.db, ['contacts; DROP TABLE users'])).rejects.toThrow(/unsafe/);
});

it('catches growth from before a restart, when the change counters start again at zero', async () => {
  const [{ n }] = await t.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM contacts`);
  await t.db.query(sql`
    INSERT INTO contacts (id, first_name, last_name, title, search_text)
    SELECT gen_random_uuid(), 'Before', 'Restart ' || g, 'Before Restart ' || g, 'before restart'
    FROM generate_series(1, ${n * 3}) g`);
  expect((await stats('contacts')).n_mod_since_analyze).toBeGreaterThanOrEqual(n * 3); // counted, and flushed
  await t.db.query(sql`SELECT pg_stat_reset()`); // what reopening an embedded database does to the counters
  expect((await stats('contacts')).n_mod_since_analyze).toBe(0);
  const due = (await tablesDue(t.db)).find((d) => d.schema === 'public' && d.table === 'contacts');
  expect(due).toMatchObject({ analyze: true });
  await maintainTables(t.db);
  expect((await stats('contacts')).reltuples).toBe(n * 4);
});

it('waits while a bulk change (an import) holds it off, and does its work after', async () => {
  await t.db.query(sql`UPDATE contacts SET job_title = 'Held' WHERE true`);
  expect((await tablesDue(t.db)).find((d) => d.table === 'contacts')).toMatchObject({ analyze: true });
  const release = holdMaintenance(t.db);
  const second = holdMaintenance(t.db);
  expect(await maintainTables(t.db)).toEqual([]);
  release();
  release(); // twice is once
  expect(await maintainTables(t.db)).toEqual([]); // the second change still runs
  second();
  expect((await maintainTables(t.db)).map((d) => d.table)).toContain('contacts');
});

it('runs on a timer only for the embedded database', async () => {
  const m = startMaintenance(t.db, { intervalMs: 60_000 });
  await m.runOnce();
  await m.stop();
  if (t.db.kind === 'server') expect(await m.runOnce()).toEqual([]);
});
