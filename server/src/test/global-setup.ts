// With TEST_DATABASE_URL: migrate one template database once; every test file then gets its own
// copy (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.

import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Db, openEmbeddedDb, openServerDb } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { builtinObjects } from '../modules/index.ts';
import { ensureBuiltinRoles } from '../platform/auth/auth.service.ts';
import { startJobs } from '../platform/jobs.ts';
import { ensureRecordCounts } from '../platform/records/record-counts.ts';
import { Registry } from '../platform/registry/registry.ts';

// Names carry the runner's pid, so two runs on one server (two terminals, say) never collide.
export const templateName = `kith_test_template_${process.env.KITH_TEST_RUN ?? process.pid}`;
export const databasePrefix = `kith_t_${process.env.KITH_TEST_RUN ?? process.pid}_`;

export function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

/** The built-in entries' kept counts (their triggers), made once in the template. */
async function countBuiltins(db: Db) {
  const registry = new Registry(builtinObjects);
  await registry.load(db);
  await ensureRecordCounts(db, registry);
}

/** Embedded: a migrated PGlite data directory dumped once; each test file loads it (0.3 s, not 2 s). */
async function embeddedTemplate(provide: (key: 'pgliteTemplate', value: string) => void) {
  const db = await openEmbeddedDb();
  await migrate(db, () => {});
  await ensureBuiltinRoles(db, builtinObjects);
  await countBuiltins(db);
  const jobs = await startJobs(db, { runWorkers: false });
  await jobs.stop();
  const dump = await (db.raw as PGlite).dumpDataDir('none');
  const path = join(tmpdir(), `kith-test-template-${process.pid}.tar`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  provide('pgliteTemplate', path);
  return path;
}

let templateFile: string | undefined;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function setup({ provide }: { provide: (key: 'pgliteTemplate', value: string) => void }) {
  if (!process.env.TEST_DATABASE_URL) {
    templateFile = await embeddedTemplate(provide);
    return;
  }
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  // Leftovers of runs that were killed (their runner's pid is gone).
  const old = await admin.query(`SELECT datname FROM pg_database WHERE datname ~ '^kith_(t|test_template)_[0-9]+'`);
  for (const r of old.rows) {
    const pid = Number(/_(\d+)/.exec(r.datname)?.[1]);
    if (!isAlive(pid) || String(pid) === process.env.KITH_TEST_RUN)
      await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  }
  await admin.query(`CREATE DATABASE ${templateName}`);
  await admin.end();
  const db = await openServerDb(serverUrl(templateName), { max: 1 });
  await migrate(db, () => {});
  await ensureBuiltinRoles(db, builtinObjects);
  await countBuiltins(db);
  // pg-boss's schema too, so each copy starts its queue at once.
  const jobs = await startJobs(db, { runWorkers: false, databaseUrl: serverUrl(templateName) });
  await jobs.stop();
  await db.close();
}

export async function teardown() {
  if (templateFile) rmSync(templateFile, { force: true });
  if (!process.env.TEST_DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
  await admin.end();
}
