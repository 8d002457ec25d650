// Sending a quote: one transaction that moves it to Sent, issues the customer's signed link,
// renders the PDF and queues one email per recipient with it attached (the outbox; SMTP when
// configured), and logs the email on the quote's, its deal's and its company's timelines. A quote
// waiting for approval, or needing one it has not had, is refused (409) and nothing is sent.

import type { QuoteSendInput } from '@kith/common/api/quotes';
import { quoteSendInput } from '@kith/common/api/quotes';
import type { ApiRecord } from '@kith/common/api/records';
import { formatMoney } from '@kith/common/money';
import type { AppSettings } from '../../app.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { queueMail } from '../../platform/mail.ts';
import { createRecord, getRecord } from '../../platform/records/records.service.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { linkToTimelines } from '../timeline/timeline.service.ts';
import { pdfFileName, quoteView } from './quote-document.ts';
import { issueLink } from './quote-links.ts';
import { renderQuotePdf } from './quote-pdf.ts';
import { approvalReason, readQuoteSettings } from './quote-settings.ts';
import { lockedQuote, statusWord } from './quote-state.ts';
import { setQuoteStatus } from './quote-status.ts';

export interface SendDeps {
  settings: Pick<AppSettings, 'publicUrl' | 'smtpUrl'>;
  storage: FileStorage | null;
}

/** The customer's page for a token: /q/<token> on the app's public address. */
export const acceptanceUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/q/${token}`;

export async function sendQuote(ctx: Ctx, deps: SendDeps, quoteId: string, body: unknown) {
  const parsed = quoteSendInput.safeParse(body ?? {});
  if (!parsed.success) throw zodToInvalid(parsed.error, body);
  const input: QuoteSendInput = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const q = await lockedQuote(c, quoteId);
    if (q.status === 'pendingApproval')
      throw conflict('This quote is waiting for approval; it is sent once approved', { status: q.status });
    if (!['draft', 'approved', 'sent'].includes(q.status))
      throw conflict(`This quote is ${statusWord(q.status)}; it is not sent again — make a new version`, {
        status: q.status,
      });
    if (q.status === 'draft') {
      const reason = approvalReason(q.values, await readQuoteSettings(tx));
      if (reason)
        throw conflict(`This quote needs approval before it is sent: ${reason}. Submit it for approval first`, {
          status: q.status,
          reason,
        });
    }
    const [lines] = await tx.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM quote_lines WHERE quote_id = ${quoteId}::uuid AND deleted_at IS NULL`,
    );
    if (!lines.n) throw invalid('lines: a quote without lines is not sent', { lines: 'is empty' });

    const contact = q.values.contactId ? await getRecord(c, 'contact', q.values.contactId as string) : null;
    const to = input.to ?? (typeof contact?.email === 'string' && contact.email ? [contact.email] : []);
    if (!to.length)
      throw invalid("to: the quote's contact has no email address; give one or more addresses", { to: 'is required' });

    const now = ctx.now();
    await setQuoteStatus(c, quoteId, { status: 'sent', sentAt: now.toISOString() });
    const link = await issueLink(c, {
      id: quoteId,
      version: Number(q.values.version ?? 1),
      validUntil: (q.values.validUntil as string | null) ?? null,
    });
    const url = acceptanceUrl(deps.settings.publicUrl, link.token);
    const view = await quoteView(c, quoteId, deps.storage);
    const pdf = await renderQuotePdf(view);
    const subject =
      input.subject ??
      `Quote ${view.number}${view.version > 1 ? ` v${view.version}` : ''} from ${view.seller.name}: ${view.name}`;
    const text = [
      input.message ?? `Hello${contact?.firstName ? ` ${contact.firstName}` : ''},\n\nplease find our quote attached.`,
      '',
      `Total: ${formatMoney(view.total)}${view.validUntil ? ` — valid until ${view.validUntil}` : ''}`,
      '',
      `Review it, and accept or decline it, here: ${url}`,
      '',
      `${ctx.principal.name}\n${view.seller.name}`,
    ].join('\n');
    const outboxIds: string[] = [];
    for (const address of to)
      outboxIds.push(
        await queueMail(
          c,
          {
            to: address,
            subject,
            text,
            attachments: [
              {
                filename: pdfFileName(view),
                contentType: 'application/pdf',
                content: pdf.toString('base64'),
                encoding: 'base64',
              },
            ],
          },
          deps.settings,
        ),
      );
    // On the timelines: the quote's (its own link), the contact's, the deal's and the company's.
    const email = await createRecord(c, 'email', {
      subject,
      direction: 'sent',
      occurredAt: now.toISOString(),
      to,
      ...(contact ? { contactId: contact.id } : {}),
      about: { object: 'quote', id: quoteId },
      body: text.replace(url, `${url.slice(0, url.lastIndexOf('/') + 1)}…`),
    });
    const also = [
      ...(q.values.dealId ? [{ object: 'deal', id: q.values.dealId as string }] : []),
      ...(q.values.companyId ? [{ object: 'company', id: q.values.companyId as string }] : []),
    ];
    await linkToTimelines(c, { kind: 'email', id: email.id }, also, { object: 'quote', id: quoteId });
    await recordAudit(c, {
      action: 'quote.send',
      objectType: 'quote',
      recordId: quoteId,
      changes: { to, outboxIds, version: view.version, linkExpiresAt: link.expiresAt.toISOString() },
    });
    await emitEvent(c, {
      type: 'quote.sent',
      objectType: 'quote',
      recordId: quoteId,
      payload: { version: view.version, to },
    });
    return {
      quote: (await getRecord(c, 'quote', quoteId)) as ApiRecord,
      outboxIds,
      acceptanceUrl: url,
      expiresAt: link.expiresAt.toISOString(),
    };
  });
}
