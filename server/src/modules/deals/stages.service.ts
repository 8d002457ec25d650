// A pipeline's stages edited as one list (Settings → Pipelines): kept, added, reordered and
// removed in one transaction through the records path, so each change is checked (a stage with
// deals stays), audited and announced like any other write, and a refusal changes nothing.

import type { StageInput } from '@kith/common/api/deals';
import type { ApiRecord } from '@kith/common/api/records';
import { sql } from '../../db/sql.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, underPath } from '../../platform/errors.ts';
import {
  assertCanSee,
  createRecord,
  deleteRecord,
  listRecords,
  objectOf,
  readableWhere,
  updateRecord,
} from '../../platform/records/records.service.ts';

/**
 * Where a new deal starts when none is named: the first open stage of the pipeline given, or of the
 * first pipeline (by position) — both as the reader's lists would show them, in one statement.
 * Null for the pipeline when there is none; null for the stage when it has no open stage.
 */
export async function firstOpenStage(
  ctx: Ctx,
  pipelineId?: string,
): Promise<{ pipelineId: string | null; stageId: string | null }> {
  const pipelines = objectOf(ctx, 'pipeline');
  const stages = objectOf(ctx, 'pipelineStage');
  const [row] = await ctx.db.query<{ pipeline_id: string; stage_id: string | null }>(sql`
    SELECT p.id AS pipeline_id, s.id AS stage_id FROM ${sql.ident(pipelines.table)} p
    LEFT JOIN LATERAL (SELECT s.id FROM ${sql.ident(stages.table)} s
      WHERE s.pipeline_id = p.id AND s.kind = 'open' AND ${readableWhere(ctx, stages, 's')}
      ORDER BY s.position ASC NULLS LAST, s.id LIMIT 1) s ON true
    WHERE ${readableWhere(ctx, pipelines, 'p')}${pipelineId ? sql` AND p.id = ${pipelineId}::uuid` : sql.empty}
    ORDER BY p.position ASC NULLS LAST, p.id LIMIT 1`);
  return { pipelineId: row?.pipeline_id ?? null, stageId: row?.stage_id ?? null };
}

/** The pipeline of a stage the reader may see, or null when there is none such. */
export async function pipelineOfStage(ctx: Ctx, stageId: string): Promise<string | null> {
  const stages = objectOf(ctx, 'pipelineStage');
  const [row] = await ctx.db.query<{ pipeline_id: string }>(sql`
    SELECT s.pipeline_id FROM ${sql.ident(stages.table)} s
    WHERE s.id = ${stageId}::uuid AND ${readableWhere(ctx, stages, 's')}`);
  return row?.pipeline_id ?? null;
}

export async function listStages(ctx: Ctx, pipelineId: string): Promise<ApiRecord[]> {
  await assertCanSee(ctx, 'pipeline', pipelineId);
  const page = await listRecords(ctx, 'pipelineStage', {
    limit: 100,
    sort: 'position',
    equals: [{ field: 'pipelineId', cmp: 'eq', value: pipelineId }],
  });
  return page.data as ApiRecord[];
}

export async function saveStages(ctx: Ctx, pipelineId: string, stages: StageInput[]): Promise<ApiRecord[]> {
  await assertCanSee(ctx, 'pipeline', pipelineId);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const existing = await tx.query<{ id: string }>(
      sql`SELECT id FROM pipeline_stages WHERE pipeline_id = ${pipelineId}::uuid AND deleted_at IS NULL FOR UPDATE`,
    );
    const ids = new Set(existing.map((r) => r.id));
    stages.forEach((s, i) => {
      if (s.id && !ids.has(s.id))
        throw invalid(`stages.${i}.id: not a stage of this pipeline`, {
          [`stages.${i}.id`]: 'not a stage of this pipeline',
        });
    });
    // Kept and new stages first (a bad entry is a 400 naming it), then the removed ones (a 409
    // while deals are in one); either refusal undoes the whole list.
    for (const [position, s] of stages.entries()) {
      const { id, ...values } = s;
      const body = { ...values, position, pipelineId };
      await underPath(`stages.${position}`, () =>
        id ? updateRecord(c, 'pipelineStage', id, body) : createRecord(c, 'pipelineStage', body),
      );
    }
    const kept = new Set(stages.map((s) => s.id).filter(Boolean));
    for (const { id } of existing) if (!kept.has(id)) await deleteRecord(c, 'pipelineStage', id);
    return listStages(c, pipelineId);
  });
}
