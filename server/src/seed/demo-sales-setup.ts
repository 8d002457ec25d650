// What a sales manager sets up before the team sells: the pipelines (the default "Sales pipeline"
// found, Renewals and Partners added) and the territories with their reps, records given their
// territory by the territories module's own reassignment run. Each is found by name first, so a
// second seeding (--force) reuses what the first made.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { runReassign } from '../modules/territories/territory-reassign.ts';
import type { Registry, ResolvedObject } from '../platform/registry/registry.ts';
import { defaultSalesStages, demoTerritories, extraPipelines, type StageDef } from './demo-sales-vocabulary.ts';
import { asWritten, demoCtx, insertRows } from './demo-write.ts';
import type { Rng } from './random.ts';

export interface StageInfo {
  id: string;
  name: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  rottingDays: number | null;
  requiredFields: string[];
}

export interface PipelineInfo {
  id: string;
  name: string;
  /** The open stages in order. */
  open: StageInfo[];
  won: StageInfo;
  lost: StageInfo;
}

export type PipelineKey = 'sales' | 'renewals' | 'partners';

const objectOf = (registry: Registry, name: string): ResolvedObject => {
  const obj = registry.get(name);
  if (!obj) throw new Error(`the registry has no ${name} object`);
  return obj;
};

async function createPipeline(
  tx: Tx,
  registry: Registry,
  rng: Rng,
  at: number,
  adminId: string,
  p: { name: string; description: string | null; stages: StageDef[] },
): Promise<void> {
  const [{ n }] = await tx.query<{ n: number }>(
    sql`SELECT coalesce(max(position) + 1, 0)::int AS n FROM pipelines WHERE deleted_at IS NULL`,
  );
  const pipeline = registry.get('pipeline') as ResolvedObject;
  const id = rng.uuid(at);
  const row = { id, values: { name: p.name, position: n, description: p.description }, createdAt: at, updatedAt: at };
  await insertRows(
    tx,
    pipeline,
    [{ ...row, values: await asWritten(tx, registry, pipeline, { ...row, clock: at }) }],
    adminId,
  );
  const stageObj = objectOf(registry, 'pipelineStage');
  const stages = [];
  for (const [position, s] of p.stages.entries()) {
    const r = {
      id: rng.uuid(at),
      values: { ...s, pipelineId: id, position },
      createdAt: at,
      updatedAt: at,
    };
    stages.push({ ...r, values: await asWritten(tx, registry, stageObj, { ...r, clock: at }) });
  }
  await insertRows(tx, stageObj, stages, adminId);
}

async function loadPipeline(tx: Tx, id: string, name: string): Promise<PipelineInfo> {
  const stages = await tx.query<{
    id: string;
    name: string;
    probability: number;
    kind: StageInfo['kind'];
    rotting_days: number | null;
    required_fields: string[];
  }>(sql`SELECT id, name, probability, kind, rotting_days, required_fields FROM pipeline_stages
    WHERE pipeline_id = ${id}::uuid AND deleted_at IS NULL ORDER BY position, id`);
  const info = stages.map((s) => ({
    id: s.id,
    name: s.name,
    probability: s.probability,
    kind: s.kind,
    rottingDays: s.rotting_days,
    requiredFields: s.required_fields,
  }));
  const won = info.find((s) => s.kind === 'won');
  const lost = info.find((s) => s.kind === 'lost');
  const open = info.filter((s) => s.kind === 'open');
  if (!won || !lost || !open.length)
    throw new Error(`the pipeline "${name}" needs an open, a won and a lost stage for demo deals`);
  return { id, name, open, won, lost };
}

/** The three pipelines demo deals go through: the default one found (or made again), two added. */
export async function ensurePipelines(
  tx: Tx,
  registry: Registry,
  rng: Rng,
  at: number,
  adminId: string,
): Promise<Record<PipelineKey, PipelineInfo>> {
  const find = async (name: string) =>
    (
      await tx.query<{ id: string; name: string }>(
        sql`SELECT id, name FROM pipelines WHERE name = ${name} AND deleted_at IS NULL ORDER BY position, id LIMIT 1`,
      )
    )[0];
  const wanted = [
    { key: 'sales' as const, name: 'Sales pipeline', description: null, stages: defaultSalesStages },
    ...extraPipelines,
  ];
  const out = {} as Record<PipelineKey, PipelineInfo>;
  for (const p of wanted) {
    let found = await find(p.name);
    if (!found) {
      await createPipeline(tx, registry, rng, at, adminId, p);
      found = await find(p.name);
    }
    out[p.key] = await loadPipeline(tx, found.id, found.name);
  }
  return out;
}

/**
 * The territories and their members (by demo user name), then one reassignment run, the
 * territories module's own, so that every company (and any lead or deal already there) takes
 * its territory by the module's rules.
 */
export async function ensureTerritories(
  tx: Tx,
  registry: Registry,
  rng: Rng,
  at: number,
  adminId: string,
  userIds: Map<string, string>,
  runAt: number,
): Promise<Map<string, string>> {
  const obj = registry.get('territory');
  const ids = new Map<string, string>();
  if (!obj) return ids;
  for (const t of demoTerritories) {
    const [found] = await tx.query<{ id: string }>(
      sql`SELECT id FROM territories WHERE name = ${t.name} AND deleted_at IS NULL ORDER BY id LIMIT 1`,
    );
    let id = found?.id;
    if (!id) {
      id = rng.uuid(at);
      const row = {
        id,
        values: {
          name: t.name,
          parentId: t.parent ? (ids.get(t.parent) ?? null) : null,
          description: t.description,
          countries: t.countries ?? [],
          regions: t.regions ?? [],
          cities: [],
          postalCodes: [],
          industries: [],
          inactive: false,
        },
        createdAt: at,
        updatedAt: at,
      };
      // One at a time: a territory's parent must be there when its hooks check it.
      await insertRows(
        tx,
        obj,
        [{ ...row, values: await asWritten(tx, registry, obj, { ...row, clock: at }) }],
        adminId,
      );
    }
    ids.set(t.name, id);
    const members = [
      ...t.reps.map((n) => [n, 'rep'] as const),
      ...t.managers.map((n) => [n, 'manager'] as const),
    ].filter(([n]) => userIds.has(n));
    for (const [name, role] of members)
      await tx.query(sql`INSERT INTO territory_members (territory_id, user_id, role, created_at)
        VALUES (${id}::uuid, ${userIds.get(name)}::uuid, ${role}, ${new Date(at)}) ON CONFLICT DO NOTHING`);
  }
  const runId = rng.uuid(runAt);
  await tx.query(sql`INSERT INTO territory_assignment_runs (id, status, reason, requested_by, created_at, updated_at)
    VALUES (${runId}::uuid, 'queued', 'demo data', ${adminId}::uuid, ${new Date(runAt)}, ${new Date(runAt)})`);
  const ctx = demoCtx(tx, registry, runAt);
  await runReassign({ db: tx, registry, now: ctx.now, log: ctx.log }, runId);
  return ids;
}
