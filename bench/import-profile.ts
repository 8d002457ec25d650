// The import job alone, without the server: a fresh (or reused) database with the bench's data, a
// CSV like the bench's import scenario, and runImport driven directly, timed from start to done
// (its status written; the ANALYZE after it is timed apart), with the CPU time of this process
// and of the PostgreSQL backends (a busy machine skews the wall clock far more). For iterating on
// the import's speed and profiling it:
//
//   node scripts/run.mjs bench/import-profile.ts [--embedded] [--rows 100000] [--contacts 50000]
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/import-profile.ts --embedded
//   node --liftoff-only --max-semi-space-size=16 --import tsx …   as the server runs (decision 008)
//   … --count-sql   the statements of the import grouped by their text, with count and time
//   … --explain     EXPLAIN (ANALYZE, BUFFERS, WAL) of one batch's writes and duplicate look-up
//
// PostgreSQL: its own database kith_import_profile (made from scratch, never another); embedded:
// under /tmp. Rows from earlier runs are deleted first and the table vacuumed, as the bench does.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { type Db, openEmbeddedDb, openServerDb } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import type { Sql } from '../server/src/db/sql.ts';
import { importPath, importTuning, runImport } from '../server/src/modules/imports/imports.service.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { ensureBuiltinRoles } from '../server/src/platform/auth/auth.service.ts';
import type { Jobs } from '../server/src/platform/jobs.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';
import { ensureUsers, existingSizes, generate } from './generate.ts';

const { values: args } = parseArgs({
  options: {
    embedded: { type: 'boolean', default: false },
    rows: { type: 'string', default: '100000' },
    contacts: { type: 'string' },
    'count-sql': { type: 'boolean', default: false },
    /** EXPLAIN (ANALYZE) the writes of one batch in the middle (in a savepoint, rolled back). */
    explain: { type: 'boolean', default: false },
    /** Rows per batch (importTuning.batchSize). */
    batch: { type: 'string' },
    /** Session settings to try, such as --set wal_init_zero=off (repeatable). */
    set: { type: 'string', multiple: true, default: [] },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const rows = Number(args.rows);
const contacts = Number(args.contacts ?? (args.embedded ? 20_000 : 50_000));
const sizes = { contacts, companies: Math.round(contacts / 5) };
const log = (m: string) => console.log(`[import-profile] ${m}`);

async function openDb(): Promise<Db> {
  if (args.embedded) {
    const dir = join(tmpdir(), `kith-import-profile-${contacts}`);
    mkdirSync(dir, { recursive: true });
    return openEmbeddedDb(dir);
  }
  const name = 'kith_import_profile';
  const admin = new pg.Client({ connectionString: args['pg-url'] });
  await admin.connect();
  const { rows: found } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!found.length) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(args['pg-url']);
  u.pathname = `/${name}`;
  return openServerDb(u.toString(), { max: 4 });
}

/** Wraps a database so that every statement is counted and timed by its text. */
function counting(db: Db, stats: Map<string, { n: number; ms: number }>): Db {
  const take = (text: string, ms: number) => {
    const key = text.replace(/\s+/g, ' ').slice(0, 160);
    const s = stats.get(key) ?? { n: 0, ms: 0 };
    s.n++;
    s.ms += ms;
    stats.set(key, s);
  };
  const wrap = <D extends Db | Parameters<Parameters<Db['transaction']>[0]>[0]>(d: D): D =>
    ({
      ...d,
      async query(q: Sql) {
        const { text, values } = q.toQuery();
        if (
          args.explain &&
          /^\s*(INSERT INTO ("contacts"|audit_log)|SELECT t\."id")/.test(text) &&
          ++explained > 150 &&
          explained <= 153
        ) {
          await d.queryText('SAVEPOINT explain');
          const plan = await d.queryText<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${text}`, values);
          await d.queryText('ROLLBACK TO SAVEPOINT explain');
          log(plan.map((r) => r['QUERY PLAN']).join('\n'));
        }
        const t = performance.now();
        if (text.startsWith('UPDATE imports SET status = $1')) doneAt = t;
        try {
          return await d.query(q);
        } finally {
          take(q.toQuery().text, performance.now() - t);
        }
      },
      async queryText(text: string, values?: unknown[]) {
        const t = performance.now();
        try {
          return await d.queryText(text, values);
        } finally {
          take(text, performance.now() - t);
        }
      },
      transaction: (fn: Parameters<Db['transaction']>[0]) => d.transaction((tx) => fn(wrap(tx))),
    }) as D;
  return wrap(db);
}

let explained = 0;
/** When the import wrote its end (status done): the bench's clock stops there, before the ANALYZE. */
let doneAt = 0;
/** CPU seconds (user + system) of this database's server processes, by pid (PostgreSQL on this machine). */
async function backendCpu(db: Db): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (db.kind !== 'server') return out;
  const pids = await db.queryText<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {}
  }
  return out;
}

const noJobs: Jobs = { send: async () => null, work: async () => {}, stop: async () => {} };

async function main() {
  let db = await openDb();
  await migrate(db);
  await ensureBuiltinRoles(db, builtinObjects);
  // Rows of earlier runs go first, with their audit entries and events (so that runs compare): the
  // generated database is reused only when its counts are the generator's own.
  const [gone] = await db.queryText<{ n: number }>(
    `WITH d AS (DELETE FROM contacts WHERE email LIKE '%@import.example' RETURNING id),
       a AS (DELETE FROM audit_log WHERE object_type = 'contact' AND record_id IN (SELECT id FROM d)),
       e AS (DELETE FROM events WHERE object_type = 'contact' AND record_id IN (SELECT id FROM d))
     SELECT count(*)::int AS n FROM d`,
  );
  if (!(await existingSizes(db).catch(() => null))) {
    log(`generating ${contacts} contacts…`);
    await generate(db, sizes, log);
  }
  const { adminId } = await ensureUsers(db);
  await db.exec('DELETE FROM import_errors; DELETE FROM imports');
  for (const t of ['contacts', 'audit_log', 'events']) await db.exec(`VACUUM ANALYZE ${t}`);
  log(`removed ${gone.n} contacts of earlier runs`);
  const registry = new Registry(builtinObjects);
  await registry.load(db);

  const dataDir = join(tmpdir(), 'kith-import-profile-files');
  mkdirSync(join(dataDir, 'imports'), { recursive: true });
  const headers = ['First name', 'Last name', 'Email', 'Phone', 'Job title', 'Lifecycle stage', 'City', 'Country'];
  const lines = [headers.join(',')];
  for (let i = 0; i < rows; i++)
    lines.push(
      `Imported,Person ${i},imp.${process.pid}.${i}@import.example,+49 30 ${String(1_000_000 + i)},Buyer,lead,Berlin,Germany`,
    );
  const id = uuidv7();
  const settings = { dataDir };
  writeFileSync(importPath(settings, id), `${lines.join('\n')}\n`);
  const mapping = {
    'First name': 'firstName',
    'Last name': 'lastName',
    Email: 'email',
    Phone: 'phone',
    'Job title': 'jobTitle',
    'Lifecycle stage': 'lifecycleStage',
    City: 'city',
    Country: 'country',
  };
  await db.queryText(
    `INSERT INTO imports (id, object_type, file_name, file_size, encoding, delimiter, headers, row_count_estimate, status,
       mapping, duplicate_mode, create_missing, options, created_by, created_at, updated_at)
     VALUES ($1, 'contact', 'profile.csv', 0, 'utf-8', ',', $2::jsonb, $3, 'queued', $4::jsonb, 'skip', false, '{}'::jsonb, $5, now(), now())`,
    [id, JSON.stringify(headers), rows, JSON.stringify(mapping), adminId],
  );

  if (args.batch) importTuning.batchSize = Number(args.batch);
  for (const kv of args.set) {
    const [k, v] = kv.split('=');
    await db.exec(`SET ${k} = '${v}'`);
  }
  const stats = new Map<string, { n: number; ms: number }>();
  db = counting(db, stats);
  const deps = { db, registry, jobs: noJobs, settings, now: () => new Date(), log: pino({ level: 'warn' }) };
  const cpu0 = process.cpuUsage();
  const server0 = await backendCpu(db);
  const t0 = performance.now();
  await runImport(deps, id);
  const cpu = process.cpuUsage(cpu0);
  const server1 = await backendCpu(db);
  let serverCpu = 0;
  for (const [pid, s1] of server1) serverCpu += s1 - (server0.get(pid) ?? 0);
  const seconds = (doneAt - t0) / 1000;
  const withAnalyze = (performance.now() - t0) / 1000;
  const [state] = await db.queryText<Record<string, unknown>>(
    'SELECT status, error, processed_rows, created_count, skipped_count, failed_count FROM imports WHERE id = $1',
    [id],
  );
  log(`${JSON.stringify(state)}`);
  log(
    `import (${args.embedded ? 'PGlite' : 'PostgreSQL'}, ${contacts} contacts): ${rows} rows in ${seconds.toFixed(2)} s = ${(rows / seconds).toFixed(0)} rows/s to done (${withAnalyze.toFixed(2)} s with the ANALYZE after it)`,
  );
  log(
    `CPU: this process ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})${db.kind === 'server' ? `, PostgreSQL backends ${serverCpu.toFixed(2)} s` : ''}; load ${loadavg()[0].toFixed(1)}`,
  );
  if (args['count-sql']) {
    const top = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
    for (const [text, s] of top) log(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(6)}× ${text}`);
  }
  await db.close();
}

await main();
