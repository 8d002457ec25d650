// What changing a pipeline or a stage may do to the deals in it. A stage keeps its pipeline; its
// probability and forecast category flow to its deals at once (set-based, in the same
// transaction); its kind (open, won, lost) and its existence change only once no deal is in it.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { categoryOf } from './deal-rules.ts';

async function liveDeals(ctx: Ctx, column: 'stage_id' | 'pipeline_id', id: string): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM deals WHERE ${sql.ident(column)} = ${id}::uuid AND deleted_at IS NULL`);
  return row?.n ?? 0;
}

const deals = (n: number) => (n === 1 ? '1 deal' : `${n} deals`);

export const pipelineHooks: ObjectHooks = {
  async validate(ctx, change) {
    if (change.action !== 'delete') return;
    const n = await liveDeals(ctx, 'pipeline_id', change.id);
    if (n) throw conflict(`This pipeline has ${deals(n)}: move or delete them first`, { deals: n });
  },
};

/** Deal fields a stage may require: what a person can fill in (not computed, not the stage itself). */
const requirable = (ctx: Ctx) =>
  [...(ctx.registry.get('deal')?.fields.values() ?? [])]
    .filter((f) => !f.computed && !f.readOnly && f.name !== 'stageId' && f.name !== 'pipelineId')
    .map((f) => f.name);

export const stageHooks: ObjectHooks = {
  async validate(ctx, change) {
    const { before, after } = change;
    if (change.action === 'delete') {
      const n = await liveDeals(ctx, 'stage_id', change.id);
      if (n)
        throw conflict(`${before?.name ?? 'This stage'} has ${deals(n)}: move them to another stage first`, {
          deals: n,
        });
      return;
    }
    if (!after) return;
    if (Number(after.probability) > 100)
      throw invalid('probability: must be from 0 to 100', { probability: 'must be from 0 to 100' });
    const allowed = requirable(ctx);
    ((after.requiredFields as string[] | null) ?? []).forEach((name, i) => {
      if (!allowed.includes(name))
        throw invalid(
          `requiredFields.${i}: "${name}" is not a deal field one can fill in; one of: ${allowed.join(', ')}`,
          {
            [`requiredFields.${i}`]: 'not a deal field',
          },
        );
    });
    if (change.action !== 'update' || !before) return;
    if (change.changed.includes('pipelineId') && after.pipelineId !== before.pipelineId)
      throw invalid('pipelineId: a stage stays in its pipeline; add the stage to the other pipeline instead', {
        pipelineId: 'cannot change',
      });
    if (change.changed.includes('kind') && after.kind !== before.kind) {
      const n = await liveDeals(ctx, 'stage_id', change.id);
      if (n)
        throw conflict(`${String(after.name)} has ${deals(n)}: move them out before making it ${String(after.kind)}`, {
          deals: n,
        });
    }
  },

  // A new probability or category reaches every deal in the stage, as if each had been saved.
  async afterWrite(ctx, change) {
    const { before, after } = change;
    if (change.action !== 'update' || !before || !after) return;
    if (after.probability === before.probability && after.forecastCategory === before.forecastCategory) return;
    const probability = Number(after.probability);
    const category = categoryOf({
      kind: after.kind as 'open' | 'won' | 'lost',
      forecast_category: (after.forecastCategory as string | null) ?? null,
      probability,
    });
    await ctx.db.query(sql`
      UPDATE deals SET probability = ${probability},
        weighted_amount = round(amount * ${probability} / 100.0)::bigint,
        weighted_amount_currency = CASE WHEN amount IS NULL THEN NULL ELSE amount_currency END,
        forecast_category = ${category}
      WHERE stage_id = ${change.id}::uuid`);
  },
};
