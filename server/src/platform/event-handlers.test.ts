// Modules' event handlers: every record written reaches them once, in commit order, whatever the
// path (the API, a bulk update, an import); a handler that fails stops and tries the same event
// again; a transaction that commits late is not overtaken by one that committed first.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { importCsv } from '../modules/imports/imports.test-helpers.ts';
import { createTestApp, type TestApp } from '../test/factories.ts';
import { gadgetObject } from '../test/test-objects.ts';
import { checkHandlers, retryPauseMs, type StoredEvent } from './event-handlers.ts';
import type { KithModule } from './module.ts';

let t: TestApp;
const seen: StoredEvent[] = [];
const allSeen: StoredEvent[] = [];
/** The name of a gadget whose event fails once. */
let failOnce: string | null = null;

// A module with two handlers: one for created gadgets (it also writes in the handler's transaction,
// to show that the write and the advance commit together), one for every gadget event.
const watcher: KithModule = {
  name: 'watcher',
  events: [
    {
      name: 'watcher.gadgetsCreated',
      on: ['gadget.created'],
      async handle(ctx, e) {
        if (failOnce && e.payload.title === failOnce) {
          failOnce = null;
          throw new Error('the handler is down');
        }
        seen.push(e);
        await ctx.db.query(sql`INSERT INTO watcher_log (record_id) VALUES (${e.recordId}::uuid)`);
      },
    },
    {
      name: 'watcher.allGadgetEvents',
      on: ['gadget.*'],
      async handle(_ctx, e) {
        allSeen.push(e);
      },
    },
  ],
};

beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject], modules: [watcher], workers: true });
  await t.db.exec('CREATE TABLE watcher_log (record_id uuid NOT NULL)');
}, 60_000);
afterAll(() => t?.close());
beforeEach(async () => {
  await t.app.eventHandlers?.drain();
  seen.length = 0;
  allSeen.length = 0;
});

const drain = () => t.app.eventHandlers?.drain();
/**
 * Drains until `check` holds. An event is handed out only once every transaction older than it
 * has ended — in the whole cluster, so other test files' transactions on the same server can
 * hold it back for a moment.
 */
const drainUntil = (check: () => boolean | Promise<boolean>) =>
  expect
    .poll(
      async () => {
        await drain();
        return check();
      },
      { timeout: 30_000, interval: 50 },
    )
    .toBe(true);
const seenOf = (ids: string[]) => seen.filter((e) => ids.includes(e.recordId ?? '')).map((e) => e.recordId);
const create = async (name: string) => {
  const r = await t.admin.request('POST', '/api/v1/gadgets', { name, stage: 'draft' });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
};

describe('event handlers', () => {
  it('receive each created record once, in order, with what the event says', async () => {
    const ids = [await create('First'), await create('Second'), await create('Third')];
    await drainUntil(() => seenOf(ids).length >= 3);
    await drain(); // nothing twice
    expect(seenOf(ids)).toEqual(ids);
    expect(seen.find((e) => e.recordId === ids[0])).toMatchObject({ type: 'gadget.created', objectType: 'gadget' });
    const logged = await t.db.query<{ record_id: string }>(sql`SELECT record_id FROM watcher_log`);
    expect(logged.map((r) => r.record_id)).toEqual(expect.arrayContaining(ids));
  });

  it('see imported records one by one, as a workflow on "created" must', async () => {
    const csv = 'name,stage\nImported one,draft\nImported two,draft\nImported three,lost\n';
    const { result } = await importCsv(t.admin, 'gadget', csv);
    expect(result.status, JSON.stringify(result)).toBe('done');
    await drainUntil(() => seen.length >= 3);
    const names = await Promise.all(
      seen.map(async (e) => (await t.admin.request('GET', `/api/v1/gadgets/${e.recordId}`)).body.name),
    );
    expect(names.sort()).toEqual(['Imported one', 'Imported three', 'Imported two']);
  });

  it('take patterns: a handler of gadget.* sees updates and deletes too', async () => {
    const id = await create('Patterned');
    expect((await t.admin.request('PATCH', `/api/v1/gadgets/${id}`, { stage: 'lost' })).status).toBe(200);
    expect((await t.admin.request('DELETE', `/api/v1/gadgets/${id}`)).status).toBe(204);
    const mine = () => allSeen.filter((e) => e.recordId === id).map((e) => e.type);
    await drainUntil(() => mine().length >= 3);
    expect(mine()).toEqual(['gadget.created', 'gadget.updated', 'gadget.deleted']);
  });

  it('stop at an event that fails, keep its error, and handle it again after a pause', async () => {
    failOnce = 'Fails once';
    const [a, b] = [await create('Fails once'), await create('After it')];
    const state = async () =>
      (
        await t.db.query<{ attempts: number; last_error: string; retry_at: Date }>(
          sql`SELECT attempts, last_error, retry_at FROM event_handlers WHERE name = 'watcher.gadgetsCreated'`,
        )
      )[0];
    await drainUntil(async () => (await state()).attempts === 1);
    expect(seenOf([a, b])).toEqual([]); // nothing overtook the failed event
    expect(await state()).toMatchObject({ attempts: 1, last_error: 'the handler is down' });
    expect((await state()).retry_at.getTime()).toBeGreaterThan(Date.now());
    // Its row in watcher_log went with the failed transaction: nothing half-done.
    expect(await t.db.query(sql`SELECT 1 FROM watcher_log WHERE record_id = ${a}::uuid`)).toEqual([]);
    await t.db.query(sql`UPDATE event_handlers SET retry_at = now() WHERE name = 'watcher.gadgetsCreated'`);
    await drainUntil(() => seenOf([a, b]).length >= 2);
    expect(seenOf([a, b])).toEqual([a, b]);
    const [after] = await t.db.query<{ attempts: number; last_error: string | null }>(
      sql`SELECT attempts, last_error FROM event_handlers WHERE name = 'watcher.gadgetsCreated'`,
    );
    expect(after).toEqual({ attempts: 0, last_error: null });
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    'wait for a transaction that wrote an event first and commits last (PostgreSQL: two connections)',
    async () => {
      // A transaction holds an event open; another creates a gadget and commits.
      let release = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      let slowId = '';
      const slow = t.db.transaction(async (tx) => {
        slowId = '01900000-0000-7000-8000-00000000aaaa';
        await tx.query(sql`INSERT INTO events (id, type, object_type, record_id)
          VALUES (${slowId}::uuid, 'gadget.created', 'gadget', ${slowId}::uuid)`);
        await held;
      });
      await new Promise((r) => setTimeout(r, 50)); // the slow transaction has its xid
      const fast = await create('Committed first');
      await drain();
      expect(seenOf([slowId, fast])).toEqual([]); // the open transaction's event could still come before it
      release();
      await slow;
      // Handed out after the fast one, the slow event (an older xid, a smaller id) would be skipped.
      await drainUntil(() => seenOf([slowId, fast]).length >= 2);
      expect(seenOf([slowId, fast])).toEqual([slowId, fast]);
    },
  );

  it('are checked at start-up: names unique, types well formed', () => {
    const h = { handle: async () => {} };
    expect(() =>
      checkHandlers([
        { name: 'a', on: ['x.created'], ...h },
        { name: 'a', on: ['*'], ...h },
      ]),
    ).toThrow('two event handlers are named a');
    expect(() => checkHandlers([{ name: 'b', on: ['contact created'], ...h }])).toThrow('is not an event type');
    expect(() => checkHandlers([{ name: 'c', on: [], ...h }])).toThrow('handles no event type');
    expect([1, 2, 3, 20].map(retryPauseMs)).toEqual([1000, 2000, 4000, 300_000]);
  });
});
