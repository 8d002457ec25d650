// With TEST_DATABASE_URL: migrate one template database once; every test file then gets its own
// copy (CREATE DATABASE … TEMPLATE), which takes a fraction of a second.
import pg from 'pg';
import { openServerDb } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureBuiltinRoles } from '../platform/auth/auth.service.ts';

export const templateName = 'kith_test_template';

export function serverUrl(database: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL as string);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function setup() {
  if (!process.env.TEST_DATABASE_URL) return;
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
  await db.close();
}

export async function teardown() {
  if (!process.env.TEST_DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
  await admin.end();
}
