// What the stage history tells: how long a deal spent where, and how a pipeline's deals flow —
// from each stage, how many went on and how long they stayed (the bottleneck view). Only deals the
// reader may read count.
import type { PipelineFlow, StageVisit } from '@kith/common/api/deals';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { assertCanSee, objectOf, readableWhere } from '../../platform/records/records.service.ts';

export async function dealStages(ctx: Ctx, dealId: string): Promise<StageVisit[]> {
  await assertCanSee(ctx, 'deal', dealId);
  const rows = await ctx.db.query<{
    stage_id: string;
    stage: string | null;
    pipeline_id: string;
    entered_at: Date;
    left_at: Date | null;
    user_id: string | null;
    user_name: string | null;
  }>(sql`
    SELECT h.stage_id, s.name AS stage, h.pipeline_id, h.entered_at, h.left_at, u.id AS user_id, u.name AS user_name
    FROM deal_stage_history h
    LEFT JOIN pipeline_stages s ON s.id = h.stage_id
    LEFT JOIN users u ON u.id = h.moved_by
    WHERE h.deal_id = ${dealId}::uuid ORDER BY h.entered_at, h.id`);
  const now = ctx.now().getTime();
  return rows.map((r) => {
    const entered = new Date(r.entered_at);
    const left = r.left_at ? new Date(r.left_at) : null;
    return {
      stageId: r.stage_id,
      stage: r.stage,
      pipelineId: r.pipeline_id,
      enteredAt: entered.toISOString(),
      leftAt: left?.toISOString() ?? null,
      days: Math.round(((left?.getTime() ?? now) - entered.getTime()) / 864e4) / 10,
      movedBy: r.user_id ? { id: r.user_id, name: r.user_name ?? '' } : null,
    };
  });
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function pipelineFlow(
  ctx: Ctx,
  pipelineId: string,
  q: { from?: string; to?: string },
): Promise<PipelineFlow> {
  await assertCanSee(ctx, 'pipeline', pipelineId);
  const deals = objectOf(ctx, 'deal');
  assertCan(ctx.principal, 'deal', 'read', deals.label);
  const now = ctx.now();
  const from = q.from ?? day(new Date(now.getTime() - 365 * 864e5));
  const to = q.to ?? day(new Date(now.getTime() + 864e5));
  if (from >= to) throw invalid('to: must be after from', { to: 'must be after from' });
  // Each visit with the stage the deal went to next (over all its history, not only the period's).
  const rows = await ctx.db.query<{
    id: string;
    name: string;
    kind: 'open' | 'won' | 'lost';
    entered: number;
    advanced: number;
    lost: number;
    median_days: number | null;
  }>(sql`
    WITH h AS (
      SELECT h.stage_id, h.entered_at, h.left_at,
             lead(h.stage_id) OVER (PARTITION BY h.deal_id ORDER BY h.entered_at, h.id) AS next_stage
      FROM deal_stage_history h JOIN deals t ON t.id = h.deal_id
      WHERE h.pipeline_id = ${pipelineId}::uuid AND ${readableWhere(ctx, deals)}
    ), w AS (
      SELECT * FROM h WHERE entered_at >= ${from}::date AND entered_at < ${to}::date
    )
    SELECT s.id, s.name, s.kind,
      count(w.stage_id)::int AS entered,
      count(*) FILTER (WHERE n.kind = 'won' OR (n.kind = 'open' AND n.position > s.position))::int AS advanced,
      count(*) FILTER (WHERE n.kind = 'lost')::int AS lost,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM w.left_at - w.entered_at) / 86400)
        FILTER (WHERE w.left_at IS NOT NULL) AS median_days
    FROM pipeline_stages s
    LEFT JOIN w ON w.stage_id = s.id
    LEFT JOIN pipeline_stages n ON n.id = w.next_stage
    WHERE s.pipeline_id = ${pipelineId}::uuid AND s.deleted_at IS NULL
    GROUP BY s.id, s.name, s.kind, s.position
    ORDER BY s.position, s.id`);
  return {
    pipelineId,
    from,
    to,
    stages: rows.map((r) => ({
      stageId: r.id,
      name: r.name,
      kind: r.kind,
      entered: r.entered,
      advanced: r.advanced,
      lost: r.lost,
      conversion: r.entered ? r.advanced / r.entered : null,
      medianDays: r.median_days === null ? null : Math.round(Number(r.median_days) * 10) / 10,
    })),
  };
}
