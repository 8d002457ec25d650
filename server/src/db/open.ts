// Opens the configured database, applies migrations and loads the registry.
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { builtinObjects } from '../modules/index.ts';
import { ensureBuiltinRoles } from '../platform/auth/auth.service.ts';
import { ensureRecordCounts } from '../platform/records/record-counts.ts';
import { Registry } from '../platform/registry/registry.ts';
import { type Db, openEmbeddedDb, openServerDb } from './database.ts';
import { migrate } from './migrate.ts';

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log: Logger,
): Promise<{ db: Db; registry: Registry }> {
  const db = config.databaseUrl ? await openServerDb(config.databaseUrl) : await openEmbeddedDb(config.dataDir);
  await migrate(db, (m) => log.info(m));
  await ensureBuiltinRoles(db, builtinObjects);
  const registry = new Registry(builtinObjects);
  await registry.load(db);
  // The kept counts' triggers follow the entries (a no-op unless an entry's counted fields changed).
  const counted = await ensureRecordCounts(db, registry);
  if (counted.length) log.info(`counted again for boards and aggregates: ${counted.join(', ')}`);
  return { db, registry };
}
