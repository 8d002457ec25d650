// A quote's approval, on the platform's approval step (decision 028): submitting a draft whose
// overall or average discount is above the admin's limit asks the rep's managers (else the
// admins), the quote waits in pendingApproval, locked; the decision makes it approved, or sends
// it back to draft with the approver's comment. Within the limit, submitting approves at once.

import type { ApprovalRule, DecidedApproval } from '../../platform/approvals/approval-rules.ts';
import { requestApproval } from '../../platform/approvals/approvals.service.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { approvalReason, readQuoteSettings } from './quote-settings.ts';
import { editableQuote } from './quote-state.ts';
import { setQuoteStatus } from './quote-status.ts';

export const discountRule = 'discount';

export async function submitQuote(ctx: Ctx, quoteId: string) {
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const q = await editableQuote(c, quoteId);
    const reason = approvalReason(q.values, await readQuoteSettings(tx));
    if (!reason) {
      await setQuoteStatus(c, quoteId, { status: 'approved', approvalComment: null });
      return { quote: await getRecord(c, 'quote', quoteId), approvalNeeded: false, reason: null };
    }
    await setQuoteStatus(c, quoteId, { status: 'pendingApproval', approvalComment: null });
    await requestApproval(c, {
      object: 'quote',
      recordId: quoteId,
      rule: discountRule,
      reason,
      snapshot: {
        discountPercent: q.values.discountPercent ?? 0,
        averageDiscountPercent: q.values.averageDiscountPercent ?? 0,
        total: q.values.total,
      },
    });
    return { quote: await getRecord(c, 'quote', quoteId), approvalNeeded: true, reason };
  });
}

/** approved → approved; rejected or withdrawn → back to draft, with the approver's comment. */
async function onDecided(ctx: Ctx, request: DecidedApproval) {
  const status = request.status === 'approved' ? 'approved' : 'draft';
  await setQuoteStatus(ctx, request.recordId, { status, approvalComment: request.comment ?? null });
}

export const quoteApprovalRules: ApprovalRule[] = [
  {
    object: 'quote',
    key: discountRule,
    // Asked for explicitly by submitQuote; the quote's own status moves while it waits.
    allowWhileLocked: ['status', 'approvalComment'],
    onDecided,
  },
];
