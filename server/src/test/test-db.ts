// A fresh, migrated database for one test file: a copy of the template on PostgreSQL when
// TEST_DATABASE_URL is set, else embedded PGlite in memory (restored from a migrated snapshot).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Db, openEmbeddedDb, openServerDb } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { builtinObjects } from '../modules/index.ts';
import { ensureBuiltinRoles } from '../platform/auth/auth.service.ts';
import { ensureRecordCounts } from '../platform/records/record-counts.ts';
import type { ObjectDef } from '../platform/registry/define-object.ts';
import { Registry } from '../platform/registry/registry.ts';
import { tableSpec } from '../platform/registry/schema.ts';
import { applyTableSpec } from '../platform/registry/schema-diff.ts';
import { databasePrefix, serverUrl, templateName } from './global-setup.ts';

export interface TestDb {
  db: Db;
  registry: Registry;
  url?: string;
  close(): Promise<void>;
}

/**
 * `objects`: entries beyond the built-in ones (test-only objects); their tables are made with the
 * registry's schema generator, as a custom object's would be, and the built-in roles get their access.
 */
export async function createTestDb(opts: { objects?: ObjectDef[] } = {}): Promise<TestDb> {
  let db: Db;
  let url: string | undefined;
  let drop = async () => {};
  if (process.env.TEST_DATABASE_URL) {
    const name = `${databasePrefix}${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateName}`);
    await admin.end();
    url = serverUrl(name);
    db = await openServerDb(url, { max: 5 });
    drop = async () => {
      const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    };
  } else {
    const template = inject('pgliteTemplate');
    db = await openEmbeddedDb(undefined, template ? { loadDataDir: new Blob([readFileSync(template)]) } : {});
    await migrate(db); // a no-op on the template; applies any migration newer than it
    await ensureBuiltinRoles(db, builtinObjects);
  }
  const extra = opts.objects ?? [];
  const registry = new Registry([...builtinObjects, ...extra]);
  await registry.load(db);
  if (extra.length) {
    const tableOf = (o: string) => registry.get(o)?.table;
    for (const def of extra) {
      const obj = registry.get(def.name);
      if (obj) await applyTableSpec(db, tableSpec(obj, tableOf));
    }
    await ensureBuiltinRoles(db, [...builtinObjects, ...extra]);
  }
  await ensureRecordCounts(db, registry); // the template has the built-ins'; test objects need theirs
  return {
    db,
    registry,
    url,
    async close() {
      await db.close();
      await drop();
    },
  };
}
