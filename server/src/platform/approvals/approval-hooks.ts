// Approvals on the records path: the lock (a waiting record refuses updates and deletes on every
// write path — update, bulk, import, merge, delete — with a 409 naming the request) and the
// automatic trigger (a rule's needsApproval, asked after a write that touched its fields). Both
// are hooks of the objects that have rules, so other objects' writes pay nothing.
import type { ObjectHooks } from '../records/hooks.ts';
import type { Registry } from '../registry/registry.ts';
import { type ApprovalRule, approvalRule, approvalRulesOf, registerApprovalRules } from './approval-rules.ts';
import { lockedError, pendingRequest, requestApproval } from './approvals.service.ts';

export const approvalHooks: ObjectHooks = {
  async validate(ctx, change) {
    if (change.action !== 'update' && change.action !== 'delete') return;
    const waiting = await pendingRequest(ctx, change.object.name, change.id);
    if (!waiting) return;
    const allowed = approvalRule(ctx.registry, change.object.name, waiting.rule)?.allowWhileLocked ?? [];
    // Computed fields are named as changed whether or not their value moved: compare.
    const moved = change.changed.filter(
      (f) => JSON.stringify(change.before?.[f] ?? null) !== JSON.stringify(change.after?.[f] ?? null),
    );
    if (change.action === 'update' && moved.every((f) => allowed.includes(f))) return;
    throw lockedError(change.object.label, waiting);
  },

  // A merge changes both records (one takes the other's related records, the other goes).
  async merge(ctx, { keptId, mergedId }, object) {
    for (const id of [keptId, mergedId]) {
      const waiting = await pendingRequest(ctx, object.name, id);
      if (waiting) throw lockedError(object.label, waiting);
    }
  },

  async afterWrite(ctx, change) {
    if ((change.action !== 'create' && change.action !== 'update') || !change.after) return;
    for (const rule of approvalRulesOf(ctx.registry, change.object.name)) {
      if (!rule.needsApproval || !rule.triggerFields?.length) continue;
      if (change.action === 'update' && !change.changed.some((f) => rule.triggerFields?.includes(f))) continue;
      const need = await rule.needsApproval(ctx, change);
      if (!need) continue;
      // A record already waiting (a change to a field allowed while locked) waits once.
      if (await pendingRequest(ctx, change.object.name, change.id)) return;
      const after = change.after;
      await requestApproval(ctx, {
        ...need,
        object: change.object.name,
        recordId: change.id,
        rule: rule.key,
        snapshot: need.snapshot ?? Object.fromEntries(rule.triggerFields.map((f) => [f, after[f] ?? null])),
      });
      return;
    }
  },
};

/** A module's rules on an app's registry, and the lock and trigger on the objects they name. */
export function addApprovalRules(registry: Registry, rules: readonly ApprovalRule[]): void {
  if (!rules.length) return;
  registerApprovalRules(registry, rules);
  registry.addHooks((obj) => approvalRulesOf(registry, obj.name).length > 0, approvalHooks);
}
