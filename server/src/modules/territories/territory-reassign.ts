// Re-running assignment: after territories change (or when an admin asks), every record of every
// entry with a territoryId is matched again. A durable job walks each table in keyset batches by
// id, matches a batch in memory with the one matcher (territory-match.ts) and writes the records
// whose territory changed with one UPDATE … FROM unnest per batch; each batch commits with the
// run's progress, so a restarted job resumes after the last committed batch. One audit entry per
// run, not per record.
import type { ReassignRun } from '@kith/common/api/territories';
import { uuidv7 } from 'uuidv7';
import type { Tx } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { declareQueue, type JobInfo } from '../../platform/jobs.ts';
import { type ModuleDeps, systemCtx } from '../../platform/module.ts';
import { toColumn } from '../../platform/registry/define-object.ts';
import type { Registry, ResolvedObject } from '../../platform/registry/registry.ts';
import { inheritsFrom, loadTerritories, locationColumns, takesTerritory } from './territory-assign.ts';
import { compileTerritories, hasLocation, type RecordLocation, type TerritoryMatcher } from './territory-match.ts';

export const reassignQueue = 'territory.reassign';
declareQueue(reassignQueue, { retryLimit: 5, retryDelay: 5, retryBackoff: true, heartbeatSeconds: 60 });

/** Records per batch (a knob for tests). */
export const reassignTuning = { batchSize: 2000 };

interface RunRow {
  id: string;
  status: ReassignRun['status'];
  reason: string;
  requested_by: string | null;
  total: number | null;
  processed: number;
  changed: number;
  position: { object: string; afterId: string | null } | null;
  by_object: Record<string, number>;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export const runJson = (r: RunRow): ReassignRun => ({
  id: r.id,
  status: r.status,
  reason: r.reason,
  requestedBy: r.requested_by,
  processed: r.processed,
  total: r.total,
  changed: r.changed,
  error: r.error,
  createdAt: new Date(r.created_at).toISOString(),
  startedAt: iso(r.started_at),
  finishedAt: iso(r.finished_at),
});

/**
 * Queues a run in the caller's transaction (it exists exactly when the change commits). A run
 * still queued takes the new request too: it reads the territories only when it starts, and
 * its row lock makes a starting job wait for this transaction.
 */
export async function requestReassign(ctx: Ctx, reason: string): Promise<ReassignRun> {
  const [queued] = await ctx.db.query<RunRow>(
    sql`SELECT * FROM territory_assignment_runs WHERE status = 'queued' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
  );
  if (queued) return runJson(queued);
  const id = uuidv7();
  const [row] = await ctx.db.query<RunRow>(sql`
    INSERT INTO territory_assignment_runs (id, status, reason, requested_by, created_at, updated_at)
    VALUES (${id}::uuid, 'queued', ${reason}, ${ctx.principal.userId}::uuid, ${ctx.now()}, ${ctx.now()}) RETURNING *`);
  await ctx.jobs.send(reassignQueue, { runId: id }, { tx: ctx.db });
  return runJson(row);
}

export async function latestRun(ctx: Pick<Ctx, 'db'>): Promise<ReassignRun | null> {
  const [row] = await ctx.db.query<RunRow>(
    sql`SELECT * FROM territory_assignment_runs ORDER BY created_at DESC, id DESC LIMIT 1`,
  );
  return row ? runJson(row) : null;
}

/** The entries to walk: those whose records others inherit from (companies) before the inheritors. */
export function reassignOrder(registry: Registry): ResolvedObject[] {
  const objs = registry.all().filter(takesTerritory);
  const inherits = (o: ResolvedObject) => (inheritsFrom({ registry }, o) ? 1 : 0);
  return objs.sort((a, b) => inherits(a) - inherits(b) || (a.name < b.name ? -1 : 1));
}

interface BatchRow {
  id: string;
  current: string | null;
  inherited: string | null;
  country: string | null;
  region: string | null;
  city: string | null;
  postal_code: string | null;
  industry: string | null;
}

/** One batch after `afterId`: reads, matches, writes what changed; returns the last id and counts. */
async function reassignBatch(
  ctx: Pick<Ctx, 'db' | 'registry'>,
  obj: ResolvedObject,
  matcher: TerritoryMatcher,
  afterId: string | null,
): Promise<{ lastId: string | null; seen: number; changed: number }> {
  const territory = obj.fields.get('territoryId');
  if (!territory) return { lastId: null, seen: 0, changed: 0 };
  const parent = inheritsFrom(ctx, obj);
  const company = obj.fields.get('companyId');
  const inherited =
    parent && company
      ? sql`(SELECT p.territory_id FROM ${sql.ident(parent.table)} p WHERE p.id = t.${sql.ident(company.column)})`
      : sql`NULL::uuid`;
  const cols = locationColumns(obj, 't').map((c) => sql`${c.expr} AS ${sql.ident(toColumn(c.name))}`);
  // Soft-deleted records too: a restore brings them back with the territory they would have now.
  const rows = await ctx.db.query<BatchRow>(sql`
    SELECT t.id, t.${sql.ident(territory.column)} AS current, ${inherited} AS inherited, ${sql.join(cols)}
    FROM ${sql.ident(obj.table)} t
    WHERE ${afterId ? sql`t.id > ${afterId}::uuid` : sql`true`}
    ORDER BY t.id LIMIT ${reassignTuning.batchSize}`);
  const ids: string[] = [];
  const targets: Array<string | null> = [];
  for (const r of rows) {
    const loc: RecordLocation = { ...r, postalCode: r.postal_code };
    const next = hasLocation(loc) ? matcher.match(loc) : r.inherited;
    if (next !== r.current) {
      ids.push(r.id);
      targets.push(next);
    }
  }
  if (ids.length)
    await ctx.db.query(sql`
      UPDATE ${sql.ident(obj.table)} t SET ${sql.ident(territory.column)} = u.territory_id
      FROM unnest(${ids}::uuid[], ${targets}::uuid[]) AS u(id, territory_id)
      WHERE t.id = u.id`);
  return { lastId: rows.at(-1)?.id ?? null, seen: rows.length, changed: ids.length };
}

export interface ReassignDeps {
  /** The database, or a transaction a caller runs the whole run in (the demo seed). */
  db: Tx;
  registry: Registry;
  now: () => Date;
  log: Ctx['log'];
}

/** Runs (or resumes) one run to its end. Safe to run twice: a second run finds nothing to change. */
export async function runReassign(deps: ReassignDeps, runId: string, job: JobInfo = { id: 'direct', retryCount: 0 }) {
  const ctx = { db: deps.db, registry: deps.registry };
  const [run] = await deps.db.query<RunRow>(sql`
    UPDATE territory_assignment_runs SET status = 'running', started_at = coalesce(started_at, ${deps.now()}),
      error = NULL, updated_at = ${deps.now()}
    WHERE id = ${runId}::uuid AND status IN ('queued', 'running') RETURNING *`);
  if (!run) return;
  const objects = reassignOrder(deps.registry);
  try {
    const matcher = compileTerritories(await loadTerritories(ctx));
    if (run.total === null) {
      let total = 0;
      for (const o of objects) {
        const [c] = await deps.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.ident(o.table)}`);
        total += c?.n ?? 0;
      }
      await deps.db.query(sql`UPDATE territory_assignment_runs SET total = ${total} WHERE id = ${runId}::uuid`);
    }
    const start = run.position ? objects.findIndex((o) => o.name === run.position?.object) : 0;
    for (let i = Math.max(0, start); i < objects.length; i++) {
      const obj = objects[i];
      let afterId = i === start ? (run.position?.afterId ?? null) : null;
      for (;;) {
        const done = await deps.db.transaction(async (tx) => {
          const b = await reassignBatch({ db: tx, registry: deps.registry }, obj, matcher, afterId);
          if (!b.seen) return true;
          afterId = b.lastId;
          await tx.query(sql`
            UPDATE territory_assignment_runs SET processed = processed + ${b.seen}, changed = changed + ${b.changed},
              by_object = jsonb_set(by_object, ${[obj.name]}::text[], to_jsonb(coalesce((by_object ->> ${obj.name})::int, 0) + ${b.changed})),
              position = ${JSON.stringify({ object: obj.name, afterId })}::jsonb, updated_at = ${deps.now()}
            WHERE id = ${runId}::uuid`);
          return b.seen < reassignTuning.batchSize;
        });
        if (done) break;
      }
    }
    await deps.db.transaction(async (tx) => {
      const [fin] = await tx.query<RunRow>(sql`
        UPDATE territory_assignment_runs SET status = 'done', finished_at = ${deps.now()}, updated_at = ${deps.now()}
        WHERE id = ${runId}::uuid RETURNING *`);
      await recordAudit(
        { db: tx, principal: systemPrincipal, now: deps.now },
        {
          action: 'territory.reassign',
          objectType: 'territory',
          changes: {
            runId,
            reason: fin.reason,
            requestedBy: fin.requested_by,
            processed: fin.processed,
            changed: fin.changed,
            byObject: fin.by_object,
            territories: matcher.size,
          },
        },
      );
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const last = job.retryCount >= 5;
    await deps.db.query(sql`
      UPDATE territory_assignment_runs SET status = ${last ? 'failed' : 'running'},
        error = ${last ? message : `Attempt ${job.retryCount + 1} failed (will retry): ${message}`},
        finished_at = ${last ? deps.now() : null}, updated_at = ${deps.now()}
      WHERE id = ${runId}::uuid`);
    if (last) return;
    throw err;
  }
}

export async function reassignWorker(deps: ModuleDeps): Promise<void> {
  const ctx = systemCtx(deps);
  await deps.jobs.work<{ runId: string }>(reassignQueue, (data, job) =>
    runReassign({ db: deps.db, registry: deps.registry, now: deps.now, log: ctx.log }, data.runId, job),
  );
}
