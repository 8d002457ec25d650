// With TEST_DATABASE_URL: migrate one template database once; every test file then gets its own
// copy (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openEmbeddedDb, openServerDb } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureBuiltinRoles } from '../platform/auth/auth.service.ts';
import { startJobs } from '../platform/jobs.ts';

export const templateName = 'kith_test_template';

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

/** Embedded: a migrated PGlite data directory dumped once; each test file loads it (0.3 s, not 2 s). */
async function embeddedTemplate(provide: (key: 'pgliteTemplate', value: string) => void) {
  const db = await openEmbeddedDb();
  await migrate(db, () => {});
  await ensureBuiltinRoles(db);
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

export async function setup({ provide }: { provide: (key: 'pgliteTemplate', value: string) => void }) {
  if (!process.env.TEST_DATABASE_URL) {
    templateFile = await embeddedTemplate(provide);
    return;
  }
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  // Leftovers of runs that were killed.
  const old = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'kith_t_%' OR datname = '${templateName}'`);
  for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${templateName}`);
  await admin.end();
  const db = await openServerDb(serverUrl(templateName), { max: 1 });
  await migrate(db, () => {});
  await ensureBuiltinRoles(db);
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
