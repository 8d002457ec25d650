// An expense's way to its money: the rep submits it (draft or rejected → submitted), which asks
// the platform's approval step (decision 028) for the rep's manager's yes — the managers of the
// rep's teams, else the admins; the expense waits, locked. The decision moves it (approved, or
// rejected with the approver's comment; a withdrawn request puts it back to draft). A manager marks
// an approved expense reimbursed. Each move is an update through the records path (audit, event).

import type { ApiRecord } from '@kith/common/api/records';
import { formatMoney } from '@kith/common/money';
import type { ApprovalRule } from '../../platform/approvals/approval-rules.ts';
import { requestApproval } from '../../platform/approvals/approvals.service.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { applyUpdate, getRecord, loadRow, objectOf } from '../../platform/records/records.service.ts';
import { asMove, type ExpenseStatus } from './expense-rules.ts';
import { expenseObject } from './expenses.object.ts';

const ruleKey = 'manager';

/**
 * Moves an expense to `to` from one of `from`: the status (and the decision's note) written by the
 * records path's update of a loaded row — the hooks, audit and event of any update — as a move,
 * which the expense's own lock lets through.
 */
async function move(ctx: Ctx, id: string, to: ExpenseStatus, from: ExpenseStatus[], note?: string | null) {
  const obj = objectOf(ctx, expenseObject.name);
  const perm = assertCan(ctx.principal, obj.name, 'update', obj.label);
  const row = await loadRow(ctx, obj, perm, id, { lock: true });
  const status = ((row.status as ExpenseStatus | null) ?? 'draft') as ExpenseStatus;
  if (!from.includes(status))
    throw conflict(`status: a ${status} expense cannot become ${to}`, { fields: { status: `is ${status}` } });
  const patch = { status: to, ...(note !== undefined ? { decisionNote: note } : {}) };
  await asMove(ctx.db, id, { status: to, note }, () => applyUpdate(ctx, obj, perm, row, patch));
  return getRecord(ctx, obj.name, id);
}

/** Submits an expense for its rep's manager's approval (the rep, or whoever may change it). */
export async function submitExpense(ctx: Ctx, id: string): Promise<ApiRecord> {
  assertCan(ctx.principal, expenseObject.name, 'update', expenseObject.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const submitted = await move(c, id, 'submitted', ['draft', 'rejected'], null);
    const amount = submitted.amount as { amount: number; currency: string };
    await requestApproval(c, {
      object: expenseObject.name,
      recordId: id,
      rule: ruleKey,
      reason: `Expense of ${formatMoney(amount)} (${submitted.category}): ${submitted.description}`,
      snapshot: { amount, category: submitted.category, date: submitted.date },
    });
    return getRecord(c, expenseObject.name, id);
  });
}

/** Marks an approved expense paid back (managers and admins: who may change any expense). */
export async function reimburseExpense(ctx: Ctx, id: string): Promise<ApiRecord> {
  const perm = assertCan(ctx.principal, expenseObject.name, 'update', expenseObject.label);
  if (perm.scope !== 'all') throw conflict('status: only a manager marks an expense reimbursed');
  return ctx.db.transaction(async (tx) => move(withTx(ctx, tx), id, 'reimbursed', ['approved']));
}

/** The approval rule: no trigger field (submit asks explicitly); the decision moves the status. */
export const expenseApprovalRule: ApprovalRule = {
  object: expenseObject.name,
  key: ruleKey,
  async onDecided(ctx, request) {
    const to: ExpenseStatus =
      request.status === 'approved' ? 'approved' : request.status === 'rejected' ? 'rejected' : 'draft';
    await move(ctx, request.recordId, to, ['submitted'], request.comment);
  },
};
