// What the customer does through the signed link, without an account: see the quote (nothing
// internal: no ids, owner, margins or approvals), download its PDF, accept it with their typed
// name, or decline it. An answer is one transaction: the link used, the quote accepted or declined
// (audited as the system, with the customer's name and address), the event `quote.accepted` or
// `quote.declined` emitted — the extension point orders and deals build on — and the owner told.

import type { AcceptInput, DeclineInput, PublicQuote } from '@kith/common/api/quotes';
import { acceptInput, declineInput } from '@kith/common/api/quotes';
import { formatMoney } from '@kith/common/money';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { notify } from '../../platform/notifications.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { pdfFileName, type QuoteView, quoteView } from './quote-document.ts';
import { assertUsable, linkOf, markUsed, type QuoteLink } from './quote-links.ts';
import { renderQuotePdf } from './quote-pdf.ts';
import { setQuoteStatus } from './quote-status.ts';

/**
 * The event the accept flow emits inside its transaction: `quote.accepted` with
 * { quoteId, version, acceptedBy, dealId, companyId, contactId, ownerId, total }. The orders
 * module turns it into an order (and the deal into Won); handlers read it in commit order.
 */
export const quoteAcceptedEvent = 'quote.accepted';
export const quoteDeclinedEvent = 'quote.declined';

interface QuoteFacts {
  status: string;
  version: number;
  owner_id: string | null;
  deal_id: string | null;
  company_id: string | null;
  contact_id: string | null;
  title: string;
}

async function quoteFacts(ctx: Pick<Ctx, 'db'>, quoteId: string, lock = false): Promise<QuoteFacts> {
  const [q] = await ctx.db.query<QuoteFacts>(sql`
    SELECT status, version, owner_id, deal_id, company_id, contact_id, title FROM quotes
    WHERE id = ${quoteId}::uuid AND deleted_at IS NULL${lock ? sql` FOR UPDATE` : sql.empty}`);
  if (!q) throw new AppError('NOT_FOUND', 'Quote link not found');
  return q;
}

const publicStatus = (link: QuoteLink, q: QuoteFacts, now: Date): PublicQuote['status'] => {
  if (q.status === 'accepted' || q.status === 'declined') return q.status;
  if (q.status === 'superseded' || link.version !== q.version) return 'superseded';
  if (q.status === 'expired' || new Date(link.expires_at) <= now) return 'expired';
  return 'sent';
};

function toPublic(view: QuoteView, status: PublicQuote['status'], logo: boolean): PublicQuote {
  return {
    number: view.number,
    version: view.version,
    name: view.name,
    status,
    validUntil: view.validUntil,
    terms: view.terms,
    currency: view.currency,
    seller: {
      name: view.seller.name,
      address: view.seller.address,
      email: view.seller.email,
      phone: view.seller.phone,
      hasLogo: logo,
    },
    customer: { company: view.customer.company, contact: view.customer.contact },
    lines: view.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPercent: l.discountPercent,
      taxPercent: l.taxPercent,
      net: l.net,
      total: l.total,
    })),
    discountPercent: view.discountPercent,
    subtotal: view.subtotal,
    discountTotal: view.discountTotal,
    taxTotal: view.taxTotal,
    total: view.total,
    acceptedBy: view.acceptedBy,
    decidedAt: view.decidedAt,
    open: status === 'sent',
  };
}

/** A link that still shows its quote: forged → 404; expired or superseded → 410 (accepted and declined ones still show). */
async function readableLink(ctx: Ctx, token: string) {
  const link = await linkOf(ctx, token);
  const q = await quoteFacts(ctx, link.quote_id);
  const status = publicStatus(link, q, ctx.now());
  if (status === 'superseded')
    throw new AppError('GONE', 'A newer version of this quote replaced it; ask the sender for the new link', {
      reason: 'superseded',
    });
  if (status === 'expired')
    throw new AppError('GONE', 'This quote link has expired; ask the sender for a new one', { reason: 'expired' });
  return { link, q, status };
}

export async function publicQuote(ctx: Ctx, token: string, storage: FileStorage | null): Promise<PublicQuote> {
  const { link, status } = await readableLink(ctx, token);
  const view = await quoteView(ctx, link.quote_id, storage);
  return toPublic(view, status, !!view.logo);
}

export async function publicQuotePdf(ctx: Ctx, token: string, storage: FileStorage | null) {
  const { link } = await readableLink(ctx, token);
  const view = await quoteView(ctx, link.quote_id, storage);
  return { pdf: await renderQuotePdf(view), fileName: pdfFileName(view) };
}

export async function publicLogo(ctx: Ctx, token: string, storage: FileStorage | null) {
  const { link } = await readableLink(ctx, token);
  const view = await quoteView(ctx, link.quote_id, storage);
  return view.logo;
}

async function answer(
  ctx: Ctx,
  token: string,
  storage: FileStorage | null,
  decision: { kind: 'accepted'; name: string; note?: string } | { kind: 'declined'; reason?: string },
): Promise<PublicQuote> {
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const link = await linkOf(c, token, true);
    const q = await quoteFacts(c, link.quote_id, true);
    assertUsable(link, q, ctx.now());
    const now = ctx.now().toISOString();
    await setQuoteStatus(
      c,
      link.quote_id,
      decision.kind === 'accepted'
        ? { status: 'accepted', acceptedBy: decision.name, decidedAt: now }
        : { status: 'declined', declineReason: decision.reason ?? null, decidedAt: now },
    );
    await markUsed(c, link.id);
    const view = await quoteView(c, link.quote_id, storage);
    await recordAudit(c, {
      action: decision.kind === 'accepted' ? 'quote.accept' : 'quote.decline',
      objectType: 'quote',
      recordId: link.quote_id,
      changes:
        decision.kind === 'accepted'
          ? { acceptedBy: decision.name, note: decision.note ?? null, version: link.version }
          : { reason: decision.reason ?? null, version: link.version },
    });
    const payload = {
      quoteId: link.quote_id,
      version: link.version,
      dealId: q.deal_id,
      companyId: q.company_id,
      contactId: q.contact_id,
      ownerId: q.owner_id,
      total: view.total,
      ...(decision.kind === 'accepted'
        ? { acceptedBy: decision.name, note: decision.note ?? null }
        : { reason: decision.reason ?? null }),
    };
    await emitEvent(c, {
      type: decision.kind === 'accepted' ? quoteAcceptedEvent : quoteDeclinedEvent,
      objectType: 'quote',
      recordId: link.quote_id,
      payload,
    });
    const who = decision.kind === 'accepted' ? decision.name : (view.customer.contact ?? 'The customer');
    await notify(c, {
      kind: 'quote',
      userIds: [q.owner_id],
      title: `${who} ${decision.kind} ${q.title} (${formatMoney(view.total)})`,
      body:
        decision.kind === 'accepted' ? (decision.note ?? null) : decision.reason ? `Reason: ${decision.reason}` : null,
      record: { object: 'quote', id: link.quote_id },
    });
    return toPublic(view, decision.kind, !!view.logo);
  });
}

export async function acceptQuote(ctx: Ctx, token: string, storage: FileStorage | null, body: unknown) {
  const parsed = acceptInput.safeParse(body ?? {});
  if (!parsed.success) throw zodToInvalid(parsed.error, body);
  const input: AcceptInput = parsed.data;
  return answer(ctx, token, storage, { kind: 'accepted', name: input.name, note: input.note });
}

export async function declineQuote(ctx: Ctx, token: string, storage: FileStorage | null, body: unknown) {
  const parsed = declineInput.safeParse(body ?? {});
  if (!parsed.success) throw zodToInvalid(parsed.error, body);
  const input: DeclineInput = parsed.data;
  return answer(ctx, token, storage, { kind: 'declined', reason: input.reason });
}
