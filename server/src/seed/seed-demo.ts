// `npm run seed:demo [-- --force --seed N --companies N --contacts N --notes N --demo-password PW]`
// Fills the configured database (embedded or DATABASE_URL) with a demo company. Refuses a second
// run unless --force, which adds another set with a new seed.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadConfig } from '../config.ts';
import type { Db } from '../db/database.ts';
import { openDatabase } from '../db/open.ts';
import { sql } from '../db/sql.ts';
import { bootstrapAdmin } from '../platform/auth/bootstrap.ts';
import { hasDemoData, seedDemoData } from './demo-data.ts';

const usage = `Usage: npm run seed:demo [-- options]

Fills the database Kith is configured for (KITH_DATA_DIR or DATABASE_URL) with demo data:
200 companies, 1,000 contacts, 2,000 notes and five demo users in two teams, with their
history: calls, logged emails, meetings and tasks over the last 18 months and the next two weeks;
and the sales team's: three pipelines, territories, two years of deals, leads and quotas.

  --force               seed even though demo data is already there (adds another set)
  --seed N              random seed (default 42; a fresh one with --force)
  --companies N         number of companies (default 200)
  --contacts N          number of contacts (default 1000)
  --notes N             number of notes (default 2000)
  --demo-password PW    let the demo users sign in with PW (or set KITH_DEMO_PASSWORD);
                        without it they have no password until an admin invites them
`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values: args } = (() => {
  try {
    return parseArgs({
      options: {
        force: { type: 'boolean', default: false },
        seed: { type: 'string' },
        companies: { type: 'string' },
        contacts: { type: 'string' },
        notes: { type: 'string' },
        'demo-password': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n\n${usage}`);
  }
})();
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const count = (name: string, raw: string | undefined, fallback: number, max = 1_000_000) => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max) fail(`--${name}: must be a whole number from 0 to ${max}`);
  return n;
};
const sizes = {
  seed: count('seed', args.seed, args.force ? Date.now() % 2_147_483_647 : 42, 2_147_483_647),
  companies: count('companies', args.companies, 200),
  contacts: count('contacts', args.contacts, 1000),
  notes: count('notes', args.notes, 2000),
};
const demoPassword = args['demo-password'] ?? process.env.KITH_DEMO_PASSWORD;
if (demoPassword !== undefined && demoPassword.length < 10) fail('--demo-password: must be at least 10 characters');

const config = (() => {
  try {
    return loadConfig();
  } catch (err) {
    fail((err as Error).message);
  }
})();
const log = pino({ level: 'warn' });

let opened: Awaited<ReturnType<typeof openDatabase>>;
try {
  opened = await openDatabase(config, log);
} catch (err) {
  const message = (err as Error).message;
  if (message.includes('in use by another Kith process')) {
    fail(
      `${message}\n\nThe embedded database serves one process at a time: stop the Kith server first, then run npm run seed:demo again.`,
    );
  }
  fail(`Could not open the database: ${message}`);
}
const { db, registry } = opened;

async function firstAdmin(d: Db): Promise<{ id: string; email: string } | undefined> {
  const [a] = await d.query<{ id: string; email: string }>(sql`
    SELECT u.id, u.email FROM users u JOIN roles r ON r.id = u.role_id
    WHERE r.is_admin AND u.is_active ORDER BY u.created_at, u.id LIMIT 1`);
  return a;
}

/** A refusal once the database is open: said plainly, and the database still closed cleanly. */
class Refusal extends Error {}

try {
  let admin = await firstAdmin(db);
  if (!admin) {
    await bootstrapAdmin(db, config, log);
    admin = await firstAdmin(db);
  }
  if (!admin) {
    throw new Refusal(
      'Kith has no admin yet. Open Kith in a browser and finish set-up (tick "demo data" there), or set KITH_ADMIN_EMAIL and KITH_ADMIN_PASSWORD and run this again.',
    );
  }
  if ((await hasDemoData(db)) && !args.force) {
    throw new Refusal('This database already holds demo data. Run with --force to add another set.');
  }
  const where = db.kind === 'embedded' ? `embedded database in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`Seeding demo data into the ${where}…`);
  const r = await seedDemoData(db, {
    adminId: admin.id,
    registry,
    ...sizes,
    demoPassword,
  });
  console.log(
    `Made ${r.companies} companies, ${r.contacts} contacts, ${r.notes} notes, ${r.calls} calls, ${r.emails} emails, ${r.meetings} meetings, ${r.tasks} tasks, ${r.deals} deals, ${r.leads} leads, ${r.territories} territories and ${r.quotas} quotas in ${(r.ms / 1000).toFixed(1)} s (seed ${r.seed}), created by ${admin.email}.`,
  );
  console.log(`Demo users (teams: ${r.teams.join(', ')}):`);
  for (const u of r.users) console.log(`  ${u.name.padEnd(18)} ${u.email.padEnd(36)} ${u.role}`);
  console.log(
    demoPassword
      ? 'They sign in with the demo password you gave.'
      : 'They have no password yet: an admin can invite them (or seed a fresh database with --demo-password).',
  );
} catch (err) {
  if (!(err instanceof Refusal)) throw err;
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await db.close();
}
