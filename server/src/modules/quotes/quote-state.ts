// A quote's state as its actions read it: loaded in the writer's change scope and locked for the
// rest of the transaction (two line edits at once are priced one after the other), and the rule
// that only a draft's lines and terms change.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { readValues, type Values } from '../../platform/records/record-mapper.ts';
import { loadRow, objectOf } from '../../platform/records/records.service.ts';
import { isUuid } from '../../platform/registry/fields.ts';
import type { QuoteStatus } from './quotes.object.ts';

export interface QuoteState {
  id: string;
  status: QuoteStatus;
  priceBookId: string;
  currency: string;
  values: Values;
  row: Record<string, unknown>;
}

const statusWords: Record<QuoteStatus, string> = {
  draft: 'a draft',
  pendingApproval: 'waiting for approval',
  approved: 'approved',
  sent: 'sent',
  accepted: 'accepted',
  declined: 'declined',
  expired: 'expired',
  superseded: 'superseded by a newer version',
};

export const statusWord = (s: QuoteStatus) => statusWords[s] ?? s;

/** The quote, locked, if the principal may change it (404 otherwise, as everywhere). */
export async function lockedQuote(ctx: Ctx, quoteId: string): Promise<QuoteState> {
  const obj = objectOf(ctx, 'quote');
  if (!isUuid(quoteId)) throw notFound(obj.label);
  const perm = assertCan(ctx.principal, 'quote', 'update', obj.label);
  const row = await loadRow(ctx, obj, perm, quoteId, { lock: true });
  const values = readValues(obj, row);
  return {
    id: quoteId,
    status: values.status as QuoteStatus,
    priceBookId: values.priceBookId as string,
    currency: (values.currency as string | null) ?? 'EUR',
    values,
    row,
  };
}

/** The quote, locked, if its lines and terms may change: a draft (409 otherwise). */
export async function editableQuote(ctx: Ctx, quoteId: string): Promise<QuoteState> {
  const q = await lockedQuote(ctx, quoteId);
  if (q.status !== 'draft')
    throw conflict(
      `This quote is ${statusWord(q.status)}: its lines and terms no longer change${
        q.status === 'pendingApproval' ? ' while the approval is pending' : '; make a new version to change them'
      }`,
      { status: q.status },
    );
  return q;
}

/** Whether a quote still has a number in its group (its number and version), for the next version. */
export async function latestVersion(ctx: Ctx, firstVersionId: string): Promise<number> {
  const [row] = await ctx.db.query<{ v: number | null }>(
    sql`SELECT max(version) AS v FROM quotes WHERE id = ${firstVersionId}::uuid OR first_version_id = ${firstVersionId}::uuid`,
  );
  return Number(row?.v ?? 1);
}
