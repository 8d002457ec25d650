// Commission recalculation (issue 14: "a rep with 10,000 won deals, under 1 s"): its own data — a
// bench rep on an active quarterly plan with three tiers, a quota, and N won deals in one quarter,
// a tenth of them in dollars (converted at a dated rate) — then the statement recalculated `runs`
// times in process (the event handler's path: one grouped read, the maths, two writes).
// run.ts calls benchCommissions on its database (`--only commissions`); alone, on a fresh embedded
// database for a quick proof: `node scripts/run.mjs bench/commissions.ts --deals 2000`.
import { parseArgs } from 'node:util';
import pino from 'pino';
import { uuidv7 } from 'uuidv7';
import { type Db, openEmbeddedDb, openServerDb } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { sql } from '../server/src/db/sql.ts';
import { recalculateStatement } from '../server/src/modules/commissions/statements.service.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { ensureBuiltinRoles, roleId } from '../server/src/platform/auth/auth.service.ts';
import { systemPrincipal } from '../server/src/platform/auth/principal.ts';
import type { Ctx } from '../server/src/platform/context.ts';
import type { Jobs } from '../server/src/platform/jobs.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';

export interface CommissionsMeasured {
  deals: number;
  runs: number;
  p50Ms: number;
  maxMs: number;
  commission: number;
  budgetMs: number;
}

const benchRepEmail = 'commission-rep@bench.example';
const quarter = { kind: 'quarter' as const, year: 2026, index: 3 };

/** The bench rep, plan and deals: made once per size (reused when the rep already has them). */
async function ensureCommissionData(db: Db, deals: number, log: (m: string) => void): Promise<string> {
  const [found] = await db.query<{ id: string; n: number }>(sql`
    SELECT u.id, (SELECT count(*)::int FROM deals d WHERE d.owner_id = u.id AND d.status = 'won') AS n
    FROM users u WHERE u.email = ${benchRepEmail}`);
  if (found && found.n === deals) return found.id;
  const userId = found?.id ?? uuidv7();
  if (!found)
    await db.query(sql`INSERT INTO users (id, email, name, role_id)
      VALUES (${userId}::uuid, ${benchRepEmail}, 'Commission Rep', ${await roleId(db, 'sales_rep')}::uuid)`);
  await db.query(sql`DELETE FROM deals WHERE owner_id = ${userId}::uuid`);
  const planId = uuidv7();
  await db.query(sql`UPDATE commission_plans SET deleted_at = now() WHERE name = 'Bench plan' AND deleted_at IS NULL`);
  await db.query(sql`INSERT INTO commission_plans (id, title, name, active, period_kind)
    VALUES (${planId}::uuid, 'Bench plan', 'Bench plan', true, 'quarter')`);
  for (const [from, to, rate] of [
    [0, 100, 5],
    [100, 120, 8],
    [120, null, 12],
  ] as const)
    await db.query(sql`INSERT INTO commission_tiers (id, plan_id, from_percent, to_percent, rate_percent)
      VALUES (${uuidv7()}::uuid, ${planId}::uuid, ${from}, ${to}, ${rate})`);
  await db.query(
    sql`INSERT INTO commission_plan_members (id, plan_id, user_id) VALUES (${uuidv7()}::uuid, ${planId}::uuid, ${userId}::uuid)`,
  );
  await db.query(sql`DELETE FROM quotas WHERE user_id = ${userId}::uuid`);
  await db.query(sql`INSERT INTO quotas (id, title, user_id, period_kind, period_start, amount, amount_currency)
    VALUES (${uuidv7()}::uuid, '2026-Q3', ${userId}::uuid, 'quarter', '2026-07-01', ${deals * 4_000_00}, 'EUR')`);
  await db.query(sql`INSERT INTO exchange_rates (id, currency, rate, effective_from, updated_at)
    VALUES (${uuidv7()}::uuid, 'USD', 0.9, '2026-01-01', now()) ON CONFLICT DO NOTHING`);
  const [stage] = await db.query<{ id: string; pipeline_id: string }>(
    sql`SELECT id, pipeline_id FROM pipeline_stages WHERE kind = 'won' ORDER BY position LIMIT 1`,
  );
  if (!stage) throw new Error('no won stage: run the migrations (a pipeline comes with them)');
  log(`commissions: ${deals.toLocaleString('en')} won deals for the bench rep…`);
  await db.query(sql`
    INSERT INTO deals (id, title, search_text, name, amount, amount_currency, pipeline_id, stage_id, status,
      probability, forecast_category, closed_at, stage_entered_at, owner_id, created_at, updated_at)
    SELECT gen_random_uuid(), 'Bench won ' || g, 'bench won ' || g, 'Bench won ' || g,
      100000 + (g * 7919) % 900000, CASE WHEN g % 10 = 0 THEN 'USD' ELSE 'EUR' END,
      ${stage.pipeline_id}::uuid, ${stage.id}::uuid, 'won', 100, 'closed',
      '2026-07-01'::timestamptz + (g % 90) * interval '1 day' + (g % 1440) * interval '1 minute',
      '2026-07-01'::timestamptz, ${userId}::uuid, now(), now()
    FROM generate_series(1, ${deals}) g`);
  await db.exec('ANALYZE deals');
  return userId;
}

export async function benchCommissions(
  db: Db,
  opts: { deals: number; runs: number; log: (m: string) => void },
): Promise<CommissionsMeasured> {
  const userId = await ensureCommissionData(db, opts.deals, opts.log);
  const registry = new Registry(builtinObjects);
  await registry.load(db);
  const ctx: Ctx = {
    db: db as unknown as Ctx['db'],
    principal: systemPrincipal,
    registry,
    jobs: {} as Jobs,
    now: () => new Date(),
    log: pino({ level: 'silent' }),
  };
  const times: number[] = [];
  for (let i = 0; i < opts.runs + 1; i++) {
    const t0 = performance.now();
    await db.transaction((tx) => recalculateStatement({ ...ctx, db: tx }, { userId, period: quarter }));
    if (i > 0) times.push(performance.now() - t0); // the first warms the caches
  }
  times.sort((a, b) => a - b);
  const [row] = await db.query<{ commission: string; deal_count: number }>(sql`
    SELECT commission::text AS commission, deal_count FROM commission_statements
    WHERE user_id = ${userId}::uuid AND period_kind = 'quarter' AND period_start = '2026-07-01'`);
  if (row?.deal_count !== opts.deals)
    throw new Error(`the statement holds ${row?.deal_count} deals, not ${opts.deals}`);
  return {
    deals: opts.deals,
    runs: opts.runs,
    p50Ms: Math.round(times[Math.floor(times.length / 2)]),
    maxMs: Math.round(times[times.length - 1]),
    commission: Number(row.commission),
    budgetMs: 1000,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      deals: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '5' },
      /** A PostgreSQL database to use (migrated here); default: a fresh embedded one. */
      'pg-url': { type: 'string' },
    },
  });
  const url = values['pg-url'];
  const db = url ? await openServerDb(url, { max: 2 }) : await openEmbeddedDb();
  await migrate(db);
  await ensureBuiltinRoles(db, builtinObjects);
  const m = await benchCommissions(db, { deals: Number(values.deals), runs: Number(values.runs), log: console.log });
  console.log(JSON.stringify(m));
  await db.close();
}
