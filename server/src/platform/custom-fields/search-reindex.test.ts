// A custom field made searchable after rows exist: a job recomputes their search text in
// batches, with progress on the field; turning it off takes the words out again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { runSearchReindex } from './search-reindex.ts';

let t: TestApp; // no workers: the test runs the job itself
let w: TestApp; // workers: the job runs as it would in production
beforeAll(async () => {
  [t, w] = await Promise.all([createTestApp(), createTestApp({ workers: true })]);
});
afterAll(() => Promise.all([t.close(), w.close()]));

const quiet = { info: () => {} };

/** A text field on contacts, not searchable, and `rows` contacts whose value holds a rare word. */
async function seed(app: TestApp, rows: number) {
  const f = await app.admin.request('POST', '/api/v1/custom-fields', {
    objectType: 'contact',
    name: 'favouriteFruit',
    label: 'Favourite fruit',
    type: 'text',
  });
  expect(f.status, JSON.stringify(f.body)).toBe(201);
  expect(f.body.searchIndex).toBeNull();
  await app.db.query(sql`INSERT INTO contacts (id, title, first_name, search_text, cf_favourite_fruit)
    SELECT gen_random_uuid(), 'Eater ' || i, 'Eater', 'eater', 'durian number ' || i FROM generate_series(1, ${rows}) i`);
  return f.body.id as string;
}

const hits = async (app: TestApp, q: string) => {
  const r = await app.admin.request('GET', `/api/v1/contacts?q=${q}&limit=500`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.data.length as number;
};

describe('search reindex of a custom field', () => {
  it('indexes existing rows in batches when the field becomes searchable, recording done/total', async () => {
    const id = await seed(t, 120);
    expect(await hits(t, 'durian')).toBe(0);
    const patched = await t.admin.request('PATCH', `/api/v1/custom-fields/${id}`, { searchable: true });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.searchIndex).toEqual({ state: 'queued', done: 0, total: null });

    const [{ reindex_token: token }] = await t.db.query<{ reindex_token: string }>(
      sql`SELECT reindex_token FROM custom_fields WHERE id = ${id}::uuid`,
    );
    const progress: unknown[] = [];
    const db = {
      ...t.db,
      // Reads the progress the page would see after each committed batch.
      transaction: async <T>(fn: Parameters<typeof t.db.transaction>[0]) => {
        const out = (await t.db.transaction(fn)) as T;
        progress.push(
          (await t.admin.request('GET', '/api/v1/custom-fields?objectType=contact')).body.data[0].searchIndex,
        );
        return out;
      },
    } as typeof t.db;
    const handled = await runSearchReindex(
      { db, registry: t.registry, now: () => new Date(), log: quiet },
      { fieldId: id, token },
      50,
    );
    expect(handled).toBe(120);
    expect(progress).toEqual([
      { state: 'running', done: 50, total: 120 },
      { state: 'running', done: 100, total: 120 },
      { state: 'running', done: 120, total: 120 },
      { state: 'done', done: 120, total: 120 },
    ]);
    expect(await hits(t, 'durian')).toBe(120);
    expect(await hits(t, 'durian%20number%20120')).toBe(1);
    // A finished job run again does nothing.
    expect(
      await runSearchReindex(
        { db: t.db, registry: t.registry, now: () => new Date(), log: quiet },
        { fieldId: id, token },
      ),
    ).toBe(0);
  });

  it('a newer change supersedes a job not yet run, and turning searchable off takes the words out', async () => {
    const [{ id, reindex_token: old }] = await t.db.query<{ id: string; reindex_token: string }>(
      sql`SELECT id, reindex_token FROM custom_fields WHERE name = 'favouriteFruit'`,
    );
    await t.admin.request('PATCH', `/api/v1/custom-fields/${id}`, { searchable: false });
    const deps = { db: t.db, registry: t.registry, now: () => new Date(), log: quiet };
    expect(await runSearchReindex(deps, { fieldId: id, token: old })).toBe(0);
    const [{ reindex_token: token }] = await t.db.query<{ reindex_token: string }>(
      sql`SELECT reindex_token FROM custom_fields WHERE id = ${id}::uuid`,
    );
    expect(await runSearchReindex(deps, { fieldId: id, token })).toBe(120);
    expect(await hits(t, 'durian')).toBe(0);
    // Records written meanwhile follow the field's rule of the moment, as ever.
    expect(await hits(t, 'eater')).toBe(120);
  });

  it('runs as a background job, and the field shows it done; deleting the field takes its words out', async () => {
    const id = await seed(w, 90);
    expect(await hits(w, 'durian')).toBe(0);
    await w.admin.request('PATCH', `/api/v1/custom-fields/${id}`, { searchable: true });
    await expect
      .poll(
        async () => (await w.admin.request('GET', '/api/v1/custom-fields?objectType=contact')).body.data[0].searchIndex,
        { timeout: 25_000 }, // a job poll on a busy machine
      )
      .toEqual({ state: 'done', done: 90, total: 90 });
    expect(await hits(w, 'durian')).toBe(90);

    // Deleting the field deletes its data: search no longer finds its words either.
    expect((await w.admin.request('DELETE', `/api/v1/custom-fields/${id}`)).status).toBe(204);
    await expect.poll(() => hits(w, 'durian'), { timeout: 25_000 }).toBe(0);
    expect(await hits(w, 'eater')).toBe(90);
  });
});
