// The one database: embedded PGlite under the data directory, or a PostgreSQL server.
// Both are reached through the same small interface, so every query runs unchanged on either.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import pg from 'pg';
import type { Sql } from './sql.ts';

export interface Queryable {
  /** Runs one statement, returns its rows. */
  query<T = Record<string, unknown>>(q: Sql): Promise<T[]>;
  /** Runs trusted SQL text that may hold several statements (migrations). */
  exec(text: string): Promise<void>;
  /** Runs SQL text with $n parameters as given (adapters such as pg-boss's). */
  queryText<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
}

export interface Tx extends Queryable {
  /** Already in a transaction: runs fn in it. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface Db extends Tx {
  readonly kind: 'embedded' | 'server';
  close(): Promise<void>;
  /** For pg-boss: its adapter over the same database. */
  readonly raw: PGlite | pg.Pool;
}

// bigint (int8) and numeric as JS numbers: counts and money minor units stay far below 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));

function nestedTx(q: Queryable): Tx {
  const tx: Tx = { query: q.query, exec: q.exec, queryText: q.queryText, transaction: (fn) => fn(tx) };
  return tx;
}

export async function openServerDb(url: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  pool.on('error', () => {}); // an idle client's error surfaces again on its next use
  const viaClient = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(q: Sql) {
      return (await c.query(q.toQuery())).rows as T[];
    },
    async exec(text: string) {
      await c.query(text);
    },
    async queryText<T>(text: string, values?: unknown[]) {
      return (await c.query({ text, values })).rows as T[];
    },
  });
  const base = viaClient(pool);
  return {
    kind: 'server',
    raw: pool,
    ...base,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(nestedTx(viaClient(client)));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Settings of the embedded database, beyond PGlite's own. Its shared memory lives in the
 * process's WebAssembly memory, is all touched at start (resident before the first query), and
 * that memory never shrinks. initdb gives shared_buffers 128 MB; 64 MB took 65 MB off the
 * resident memory of a started server and made neither reads nor an import of 100,000 rows
 * measurably slower on the bench's 100,000 contacts: a page that is not in shared buffers is read
 * from the data files, which the operating system caches (decision 008).
 */
export const embeddedSettings = ['shared_buffers=64MB'];

/**
 * Embedded PostgreSQL. One connection in this process; a lock file keeps a second process off
 * the same directory (PGlite has no lock of its own). `dataDir` undefined = in memory (tests).
 */
export async function openEmbeddedDb(
  dataDir?: string,
  opts: { loadDataDir?: Blob; lockWaitMs?: number } = {},
): Promise<Db> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    await waitForLockHolder(join(dataDir, 'kith.lock'), opts.lockWaitMs ?? 15_000);
    release = takeLock(join(dataDir, 'kith.lock'));
  }
  const pglite = await PGlite.create({
    dataDir: dataDir ? join(dataDir, 'pgdata') : undefined,
    extensions: { pg_trgm, unaccent },
    parsers: { 20: (v: string) => Number(v), 1700: (v: string) => Number(v) },
    loadDataDir: opts.loadDataDir,
    // PGlite's own start parameters, then ours (startParams replaces them, it does not add to them).
    startParams: [...PGlite.defaultStartParams, ...embeddedSettings.flatMap((s) => ['-c', s])],
  });
  const viaPglite = (c: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(q: Sql) {
      const { text, values } = q.toQuery();
      return (await c.query<T>(text, values)).rows;
    },
    async exec(text: string) {
      await c.exec(text);
    },
    async queryText<T>(text: string, values?: unknown[]) {
      return (await c.query<T>(text, values)).rows;
    },
  });
  const base = viaPglite(pglite);
  return {
    kind: 'embedded',
    raw: pglite,
    ...base,
    // PGlite's transaction() holds its single connection: other queries wait until it ends.
    transaction: (fn) => pglite.transaction((t) => fn(nestedTx(viaPglite(t)))),
    async close() {
      try {
        await pglite.close();
      } finally {
        release();
      }
    },
  };
}

/**
 * A restart right after a stop: the old process may still be finishing its requests and closing
 * the database. Wait for it (up to `ms`) rather than refuse at once; a process that stays is
 * refused by takeLock with its pid.
 */
async function waitForLockHolder(path: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (existsSync(path) && Date.now() < deadline) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (!pid || pid === process.pid || !isAlive(pid)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function takeLock(path: string): () => void {
  if (existsSync(path)) {
    const pid = Number(readFileSync(path, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `The data directory ${path.replace(/\/kith\.lock$/, '')} is in use by another Kith process (pid ${pid}). ` +
          'Stop it first, or point KITH_DATA_DIR elsewhere. To run several processes, use PostgreSQL (DATABASE_URL).',
      );
    }
    rmSync(path, { force: true }); // left by a process that died
  }
  const fd = openSync(path, 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  return () => rmSync(path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
