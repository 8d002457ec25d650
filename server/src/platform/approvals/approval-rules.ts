// What a module says about approvals of one object (decision 028): when a write needs someone's
// yes (`needsApproval`, asked on the records path when the named fields change), which fields may
// still change while the record waits, and what the decision does to the record. The platform
// keeps the rules per registry (one app's modules), as it keeps their hooks.
import type { Ctx } from '../context.ts';
import type { HookChange } from '../records/hooks.ts';
import type { Registry } from '../registry/registry.ts';

/** Why a record must wait, and for whom. */
export interface ApprovalNeed {
  /** In words the approver reads: "Discount 30 % is above the 20 % limit". */
  reason: string;
  /** Who may decide; absent or empty: the requester's team managers, else the admins (defaultApprovers). */
  approverIds?: string[];
  /** The values the approver decides on (default: the trigger fields' values after the write). */
  snapshot?: Record<string, unknown>;
}

/** A request as the rule's decision callback sees it. */
export interface DecidedApproval {
  id: string;
  object: string;
  recordId: string;
  rule: string;
  status: 'approved' | 'rejected' | 'cancelled';
  comment: string | null;
  decidedBy: string | null;
  requestedBy: string | null;
}

export interface ApprovalRule {
  /** The object whose records wait. */
  object: string;
  /** Unique per object: which rule asked ('discount'); stored on the request. */
  key: string;
  /**
   * Changes to these fields make the rule look again (a create always does). Without them (or
   * without needsApproval) the rule serves only explicit requests (requestApproval).
   */
  triggerFields?: string[];
  /** Null when the write may stand as it is; otherwise the record waits, locked, from this write on. */
  needsApproval?: (ctx: Ctx, change: HookChange) => ApprovalNeed | null | Promise<ApprovalNeed | null>;
  /** Fields that may still change while the record waits (a status the module keeps). */
  allowWhileLocked?: string[];
  /**
   * What the decision (or a withdrawal) does to the record, in the decision's transaction, acting
   * as the system: the request is no longer pending, so the record is writable again.
   */
  onDecided?: (ctx: Ctx, request: DecidedApproval) => void | Promise<void>;
}

const rulesByRegistry = new WeakMap<Registry, Map<string, ApprovalRule[]>>();

/** Registers rules on a registry (idempotent: an app built twice on one registry registers once). */
export function registerApprovalRules(registry: Registry, rules: readonly ApprovalRule[]): void {
  const byObject = rulesByRegistry.get(registry) ?? new Map<string, ApprovalRule[]>();
  rulesByRegistry.set(registry, byObject);
  for (const rule of rules) {
    const list = byObject.get(rule.object) ?? [];
    const had = list.find((r) => r.key === rule.key);
    if (had === rule) continue;
    if (had) throw new Error(`two approval rules of ${rule.object} are keyed ${rule.key}`);
    byObject.set(rule.object, [...list, rule]);
  }
}

/** The approval rules of an object (empty: its records never wait, and no write pays for a check). */
export const approvalRulesOf = (registry: Registry, object: string): ApprovalRule[] =>
  rulesByRegistry.get(registry)?.get(object) ?? [];

export const approvalRule = (registry: Registry, object: string, key: string): ApprovalRule | undefined =>
  approvalRulesOf(registry, object).find((r) => r.key === key);
