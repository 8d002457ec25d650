// Statements follow what they are made of (decision 029): a handler of domain events, read in
// commit order (decision 015), recalculates the statements a change may move — those that hold a
// changed deal now (it may have left them: another owner, another period, no longer won, deleted)
// and the one it belongs in now; a rep's statements when their quota changes; a plan's members'
// when the plan, its tiers, its category rates or its members change. Each statement is
// recalculated once per batch of events: they have all committed, so one pass sees them all.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import type { EventHandlerDef, StoredEvent } from '../../platform/event-handlers.ts';
import {
  recalculateAll,
  type StatementKey,
  statementOfDeal,
  statementsOfPlan,
  statementsOfQuota,
  statementsWithDeal,
} from './statements.service.ts';

/** Deal fields a statement is made of; a change of any other (a note, the next step) moves none. */
const dealFields = new Set([
  'amount',
  'status',
  'ownerId',
  'closedAt',
  'stageId',
  'pipelineId',
  'name',
  'amountFromLines',
]);

/** Statements already recalculated in a batch's transaction. */
const doneIn = new WeakMap<object, Set<string>>();

async function dealKeys(ctx: Ctx, dealId: string): Promise<StatementKey[]> {
  const now = await statementOfDeal(ctx, dealId);
  return [...(await statementsWithDeal(ctx, dealId)), ...(now ? [now] : [])];
}

/** The plan a row of one of the plan's parts (a tier, a member, a category rate) belongs to, removed or not. */
async function planOfPart(ctx: Ctx, objectType: string, id: string): Promise<string | null> {
  const obj = ctx.registry.get(objectType);
  if (!obj) return null;
  const [row] = await ctx.db.query<{ plan_id: string | null }>(
    sql`SELECT plan_id FROM ${sql.ident(obj.table)} WHERE id = ${id}::uuid`,
  );
  return row?.plan_id ?? null;
}

/** The deal a product line is on (the catalogue's dealLine), removed or not. */
async function dealOfLine(ctx: Ctx, id: string): Promise<string | null> {
  const obj = ctx.registry.get('dealLine');
  const column = obj?.fields.get('dealId')?.column;
  if (!obj || !column) return null;
  const [row] = await ctx.db.query<{ deal_id: string | null }>(
    sql`SELECT ${sql.ident(column)} AS deal_id FROM ${sql.ident(obj.table)} WHERE id = ${id}::uuid`,
  );
  return row?.deal_id ?? null;
}

export async function keysOfEvent(ctx: Ctx, e: StoredEvent): Promise<StatementKey[]> {
  if (!e.recordId || !e.objectType) return [];
  const fields = Array.isArray(e.payload.fields) ? (e.payload.fields as string[]) : null;
  switch (e.objectType) {
    case 'deal':
      if (e.type === 'deal.updated' && fields && !fields.some((f) => dealFields.has(f))) return [];
      // A deal just made can only be in the statement it belongs in now (won already, or a
      // recalculation since took it in); any move after this comes with an event of its own.
      if (e.type === 'deal.created') {
        const now = await statementOfDeal(ctx, e.recordId);
        return now ? [now] : [];
      }
      return dealKeys(ctx, e.recordId);
    case 'dealLine': {
      const dealId = await dealOfLine(ctx, e.recordId);
      return dealId ? dealKeys(ctx, dealId) : [];
    }
    case 'quota':
      return statementsOfQuota(ctx, e.recordId);
    case 'commissionPlan':
      return statementsOfPlan(ctx, e.recordId);
    default: {
      const planId = await planOfPart(ctx, e.objectType, e.recordId);
      return planId ? statementsOfPlan(ctx, planId) : [];
    }
  }
}

const lifecycle = ['created', 'updated', 'deleted', 'restored', 'merged'];
const watched = [
  'deal',
  'dealLine',
  'quota',
  'commissionPlan',
  'commissionTier',
  'commissionPlanMember',
  'commissionCategoryRate',
];

export const commissionEvents: EventHandlerDef = {
  name: 'commissions.statements',
  on: watched.flatMap((o) => lifecycle.map((l) => `${o}.${l}`)),
  async handle(ctx, e) {
    const done = doneIn.get(ctx.db) ?? new Set<string>();
    doneIn.set(ctx.db, done);
    await recalculateAll(ctx, await keysOfEvent(ctx, e), done);
  },
};
