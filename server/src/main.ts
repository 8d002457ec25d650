// Reads config, opens the database, migrates, builds the app and listens; shuts down gracefully.
import { buildApp, webDistDir } from './app.ts';
import { loadConfig } from './config.ts';
import { startMaintenance } from './db/maintenance.ts';
import { openDatabase } from './db/open.ts';
import { bootstrapAdmin } from './platform/auth/bootstrap.ts';
import { startJobs } from './platform/jobs.ts';
import { createLogger } from './platform/log.ts';
import { runsJobs } from './platform/process-role.ts';
import { seedDemoData } from './seed/demo-data.ts';

const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
})();
const log = createLogger(config.logLevel);

const { db, registry } = await openDatabase(config, log);
const jobs = await startJobs(db, {
  runWorkers: runsJobs(config.role),
  databaseUrl: config.databaseUrl,
  onError: (err) => log.error({ err }, 'job queue error'),
});
await bootstrapAdmin(db, config, log);
if (db.kind === 'embedded' && config.role !== 'all') {
  log.warn(
    `KITH_ROLE=${config.role} on the embedded database: no other process can share it, so this one alone will ${config.role === 'web' ? 'never run background jobs' : 'serve only health and metrics'}`,
  );
}
// PGlite has no autovacuum: the process that runs jobs keeps its statistics fresh (no-op on a server).
const maintenance = runsJobs(config.role)
  ? startMaintenance(db, {
      onError: (err) => log.warn({ err }, 'database maintenance failed'),
      onDone: (done) => log.debug({ tables: done.map((d) => d.table) }, 'database maintenance: analysed'),
    })
  : null;

const app = await buildApp({
  db,
  registry,
  jobs,
  logger: log,
  seedDemo: async (adminId) => {
    await seedDemoData(db, { adminId, registry });
  },
  settings: {
    dataDir: config.dataDir,
    publicUrl: config.publicUrl,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    files: config.files,
  },
  secureCookies: config.secureCookies,
  trustedProxies: config.trustedProxies,
  metricsToken: config.metricsToken,
  webDist: config.role === 'worker' ? undefined : webDistDir,
  databaseUrl: config.databaseUrl,
  role: config.role,
});
await app.listen({ port: config.port, host: config.host });
log.info(
  `Kith is ready at ${config.publicUrl} (database: ${db.kind === 'embedded' ? `embedded, ${config.dataDir}` : 'PostgreSQL server'})`,
);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: finishing requests in flight, then stopping`);
  const force = setTimeout(() => process.exit(1), 20_000);
  force.unref();
  try {
    await app.close(); // stops accepting, waits for requests in flight
    await jobs.stop(); // lets jobs in flight finish
    await maintenance?.stop();
    await db.close();
  } catch (err) {
    log.error({ err }, 'error while stopping');
  }
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
