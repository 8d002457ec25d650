// A plan's tiers replaced at once (PUT /api/v1/commission-plans/{id}/tiers): the ladder is checked
// as a whole — from 0, no gap, no overlap, the last open-ended, rates 0–100 % — and then written
// row by row through the records path (permission, audit, event) in one transaction. This is how
// an active plan's ladder changes; a draft's rows may also be edited one by one.
import type { SetTiersInput, TiersResult } from '@kith/common/api/commissions';
import { sql } from '../../db/sql.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { createRecord, deleteRecord, objectOf, readableWhere } from '../../platform/records/records.service.ts';
import { tierProblems } from './commission-maths.ts';
import { commissionPlanObject, commissionTierObject } from './commissions.object.ts';
import { replacingTiers } from './plan-rules.ts';

export async function setTiers(ctx: Ctx, planId: string, input: SetTiersInput): Promise<TiersResult> {
  assertCan(ctx.principal, commissionTierObject.name, 'update', 'commission tier');
  const tiers = [...input.tiers];
  const [problem] = tierProblems(tiers);
  if (problem) throw invalid(`${problem.path}: ${problem.message}`, { [problem.path]: problem.message });
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const plan = objectOf(c, commissionPlanObject.name);
    const [found] = await tx.query<{ id: string }>(
      sql`SELECT t.id FROM commission_plans t WHERE t.id = ${planId}::uuid AND ${readableWhere(c, plan)} FOR UPDATE`,
    );
    if (!found) throw notFound('Commission plan');
    return replacingTiers(tx, planId, async () => {
      const old = await tx.query<{ id: string }>(
        sql`SELECT id FROM commission_tiers WHERE plan_id = ${planId}::uuid AND deleted_at IS NULL`,
      );
      for (const t of old) await deleteRecord(c, commissionTierObject.name, t.id);
      const data: TiersResult['data'] = [];
      for (const t of tiers) {
        const made = await createRecord(c, commissionTierObject.name, { planId, ...t });
        data.push({ id: made.id as string, ...t });
      }
      return { data };
    });
  });
}
