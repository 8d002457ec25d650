// Rule-based lead scores: points for field values (the lists' filter JSON) and for engagements
// (an email opened, /pricing visited…), engagement points halving every `halfLifeDays`. The score
// is worked out in SQL from the rules — one expression for one lead on its write and for a batch
// in the daily decay and after a rule change — so the two can never disagree. Sums are in numeric
// (exact), rounded once at the end: the order of rules and engagements cannot change a score.
import { type RescoreProgress, type Scoring, type ScoringInput, scoringInput } from '@kith/common/api/leads';
import type { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { type Sql, sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { declareQueue } from '../../platform/jobs.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { conditionsSql } from './lead-conditions.ts';
import { readSetting, writeSetting } from './lead-settings.ts';

export type ScoringConfig = z.output<typeof scoringInput>;

export const rescoreQueue = 'leads.rescore';
declareQueue(rescoreQueue, { retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 6 * 3600 });

/** What a new installation scores until an admin changes it. */
export const defaultScoring: ScoringConfig = {
  halfLifeDays: 30,
  fieldRules: [],
  engagementRules: [
    { label: 'Submitted a form', kind: 'formSubmitted', urlPattern: null, points: 10 },
    { label: 'Visited the pricing page', kind: 'pageVisited', urlPattern: '/pricing', points: 5 },
    { label: 'Opened an email', kind: 'emailOpened', urlPattern: null, points: 1 },
    { label: 'Booked a meeting', kind: 'meetingBooked', urlPattern: null, points: 20 },
  ],
};

const idleProgress: RescoreProgress = { status: 'idle', done: 0, total: null, finishedAt: null };
/** Leads rescored per statement (and per transaction) in a run over all of them. */
export const rescoreBatchSize = 500;

export const loadScoring = (db: Queryable) => readSetting(db, 'scoring', defaultScoring);

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** `*` is any text; the pattern may match anywhere in the URL ("/pricing" matches https://x.com/pricing?a=1). */
export const urlLike = (pattern: string) => `%${escapeLike(pattern).replace(/\*/g, '%')}%`;

/** The score of the lead under alias t at `now`, as an integer SQL expression. */
export function scoreSql(obj: ResolvedObject, cfg: ScoringConfig, now: Date): Sql {
  const parts: Sql[] = cfg.fieldRules.map((r, i) => {
    const cond = conditionsSql(obj, r.conditions, `fieldRules.${i}.conditions`);
    return cond ? sql`(CASE WHEN ${cond} THEN ${r.points}::int ELSE 0 END)::numeric` : sql`${r.points}::numeric`;
  });
  if (cfg.engagementRules.length) {
    // Each engagement earns the points of every rule it matches, decayed by its age.
    const earned = sql.join(
      cfg.engagementRules.map((r) => {
        const url = r.urlPattern ? sql` AND e.url ILIKE ${urlLike(r.urlPattern)}` : sql.empty;
        return sql`(CASE WHEN e.kind = ${r.kind}${url} THEN ${r.points}::int ELSE 0 END)`;
      }),
      ' + ',
    );
    const ageDays = sql`GREATEST(0, EXTRACT(EPOCH FROM (${now}::timestamptz - e.occurred_at))::float8 / 86400)`;
    const decay = cfg.halfLifeDays > 0 ? sql`power(0.5::float8, ${ageDays} / ${cfg.halfLifeDays}::float8)` : sql`1`;
    parts.push(sql`COALESCE((SELECT sum(((${earned}) * ${decay})::numeric) FROM lead_engagements e
      WHERE e.lead_id = t.id), 0)`);
  }
  return parts.length ? sql`round(${sql.join(parts, ' + ')})::int` : sql`0`;
}

/** Works out one lead's score again (in the caller's transaction); returns it. */
export async function rescoreLead(ctx: Ctx, obj: ResolvedObject, id: string): Promise<number | null> {
  const cfg = await loadScoring(ctx.db);
  const [row] = await ctx.db.query<{ score: number }>(
    sql`UPDATE ${sql.ident(obj.table)} t SET score = ${scoreSql(obj, cfg, ctx.now())} WHERE t.id = ${id}::uuid RETURNING t.score`,
  );
  return row?.score ?? null;
}

/**
 * Rescores every live lead at ctx's clock, in keyset batches by id, each its own statement: the
 * daily decay and the run after a rule change. A score that stays the same is not written.
 * `progress` hears after each batch how many leads were done.
 */
export async function rescoreAll(
  ctx: Ctx,
  obj: ResolvedObject,
  progress?: (done: number) => Promise<void>,
): Promise<number> {
  const cfg = await loadScoring(ctx.db);
  const score = scoreSql(obj, cfg, ctx.now());
  const table = sql.ident(obj.table);
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const ids = (
      await ctx.db.query<{ id: string }>(sql`SELECT id FROM ${table}
        WHERE id > ${after}::uuid AND deleted_at IS NULL ORDER BY id LIMIT ${rescoreBatchSize}`)
    ).map((r) => r.id);
    if (!ids.length) return done;
    await ctx.db.query(sql`UPDATE ${table} t SET score = s.v
      FROM (SELECT t.id, ${score} AS v FROM ${table} t WHERE t.id = ANY(${ids}::uuid[])) s
      WHERE t.id = s.id AND t.score IS DISTINCT FROM s.v`);
    done += ids.length;
    after = ids[ids.length - 1];
    await progress?.(done);
  }
}

export async function getScoring(ctx: Ctx): Promise<Scoring> {
  assertAdmin(ctx.principal);
  const cfg = await loadScoring(ctx.db);
  const rescore = await readSetting(ctx.db, 'rescore', idleProgress);
  return { ...cfg, rescore };
}

/** Replaces the rules (admins); every lead is rescored by a job, whose progress getScoring reports. */
export async function saveScoring(ctx: Ctx, obj: ResolvedObject, input: ScoringInput): Promise<Scoring> {
  assertAdmin(ctx.principal);
  const parsed = scoringInput.safeParse(input);
  if (!parsed.success) throw zodToInvalid(parsed.error, input);
  const cfg: ScoringConfig = {
    ...parsed.data,
    engagementRules: parsed.data.engagementRules.map((r) => ({ ...r, urlPattern: r.urlPattern ?? null })),
  };
  // Every condition is checked as the write path will run it: a bad one is a 400 naming it.
  scoreSql(obj, cfg, ctx.now());
  return ctx.db.transaction(async (tx) => {
    const before = await loadScoring(tx);
    await writeSetting(tx, 'scoring', cfg, ctx.now());
    const queued: RescoreProgress = { status: 'queued', done: 0, total: null, finishedAt: null };
    await writeSetting(tx, 'rescore', queued, ctx.now());
    await ctx.jobs.send(rescoreQueue, { reason: 'rules' }, { tx });
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'update', objectType: 'lead_scoring', changes: { scoring: { before, after: cfg } } },
    );
    return { ...cfg, rescore: queued };
  });
}

/** The rescore job after a rule change: every lead, its progress kept for the settings page. */
export async function runRulesRescore(ctx: Ctx, obj: ResolvedObject): Promise<number> {
  const [{ n }] = await ctx.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ${sql.ident(obj.table)} WHERE deleted_at IS NULL`,
  );
  const at = (status: RescoreProgress['status'], done: number): RescoreProgress => ({
    status,
    done,
    total: n,
    finishedAt: status === 'done' ? ctx.now().toISOString() : null,
  });
  await writeSetting(ctx.db, 'rescore', at('running', 0), ctx.now());
  const done = await rescoreAll(ctx, obj, (d) => writeSetting(ctx.db, 'rescore', at('running', d), ctx.now()));
  await writeSetting(ctx.db, 'rescore', at('done', done), ctx.now());
  return done;
}

/** The UTC day a decay pass belongs to. */
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The daily decay: claims today's pass (so that duplicate jobs after restarts do it once) and
 * rescores every lead. Returns how many leads it went through, or null if today's was done.
 */
export async function runDailyDecay(ctx: Ctx, obj: ResolvedObject): Promise<number | null> {
  const day = dayOf(ctx.now());
  const [claimed] = await ctx.db.query(sql`
    INSERT INTO lead_settings AS s (key, value, updated_at) VALUES ('decay', ${JSON.stringify({ day })}::jsonb, ${ctx.now()})
    ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
      WHERE s.value->>'day' < ${day}
    RETURNING key`);
  if (!claimed) return null;
  try {
    return await rescoreAll(ctx, obj);
  } catch (err) {
    // Let the job's retry claim it again.
    await ctx.db.query(sql`DELETE FROM lead_settings WHERE key = 'decay' AND value->>'day' = ${day}`);
    throw err;
  }
}

/** The start of the next UTC day after `now`: when the next decay pass runs. */
export const nextDecayAt = (now: Date) =>
  new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
