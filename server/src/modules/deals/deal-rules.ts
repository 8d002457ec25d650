// What a deal's stage decides, on every write (the form, the board, the API, an import): its
// status, probability, weighted amount and forecast category follow the stage; entering a stage
// needs the fields the stage names (a Won stage may need the amount, a Lost one the reason); each
// move is kept in the stage history, from which the time in stage and the pipeline's flow come.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks, WriteChange } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';

export interface StageRow {
  id: string;
  name: string;
  pipeline_id: string;
  probability: number;
  kind: 'open' | 'won' | 'lost';
  forecast_category: string | null;
  required_fields: string[];
}

export async function loadStage(ctx: Ctx, id: string): Promise<StageRow | undefined> {
  const [row] = await ctx.db.query<StageRow>(sql`
    SELECT id, name, pipeline_id, probability, kind, forecast_category, required_fields
    FROM pipeline_stages WHERE id = ${id}::uuid`);
  return row;
}

/**
 * The stage a write's compute read, for its validate to use: kept per transaction and deal for
 * the one write only (afterWrite drops it), so a later write in the same transaction reads afresh.
 */
const stageOfWrite = new WeakMap<object, Map<string, StageRow>>();
const writeStages = (ctx: Ctx) => {
  const m = stageOfWrite.get(ctx.db) ?? new Map<string, StageRow>();
  stageOfWrite.set(ctx.db, m);
  return m;
};

type Money = { amount: number; currency: string } | null;

/** The forecast category a stage gives its deals: closed stages their own, open ones theirs or by probability. */
export function categoryOf(stage: Pick<StageRow, 'kind' | 'forecast_category' | 'probability'>): string {
  if (stage.kind === 'won') return 'closed';
  if (stage.kind === 'lost') return 'omitted';
  if (stage.forecast_category) return stage.forecast_category;
  return stage.probability >= 70 ? 'commit' : stage.probability >= 40 ? 'bestCase' : 'pipeline';
}

/** The amount times the probability, in whole minor units. */
export const weighted = (amount: Money, probability: number): Money =>
  amount ? { amount: Math.round((amount.amount * probability) / 100), currency: amount.currency } : null;

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

const entersStage = (change: WriteChange) =>
  change.action === 'create' || (change.action === 'update' && change.changed.includes('stageId'));

export const dealHooks: ObjectHooks = {
  async compute(ctx, change) {
    const after = change.after;
    const stage = await loadStage(ctx, String(after.stageId));
    if (!stage) return {}; // the reference check names the missing stage
    writeStages(ctx).set(change.id, stage);
    const before = change.before;
    const moved = entersStage(change);
    // Closed when it first entered won (or lost); a move between two won stages keeps the date.
    const closedAt = stage.kind === 'open' ? null : before?.status === stage.kind ? (before.closedAt ?? null) : null;
    const now = ctx.now().toISOString();
    return {
      status: stage.kind,
      probability: stage.probability,
      weightedAmount: weighted(after.amount as Money, stage.probability),
      forecastCategory: categoryOf(stage),
      stageEnteredAt: moved ? now : (before?.stageEnteredAt ?? now),
      closedAt: stage.kind === 'open' ? null : (closedAt ?? now),
    };
  },

  async validate(ctx, change) {
    if (!change.after || !entersStage(change)) return;
    const stageId = String(change.after.stageId);
    const read = writeStages(ctx).get(change.id);
    const stage = read?.id === stageId ? read : await loadStage(ctx, stageId);
    if (!stage) return;
    const obj = ctx.registry.get('deal');
    const missing = stage.required_fields.filter((name) => isEmpty((change.after as Values)[name]));
    if (!missing.length) return;
    const label = (n: string) => (obj?.fields.get(n)?.label ?? n).toLowerCase();
    const problem = `required to enter ${stage.name}`;
    throw invalid(`stageId: ${stage.name} needs ${missing.map(label).join(', ')} filled in first`, {
      stageId: `${stage.name} needs ${missing.join(', ')}`,
      ...Object.fromEntries(missing.map((n) => [n, problem])),
    });
  },

  // The stage history: the move closes the deal's open row and opens one for the new stage.
  async afterWrite(ctx, change) {
    writeStages(ctx).delete(change.id);
    if (!change.after || !entersStage(change)) return;
    const at = change.after.stageEnteredAt as string;
    if (change.action === 'update')
      await ctx.db.query(sql`
        UPDATE deal_stage_history SET left_at = ${at}::timestamptz
        WHERE deal_id = ${change.id}::uuid AND left_at IS NULL`);
    await ctx.db.query(sql`
      INSERT INTO deal_stage_history (deal_id, pipeline_id, stage_id, entered_at, moved_by)
      VALUES (${change.id}::uuid, ${change.after.pipelineId as string}::uuid, ${change.after.stageId as string}::uuid,
              ${at}::timestamptz, ${ctx.principal.userId ?? null}::uuid)`);
  },
};
