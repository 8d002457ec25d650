// The quote's server-controlled fields (status, sent, accepted, declined, the approver's comment)
// move only here, through the records path (audited, announced), inside the caller's
// transaction, and only along the transitions below.
import type { Ctx } from '../../platform/context.ts';
import { conflict } from '../../platform/errors.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { applyUpdate, loadRow, objectOf } from '../../platform/records/records.service.ts';
import { statusWord } from './quote-state.ts';
import type { QuoteStatus } from './quotes.object.ts';

/** From each status, where a quote may go. */
export const transitions: Record<QuoteStatus, QuoteStatus[]> = {
  draft: ['pendingApproval', 'approved', 'sent', 'superseded'],
  pendingApproval: ['approved', 'draft'],
  approved: ['sent', 'draft', 'superseded'],
  sent: ['sent', 'accepted', 'declined', 'expired', 'superseded'],
  accepted: [],
  declined: ['superseded'],
  expired: ['superseded'],
  superseded: [],
};

const all = { create: true, read: true, update: true, delete: true, export: true, scope: 'all' as const };

/** Moves the quote to `patch.status` (with the other server fields given), or 409 naming where it is. */
export async function setQuoteStatus(
  ctx: Ctx,
  quoteId: string,
  patch: Values & { status: QuoteStatus },
): Promise<Values> {
  const obj = objectOf(ctx, 'quote');
  const row = await loadRow(ctx, obj, all, quoteId, { lock: true });
  const from = row.status as QuoteStatus;
  if (!transitions[from]?.includes(patch.status))
    throw conflict(`This quote is ${statusWord(from)}; it cannot become ${statusWord(patch.status)}`, {
      status: from,
    });
  await applyUpdate(ctx, obj, all, row, patch);
  return { ...row, ...patch };
}
