// An expense's status is the server's: a new one is a draft; submit, approve, reject and reimburse
// (expense-approval.ts) move it, each an update through the records path that says which move it
// makes. While submitted, approved or reimbursed the expense is locked — its rep cannot change
// what was (or is being) approved; a rejected one is open again, to be fixed and resubmitted.
import type { Queryable } from '../../db/database.ts';
import { conflict } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';

export type ExpenseStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'reimbursed';

/** Statuses whose expense may not be edited (only moved on by its next step). */
export const lockedStatuses: readonly ExpenseStatus[] = ['submitted', 'approved', 'reimbursed'];

/** The moves under way in a transaction: expense id → the status (and note) it is moving to. */
const moves = new WeakMap<object, Map<string, { status: ExpenseStatus; note?: string | null }>>();

/** Runs `write` (an update of the expense through the records path) as the move to `status`. */
export async function asMove<T>(
  db: Queryable,
  id: string,
  move: { status: ExpenseStatus; note?: string | null },
  write: () => Promise<T>,
): Promise<T> {
  const m = moves.get(db) ?? new Map();
  moves.set(db, m);
  m.set(id, move);
  try {
    return await write();
  } finally {
    m.delete(id);
  }
}

export const expenseHooks: ObjectHooks = {
  compute(ctx, change) {
    const move = moves.get(ctx.db)?.get(change.id);
    if (move) return { status: move.status, ...(move.note !== undefined ? { decisionNote: move.note } : {}) };
    if (change.action === 'create') return { status: 'draft', decisionNote: null };
    return {};
  },
  validate(ctx, change) {
    if (change.action === 'create' || moves.get(ctx.db)?.has(change.id)) return;
    const status = (change.before?.status as ExpenseStatus | undefined) ?? 'draft';
    if (change.action === 'update' && lockedStatuses.includes(status))
      throw conflict(`status: this expense is ${status} and cannot be changed`, {
        fields: { status: `is ${status}: locked` },
      });
    if (change.action === 'delete' && status !== 'draft' && status !== 'rejected')
      throw conflict(`status: a ${status} expense cannot be deleted`, { fields: { status: `is ${status}` } });
  },
};
