// What the write path checks on commission plans beyond their fields: rates of 0–100 %, bands
// whose end lies above their start, a complete ladder of tiers (from 0, no gap, no overlap, the
// last open-ended) for an active plan — a draft may be half-built, an active plan pays from it —
// and one active plan per rep on any day. Each refusal is a 400 (409 for the second plan) naming
// the field.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { HookChange, ObjectHooks } from '../../platform/records/hooks.ts';
import { type Tier, tierProblems } from './commission-maths.ts';

function checkRate(value: unknown, path = 'ratePercent'): void {
  if (typeof value !== 'number') return;
  if (value < 0) throw invalid(`${path}: must not be negative`, { [path]: 'must not be negative' });
  if (value > 100) throw invalid(`${path}: must be 100 % or less`, { [path]: 'must be 100 % or less' });
  if (Math.round(value * 10_000) !== value * 10_000 && Math.abs(Math.round(value * 10_000) - value * 10_000) > 1e-6)
    throw invalid(`${path}: at most 4 decimals`, { [path]: 'has more than 4 decimals' });
}

/** The plan's live tiers, sorted, with `change` applied (the row written replaced or removed). */
async function tiersAfter(ctx: Ctx, planId: string, change?: HookChange): Promise<Tier[]> {
  const rows = await ctx.db.query<{ id: string; from: string; to: string | null; rate: string }>(sql`
    SELECT id, from_percent::text AS from, to_percent::text AS to, rate_percent::text AS rate
    FROM commission_tiers WHERE plan_id = ${planId}::uuid AND deleted_at IS NULL`);
  const tiers = rows
    .filter((r) => r.id !== change?.id)
    .map((r) => ({
      fromPercent: Number(r.from),
      toPercent: r.to === null ? null : Number(r.to),
      ratePercent: Number(r.rate),
    }));
  const a = change?.after;
  if (a && a.planId === planId)
    tiers.push({
      fromPercent: a.fromPercent as number,
      toPercent: (a.toPercent as number | null) ?? null,
      ratePercent: a.ratePercent as number,
    });
  return tiers.sort((x, y) => x.fromPercent - y.fromPercent);
}

/** Refuses an active plan whose ladder is incomplete, naming the first problem. */
export function assertLadder(tiers: Tier[], at: string): void {
  const [p] = tierProblems(tiers);
  if (p) {
    const path = p.path === 'tiers' ? at : p.path;
    throw invalid(`${path}: ${p.path === 'tiers' ? 'an active plan needs its tiers (at least one band)' : p.message}`, {
      [path]: p.message,
    });
  }
}

async function planOf(ctx: Ctx, planId: string) {
  const [row] = await ctx.db.query<{
    active: boolean | null;
    from: string | null;
    to: string | null;
    name: string;
  }>(sql`
    SELECT active, effective_from::text AS from, effective_to::text AS to, name FROM commission_plans
    WHERE id = ${planId}::uuid AND deleted_at IS NULL`);
  return row;
}

/** A rep already on another active plan whose days meet this one's: 409 naming `path`. */
async function assertOnePlanPerRep(
  ctx: Ctx,
  p: { planId: string; from: string | null; to: string | null; userIds: string[] },
  path: string,
): Promise<void> {
  if (!p.userIds.length) return;
  const [clash] = await ctx.db.query<{ user_id: string; plan_id: string; name: string }>(sql`
    SELECT m.user_id, pl.id AS plan_id, pl.name FROM commission_plan_members m
    JOIN commission_plans pl ON pl.id = m.plan_id AND pl.deleted_at IS NULL AND pl.active
    WHERE m.deleted_at IS NULL AND m.user_id = ANY(${p.userIds}::uuid[]) AND pl.id <> ${p.planId}::uuid
      AND COALESCE(pl.effective_from, '-infinity'::date) <= COALESCE(${p.to}::date, 'infinity'::date)
      AND COALESCE(${p.from}::date, '-infinity'::date) <= COALESCE(pl.effective_to, 'infinity'::date)
    LIMIT 1`);
  if (clash) {
    const msg = `a rep may be on one active plan at a time; this one is already on "${clash.name}" for some of these days`;
    throw conflict(`${path}: ${msg}`, { fields: { [path]: msg }, existingId: clash.plan_id, userId: clash.user_id });
  }
}

export const planHooks: ObjectHooks = {
  async validate(ctx, change) {
    const a = change.after;
    if (!a) return;
    if (a.effectiveFrom && a.effectiveTo && (a.effectiveTo as string) < (a.effectiveFrom as string))
      throw invalid('effectiveTo: must not be before the start', { effectiveTo: 'is before effectiveFrom' });
    if (!a.active) return;
    const touched = ['active', 'effectiveFrom', 'effectiveTo'].some((k) => change.changed.includes(k));
    if (change.action !== 'restore' && !touched) return;
    assertLadder(await tiersAfter(ctx, change.id), 'active');
    const members = await ctx.db.query<{ user_id: string }>(sql`
      SELECT user_id FROM commission_plan_members WHERE plan_id = ${change.id}::uuid AND deleted_at IS NULL AND user_id IS NOT NULL`);
    await assertOnePlanPerRep(
      ctx,
      {
        planId: change.id,
        from: (a.effectiveFrom as string | null) ?? null,
        to: (a.effectiveTo as string | null) ?? null,
        userIds: members.map((m) => m.user_id),
      },
      'active',
    );
  },
};

/** Plans whose whole ladder is being replaced in a transaction (PUT …/tiers checked it as a whole). */
const replacing = new WeakMap<object, Set<string>>();

export async function replacingTiers<T>(db: object, planId: string, write: () => Promise<T>): Promise<T> {
  const set = replacing.get(db) ?? new Set<string>();
  replacing.set(db, set);
  set.add(planId);
  try {
    return await write();
  } finally {
    set.delete(planId);
  }
}

export const tierHooks: ObjectHooks = {
  async validate(ctx, change) {
    const a = change.after;
    if (a) {
      checkRate(a.ratePercent);
      if (typeof a.fromPercent === 'number' && a.fromPercent < 0)
        throw invalid('fromPercent: must not be negative', { fromPercent: 'must not be negative' });
      if (typeof a.toPercent === 'number' && !(a.toPercent > (a.fromPercent as number)))
        throw invalid('toPercent: must be above fromPercent', { toPercent: 'must be above fromPercent' });
    }
    // An active plan's ladder stays complete: change it as a whole (PUT …/tiers) or deactivate it first.
    for (const planId of new Set([change.before?.planId, change.after?.planId].filter(Boolean) as string[])) {
      if (replacing.get(ctx.db)?.has(planId)) continue;
      const plan = await planOf(ctx, planId);
      if (plan?.active) {
        const tiers = await tiersAfter(ctx, planId, change.action === 'delete' ? { ...change, after: null } : change);
        const [p] = tierProblems(tiers);
        if (p) {
          const field = p.path.split('.').pop() as string;
          const msg = `${p.message} — the plan "${plan.name}" is active; replace its tiers at once (PUT /api/v1/commission-plans/{id}/tiers)`;
          throw invalid(`${field}: ${msg}`, { [field]: msg });
        }
      }
    }
  },
};

export const categoryRateHooks: ObjectHooks = {
  validate(_ctx, change) {
    if (change.after) checkRate(change.after.ratePercent);
  },
};

export const memberHooks: ObjectHooks = {
  async validate(ctx, change) {
    const a = change.after;
    if (!a?.planId) return;
    const plan = await planOf(ctx, a.planId as string);
    if (!plan?.active) return;
    await assertOnePlanPerRep(
      ctx,
      { planId: a.planId as string, from: plan.from, to: plan.to, userIds: a.userId ? [a.userId as string] : [] },
      'userId',
    );
  },
};
