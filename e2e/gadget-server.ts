// The real server with one more object, the test-only gadget (server/src/test/test-objects.ts),
// whose hook refuses to let a gadget be won without a quantity: for browser tests of what the
// server refuses. Otherwise it starts as main.ts does (PORT, HOST, KITH_DATA_DIR; embedded database).
import { buildApp, webDistDir } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openEmbeddedDb } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { ensureBuiltinRoles } from '../server/src/platform/auth/auth.service.ts';
import { startJobs } from '../server/src/platform/jobs.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';
import { tableSpec } from '../server/src/platform/registry/schema.ts';
import { applyTableSpec } from '../server/src/platform/registry/schema-diff.ts';
import { gadgetObject } from '../server/src/test/test-objects.ts';

const config = loadConfig();
const db = await openEmbeddedDb(config.dataDir);
await migrate(db);
const objects = [...builtinObjects, gadgetObject];
await ensureBuiltinRoles(db, objects);
const registry = new Registry(objects);
await registry.load(db);
const gadget = registry.get(gadgetObject.name);
if (gadget)
  await applyTableSpec(
    db,
    tableSpec(gadget, (o) => registry.get(o)?.table),
  );
const jobs = await startJobs(db, { runWorkers: true });
const app = await buildApp({
  db,
  registry,
  jobs,
  logger: false,
  settings: { dataDir: config.dataDir, publicUrl: config.publicUrl, mailFrom: config.mailFrom },
  webDist: webDistDir,
});
await app.listen({ port: config.port, host: config.host });

process.on('SIGTERM', () => {
  void (async () => {
    await app.close();
    await jobs.stop();
    await db.close();
    process.exit(0);
  })();
});
