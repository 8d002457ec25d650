import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { createTestApp, type TestApp } from '../test/factories.ts';
import { createTestDb } from '../test/test-db.ts';
import { hasDemoData, seedDemoData } from './demo-data.ts';
import { asciiFold } from './random.ts';

const now = new Date('2026-03-01T12:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const snapshot = (db: TestApp['db']) =>
  db.query(sql`
    SELECT c.id, c.title, c.search_text, c.email, c.lifecycle_stage, c.owner_id, c.created_at, co.title AS company
    FROM contacts c LEFT JOIN companies co ON co.id = c.company_id ORDER BY c.id`);

describe('demo data', () => {
  it('fills a believable company quickly, and marks the database as seeded', async () => {
    expect(await hasDemoData(t.db)).toBe(false);
    const started = Date.now();
    const r = await seedDemoData(t.db, { adminId: t.admin.userId, seed: 7, now, registry: t.registry });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r).toMatchObject({ companies: 200, contacts: 1000, notes: 2000 });
    expect(r.users.map((u) => u.role).sort()).toEqual([
      'marketing',
      'sales_manager',
      'sales_rep',
      'sales_rep',
      'support_agent',
    ]);
    expect(await hasDemoData(t.db)).toBe(true);

    const [counts] = await t.db.query<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM companies) AS companies, (SELECT count(*)::int FROM contacts) AS contacts,
      (SELECT count(*)::int FROM notes) AS notes, (SELECT count(*)::int FROM teams) AS teams,
      (SELECT count(*)::int FROM contacts WHERE company_id IS NULL) AS without_company,
      (SELECT count(DISTINCT owner_id)::int FROM contacts) AS owners,
      (SELECT count(DISTINCT lifecycle_stage)::int FROM contacts) AS stages,
      (SELECT count(*)::int FROM contacts WHERE title = '' OR search_text = '') AS untitled,
      (SELECT count(*)::int FROM contacts c JOIN companies co ON co.id = c.company_id
        WHERE c.email IS NOT NULL AND split_part(c.email, '@', 2) <> co.domain) AS off_domain,
      (SELECT extract(day FROM max(created_at) - min(created_at))::int FROM contacts) AS days_spread`);
    expect(counts).toMatchObject({ companies: 200, contacts: 1000, notes: 2000, teams: 2, stages: 5, untitled: 0 });
    expect(counts.without_company).toBeGreaterThan(50);
    expect(counts.without_company).toBeLessThan(250);
    expect(counts.owners).toBeGreaterThanOrEqual(5);
    expect(counts.off_domain).toBe(0);
    expect(counts.days_spread).toBeGreaterThan(300);

    // Demo users cannot sign in until invited (no password given).
    const [u] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@kith-demo.example' AND password_hash IS NULL`,
    );
    expect(u.n).toBe(5);
  });

  it('is found by search, sort and filters like records made through the API', async () => {
    const [c] = await t.db.query<{ id: string; first_name: string; last_name: string; title: string }>(sql`
      SELECT id, first_name, last_name, title FROM contacts WHERE last_name <> kith_unaccent(last_name) ORDER BY id LIMIT 1`);
    expect(c).toBeDefined();
    // Unaccented, as a user without the right keyboard types it: "nguyen" finds "Nguyễn".
    const q = encodeURIComponent(`${asciiFold(c.first_name)} ${asciiFold(c.last_name)}`);
    const found = await t.admin.request('GET', `/api/v1/contacts?q=${q}&limit=500`);
    expect(found.status).toBe(200);
    expect(found.body.data.map((r: { id: string }) => r.id)).toContain(c.id);
    const hit = found.body.data.find((r: { id: string }) => r.id === c.id);
    expect(hit.title).toBe(c.title);

    const page = await t.admin.request('GET', '/api/v1/contacts?sort=-createdAt&limit=5&lifecycleStage=customer');
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(5);
    expect(page.body.data.every((r: { lifecycleStage: string }) => r.lifecycleStage === 'customer')).toBe(true);
    expect(page.body.nextCursor).toBeTruthy();

    const companies = await t.admin.request('GET', '/api/v1/companies?q=software&limit=5');
    expect(companies.body.data.length).toBeGreaterThan(0);
  });

  it('gives the same data for the same seed', async () => {
    const other = await createTestDb();
    try {
      await other.db.query(sql`INSERT INTO users (id, email, name, role_id)
        SELECT ${t.admin.userId}::uuid, 'admin@test.example', 'Ada Admin', id FROM roles WHERE key = 'admin'`);
      // Same seed, same clock, same admin: the other database ends up with identical rows.
      await seedDemoData(other.db, { adminId: t.admin.userId, seed: 7, now, registry: other.registry });
      const [a, b] = [await snapshot(t.db), await snapshot(other.db)];
      expect(b.length).toBe(1000);
      expect(b).toEqual(a);
      const notes = (db: TestApp['db']) => db.query(sql`SELECT id, body, record_id FROM notes ORDER BY id`);
      expect(await notes(other.db)).toEqual(await notes(t.db));
    } finally {
      await other.close();
    }
  });
});
