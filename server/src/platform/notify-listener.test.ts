// The listeners of a process share one connection on PostgreSQL; a dropped connection is made
// again, every listener hears of the gap, and notifications flow again afterwards.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { createTestDb, type TestDb } from '../test/test-db.ts';
import { listen } from './notify-listener.ts';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const notify = (channel: string, payload: string) => t.db.query(sql`SELECT pg_notify(${channel}, ${payload})`);

describe('notification listeners', () => {
  it('hear their own channel only', async () => {
    const heard: string[] = [];
    const a = await listen({ db: t.db, databaseUrl: t.url, channel: 'test_a', onPayload: (p) => heard.push(`a:${p}`) });
    const b = await listen({ db: t.db, databaseUrl: t.url, channel: 'test_b', onPayload: (p) => heard.push(`b:${p}`) });
    await notify('test_a', '1');
    await notify('test_b', '2');
    await notify('test_c', '3');
    await expect.poll(() => heard.sort()).toEqual(['a:1', 'b:2']);
    await a.stop();
    await notify('test_a', '4');
    await notify('test_b', '5');
    await expect.poll(() => heard.length).toBe(3);
    expect(heard).toContain('b:5');
    await b.stop();
  });

  it.runIf(process.env.TEST_DATABASE_URL)('share one connection, made again when it drops', async () => {
    const name = `kith-listen-${process.pid}-${Date.now()}`;
    const url = new URL(t.url as string);
    url.searchParams.set('application_name', name);
    const connections = async () => {
      const admin = new pg.Client({ connectionString: t.url });
      await admin.connect();
      try {
        const r = await admin.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [name]);
        return r.rows.map((row) => row.pid as number);
      } finally {
        await admin.end();
      }
    };
    const heard: string[] = [];
    const gaps: string[] = [];
    const on = (channel: string) =>
      listen({
        db: t.db,
        databaseUrl: url.toString(),
        channel,
        onPayload: (p) => heard.push(`${channel}:${p}`),
        onGap: () => gaps.push(channel),
      });
    const first = await on('test_x');
    const second = await on('test_y');
    expect(await connections()).toHaveLength(1);

    const [pid] = await connections();
    await t.db.query(sql`SELECT pg_terminate_backend(${pid}::int)`);
    await expect.poll(() => gaps.sort()).toEqual(['test_x', 'test_y']);
    await expect.poll(() => first.connected && second.connected, { timeout: 15_000 }).toBe(true);
    expect(await connections()).toHaveLength(1);
    await notify('test_x', 'again');
    await notify('test_y', 'again');
    await expect.poll(() => heard.sort()).toEqual(['test_x:again', 'test_y:again']);

    await first.stop();
    await second.stop();
    await expect.poll(connections).toEqual([]);
  });
});
