// Lead assignment rules: an ordered list, edited by admins; on every new lead the first enabled
// rule whose conditions match gives it an owner — a user, or the next member of a team in turn.
// The turn is kept in the rule's row and taken under its row lock, so concurrent creates share
// a team fairly. No match leaves the owner as the lead was made.

import type { FilterGroup } from '@kith/common';
import {
  type AssignmentAction,
  type AssignmentRule,
  type AssignmentRuleInput,
  type AssignmentRulePatch,
  assignmentRuleInput,
  assignmentRulePatch,
} from '@kith/common/api/leads';
import { uuidv7 } from 'uuidv7';
import { type Sql, sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { territoryPeople } from '../territories/territories.service.ts';
import { conditionsSql } from './lead-conditions.ts';

interface RuleRow {
  id: string;
  name: string;
  enabled: boolean;
  conditions: FilterGroup;
  action: AssignmentAction;
  last_assignee_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const toRule = (r: RuleRow): AssignmentRule => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled,
  conditions: r.conditions,
  action: r.action,
  lastAssigneeId: r.last_assignee_id,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const emptyGroup: FilterGroup = { op: 'and', conditions: [] };
const leadObject = (ctx: Ctx) => ctx.registry.get('lead') as ResolvedObject;

export async function listRules(ctx: Ctx): Promise<AssignmentRule[]> {
  assertAdmin(ctx.principal);
  const rows = await ctx.db.query<RuleRow>(sql`SELECT * FROM lead_assignment_rules ORDER BY position, id`);
  return rows.map(toRule);
}

/** Whether the action's user or team exists (an inactive user is refused too). */
async function checkAction(ctx: Ctx, action: AssignmentAction): Promise<void> {
  switch (action.kind) {
    case 'user': {
      const [u] = await ctx.db.query(sql`SELECT 1 FROM users WHERE id = ${action.userId}::uuid AND is_active`);
      if (!u) throw invalid('action.userId: no active user has this id', { 'action.userId': 'unknown user' });
      return;
    }
    case 'roundRobin': {
      const [t] = await ctx.db.query(sql`SELECT 1 FROM teams WHERE id = ${action.teamId}::uuid`);
      if (!t) throw invalid('action.teamId: no team has this id', { 'action.teamId': 'unknown team' });
      return;
    }
  }
}

export async function createRule(ctx: Ctx, input: AssignmentRuleInput): Promise<AssignmentRule> {
  assertAdmin(ctx.principal);
  const parsed = assignmentRuleInput.safeParse(input);
  if (!parsed.success) throw zodToInvalid(parsed.error, input);
  const v = parsed.data;
  const conditions = v.conditions ?? emptyGroup;
  conditionsSql(leadObject(ctx), conditions, 'conditions');
  await checkAction(ctx, v.action);
  return ctx.db.transaction(async (tx) => {
    const id = uuidv7();
    const [row] = await tx.query<RuleRow>(sql`
      INSERT INTO lead_assignment_rules (id, name, enabled, conditions, action, position, created_at, updated_at)
      VALUES (${id}, ${v.name}, ${v.enabled ?? true}, ${JSON.stringify(conditions)}::jsonb, ${JSON.stringify(v.action)}::jsonb,
        (SELECT COALESCE(max(position), 0) + 1 FROM lead_assignment_rules), ${ctx.now()}, ${ctx.now()})
      RETURNING *`);
    await recordAudit(withTx(ctx, tx), {
      action: 'create',
      objectType: 'lead_assignment_rule',
      recordId: id,
      changes: { name: v.name, conditions, action: v.action },
    });
    return toRule(row);
  });
}

export async function updateRule(ctx: Ctx, id: string, patch: AssignmentRulePatch): Promise<AssignmentRule> {
  assertAdmin(ctx.principal);
  const parsed = assignmentRulePatch.safeParse(patch);
  if (!parsed.success) throw zodToInvalid(parsed.error, patch);
  const p = parsed.data;
  if (p.conditions) conditionsSql(leadObject(ctx), p.conditions, 'conditions');
  if (p.action) await checkAction(ctx, p.action);
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx.query<RuleRow>(
      sql`SELECT * FROM lead_assignment_rules WHERE id = ${id}::uuid FOR UPDATE`,
    );
    if (!before) throw notFound('Assignment rule');
    const sets: Sql[] = [sql`updated_at = ${ctx.now()}`];
    if (p.name !== undefined) sets.push(sql`name = ${p.name}`);
    if (p.enabled !== undefined) sets.push(sql`enabled = ${p.enabled}`);
    if (p.conditions) sets.push(sql`conditions = ${JSON.stringify(p.conditions)}::jsonb`);
    // A new action starts its turn afresh.
    if (p.action) sets.push(sql`action = ${JSON.stringify(p.action)}::jsonb, last_assignee_id = NULL`);
    const [row] = await tx.query<RuleRow>(
      sql`UPDATE lead_assignment_rules SET ${sql.join(sets)} WHERE id = ${id}::uuid RETURNING *`,
    );
    const changes = Object.fromEntries(
      Object.entries(p).map(([k, after]) => [k, { before: before[k as keyof RuleRow] ?? null, after }]),
    );
    await recordAudit(withTx(ctx, tx), { action: 'update', objectType: 'lead_assignment_rule', recordId: id, changes });
    return toRule(row);
  });
}

export async function deleteRule(ctx: Ctx, id: string): Promise<void> {
  assertAdmin(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const [gone] = await tx.query<RuleRow>(sql`DELETE FROM lead_assignment_rules WHERE id = ${id}::uuid RETURNING *`);
    if (!gone) throw notFound('Assignment rule');
    await recordAudit(withTx(ctx, tx), {
      action: 'delete',
      objectType: 'lead_assignment_rule',
      recordId: id,
      changes: { name: gone.name },
    });
  });
}

/** Puts the rules in this order; `ids` must name every rule once. */
export async function reorderRules(ctx: Ctx, ids: string[]): Promise<AssignmentRule[]> {
  assertAdmin(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const rows = await tx.query<{ id: string }>(sql`SELECT id FROM lead_assignment_rules ORDER BY position FOR UPDATE`);
    const known = rows.map((r) => r.id).sort();
    if (new Set(ids).size !== ids.length || JSON.stringify([...ids].sort()) !== JSON.stringify(known))
      throw invalid('ids: must list every assignment rule exactly once', { ids: 'must list every rule once' });
    await tx.query(sql`UPDATE lead_assignment_rules r SET position = o.n, updated_at = ${ctx.now()}
      FROM unnest(${ids}::uuid[]) WITH ORDINALITY o(id, n) WHERE r.id = o.id`);
    await recordAudit(withTx(ctx, tx), { action: 'reorder', objectType: 'lead_assignment_rule', changes: { ids } });
  });
  return listRules(ctx);
}

/**
 * Who should own the lead `id` (already written in ctx's transaction): the first enabled rule
 * that matches and can name someone. Null: no rule applies.
 */
export async function matchAssignment(
  ctx: Ctx,
  obj: ResolvedObject,
  id: string,
): Promise<{ rule: AssignmentRule; assigneeId: string } | null> {
  const rules = await ctx.db.query<RuleRow>(
    sql`SELECT * FROM lead_assignment_rules WHERE enabled ORDER BY position, id`,
  );
  for (const r of rules) {
    let cond: Sql | null;
    try {
      cond = conditionsSql(obj, r.conditions, 'conditions');
    } catch (err) {
      // A field the rule names was deleted since: the rule is skipped, not every lead refused.
      ctx.log.warn({ err, rule: r.id }, 'lead assignment rule has conditions that no longer apply');
      continue;
    }
    const [hit] = await ctx.db.query(
      sql`SELECT 1 FROM ${sql.ident(obj.table)} t WHERE t.id = ${id}::uuid${cond ? sql` AND ${cond}` : sql.empty}`,
    );
    if (!hit) continue;
    const assigneeId = await resolveAssignee(ctx, r, id);
    if (assigneeId) return { rule: toRule(r), assigneeId };
  }
  return null;
}

/**
 * The person a matching rule names. Each action kind has its case here; the territories module
 * adds `territory` (the lead's territory's rep), the union in @kith/common/api/leads with it.
 */
async function resolveAssignee(ctx: Ctx, rule: RuleRow, leadId: string): Promise<string | null> {
  const action = rule.action;
  switch (action.kind) {
    case 'user': {
      const [u] = await ctx.db.query<{ id: string }>(
        sql`SELECT id FROM users WHERE id = ${action.userId}::uuid AND is_active`,
      );
      return u?.id ?? null;
    }
    case 'roundRobin':
      return nextInTurn(ctx, rule.id, await teamPeople(ctx, action.teamId));
    case 'territory': {
      const [lead] = await ctx.db.query<{ territory_id: string | null }>(
        sql`SELECT territory_id FROM leads WHERE id = ${leadId}::uuid`,
      );
      if (!lead?.territory_id) return null; // no territory: the next rule
      return nextInTurn(ctx, rule.id, await territoryPeople(ctx, lead.territory_id));
    }
  }
}

async function teamPeople(ctx: Ctx, teamId: string): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string }>(sql`SELECT u.id FROM team_members m JOIN users u ON u.id = m.user_id
    WHERE m.team_id = ${teamId}::uuid AND u.is_active ORDER BY u.id`);
  return rows.map((m) => m.id);
}

/** The next of `members` (ids in order) after the last one given a lead by this rule, under the rule's row lock. */
async function nextInTurn(ctx: Ctx, ruleId: string, members: string[]): Promise<string | null> {
  const [rule] = await ctx.db.query<{ last_assignee_id: string | null }>(
    sql`SELECT last_assignee_id FROM lead_assignment_rules WHERE id = ${ruleId}::uuid FOR UPDATE`,
  );
  if (!rule || !members.length) return null;
  // The first member after the last one (ids in a fixed order), so a member who left or joined
  // does not restart the turn.
  const last = rule.last_assignee_id;
  const next = (last && members.find((m) => m > last)) || members[0];
  await ctx.db.query(sql`UPDATE lead_assignment_rules SET last_assignee_id = ${next}::uuid WHERE id = ${ruleId}::uuid`);
  return next;
}
