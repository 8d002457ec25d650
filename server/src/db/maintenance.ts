// Upkeep for the embedded database. PGlite runs no autovacuum, so tables that grow through the app
// would never be analysed and the planner would keep believing they are empty (a seq scan and a
// sort where an index scan belongs). This does what autovacuum would, with its default thresholds.
// PostgreSQL servers have autovacuum and need none of it.
import type { Db, Queryable } from './database.ts';
import { sql } from './sql.ts';

// autovacuum's defaults (postgresql.conf): *_threshold + *_scale_factor × reltuples.
const analyzeBase = 50;
const analyzeScale = 0.1;
const vacuumBase = 50;
const vacuumScale = 0.2;
const insertBase = 1000;
const insertScale = 0.2;

export interface TableDue {
  schema: string;
  table: string;
  /** VACUUM (ANALYZE): dead rows, or many inserts since the last vacuum (visibility map). */
  vacuum: boolean;
  /** ANALYZE: rows changed since the last analyse. */
  analyze: boolean;
}

/** Tables whose changes crossed autovacuum's thresholds, read from pg_stat_user_tables. */
export async function tablesDue(db: Queryable): Promise<TableDue[]> {
  // Statistics reach pg_stat_* at most once a second per backend; have the next report flush now.
  await db.query(sql`SELECT pg_stat_force_next_flush()`);
  const rows = await db.query<{ schema: string; table: string; vacuum: boolean; analyze: boolean }>(sql`
    SELECT s.schemaname AS schema, s.relname AS "table",
           (s.n_dead_tup > ${vacuumBase} + ${vacuumScale} * greatest(c.reltuples, 0)
             OR s.n_ins_since_vacuum > ${insertBase} + ${insertScale} * greatest(c.reltuples, 0)) AS vacuum,
           (s.n_mod_since_analyze > ${analyzeBase} + ${analyzeScale} * greatest(c.reltuples, 0)
             -- PGlite forgets these counters when the database is reopened; the catalog keeps the
             -- size the planner last saw, so growth before a restart is caught here.
             OR (c.reltuples < 0 AND pg_relation_size(c.oid) > 0)
             OR pg_relation_size(c.oid) / current_setting('block_size')::int > c.relpages * 1.2 + 8) AS analyze
    FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
    ORDER BY s.schemaname, s.relname`);
  return rows.filter((r) => r.vacuum || r.analyze);
}

const qualified = (schema: string, table: string) => sql`${sql.ident(schema)}.${sql.ident(table)}`;

/** Bulk changes under way, per database (imports): maintenance passes wait until they are over. */
const bulkChanges = new WeakMap<Queryable, number>();

/**
 * Holds off maintenance passes on this database until the returned function is called: a bulk
 * change (an import) writes batch after batch, and on the embedded database a VACUUM between them
 * would hold its one connection while the change still runs. The change analyses what it wrote
 * when it is done (analyzeAfterBulkChange); the next pass after it catches the rest.
 */
export function holdMaintenance(db: Queryable): () => void {
  bulkChanges.set(db, (bulkChanges.get(db) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = (bulkChanges.get(db) ?? 1) - 1;
    if (n > 0) bulkChanges.set(db, n);
    else bulkChanges.delete(db);
  };
}

/** Whether a bulk change holds off maintenance on this database. */
export const maintenanceHeld = (db: Queryable) => (bulkChanges.get(db) ?? 0) > 0;

/**
 * One pass: VACUUM (ANALYZE) or ANALYZE each table that is due, none while a bulk change holds
 * maintenance off. Returns what it did.
 */
export async function maintainTables(db: Queryable): Promise<TableDue[]> {
  const done: TableDue[] = [];
  if (maintenanceHeld(db)) return done;
  for (const t of await tablesDue(db)) {
    if (maintenanceHeld(db)) break; // an import started meanwhile: it goes first
    // VACUUM cannot run in a transaction: db must be the database itself, not a Tx.
    await db.query(
      t.vacuum ? sql`VACUUM (ANALYZE) ${qualified(t.schema, t.table)}` : sql`ANALYZE ${qualified(t.schema, t.table)}`,
    );
    done.push(t);
  }
  return done;
}

/**
 * After an import or another bulk change: analyse these tables now, so the next list query is
 * planned on the new row counts rather than on the old ones (on PostgreSQL autovacuum would get
 * there, but only after its next nap). Cheap: ANALYZE samples at most 30,000 rows per table.
 * Safe inside a transaction. Table names are plain identifiers (public schema).
 */
export async function analyzeAfterBulkChange(db: Queryable, tables: string[]): Promise<void> {
  for (const table of new Set(tables)) {
    await db.query(sql`ANALYZE ${sql.ident(table)}`);
    await cleanGinPendingLists(db, table);
  }
}

/**
 * Rows inserted since the last vacuum wait in a GIN index's pending list, which the planner counts
 * as index cost: after an import, a full-text check with LIMIT 1 was planned as a sequential scan
 * of the whole table (found by the bench). Moving them into the index now keeps it an index scan.
 */
async function cleanGinPendingLists(db: Queryable, table: string): Promise<void> {
  await db.query(sql`
    SELECT gin_clean_pending_list(i.indexrelid)
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    WHERE i.indrelid = to_regclass(${table}) AND am.amname = 'gin'`);
}

export interface Maintenance {
  /** Runs one pass now (tests, or after start-up). */
  runOnce(): Promise<TableDue[]>;
  stop(): Promise<void>;
}

/**
 * The embedded database's own autovacuum: a pass every `intervalMs` (a minute by default). On a
 * PostgreSQL server this does nothing and returns at once.
 */
export function startMaintenance(
  db: Db,
  opts: { intervalMs?: number; onError?: (err: Error) => void; onDone?: (done: TableDue[]) => void } = {},
): Maintenance {
  let running: Promise<TableDue[]> | null = null;
  const runOnce = () => {
    running ??= maintainTables(db).finally(() => {
      running = null;
    });
    return running;
  };
  if (db.kind !== 'embedded') return { runOnce: async () => [], stop: async () => {} };
  const timer = setInterval(() => {
    runOnce().then(
      (done) => {
        if (done.length) opts.onDone?.(done);
      },
      (err: Error) => opts.onError?.(err),
    );
  }, opts.intervalMs ?? 60_000);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
