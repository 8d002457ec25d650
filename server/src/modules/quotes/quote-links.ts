// The customer's signed link: a random token (only its SHA-256 is stored) bound to one quote and
// version, dying at the quote's validity (or after 30 days), used once. A forged, expired, used
// or superseded link gets a clear 4xx and changes nothing. The token is the whole credential: it
// shows the quote to whoever holds it, as a PDF sent by email would.
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import { newToken, sha256 } from '../../platform/auth/crypto.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';

export const linkDays = 30;

export interface QuoteLink {
  id: string;
  quote_id: string;
  version: number;
  expires_at: Date;
  used_at: Date | null;
}

/** The link's end: the end of the quote's last valid day (UTC), or 30 days on, whichever is later than now. */
export function linkExpiry(now: Date, validUntil: string | null): Date {
  if (validUntil) {
    const end = new Date(`${validUntil}T23:59:59.999Z`);
    if (end > now) return end;
  }
  return new Date(now.getTime() + linkDays * 86_400_000);
}

/** A new link for the quote's version; the token is returned once and never stored. */
export async function issueLink(
  ctx: Pick<Ctx, 'db' | 'now' | 'principal'>,
  quote: { id: string; version: number; validUntil: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken(32);
  const expiresAt = linkExpiry(ctx.now(), quote.validUntil);
  await ctx.db.query(sql`INSERT INTO quote_links (id, token_hash, quote_id, version, expires_at, created_by, created_at)
    VALUES (${uuidv7()}, ${sha256(token)}, ${quote.id}::uuid, ${quote.version}, ${expiresAt}, ${ctx.principal.userId}::uuid, ${ctx.now()})`);
  return { token, expiresAt };
}

const gone = (message: string, reason: string) => new AppError('GONE', message, { reason });

/**
 * The link a token names, or the reason it is no good: 404 when forged (nothing tells a wrong
 * token from a deleted quote), 410 when expired or superseded, 409 when already used.
 * `forUse` locks the link for the rest of the transaction (an accept and a decline at once: one wins).
 */
export async function linkOf(ctx: Pick<Ctx, 'db' | 'now'>, token: string, forUse = false): Promise<QuoteLink> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw notFound('Quote link');
  const [link] = await ctx.db.query<QuoteLink>(sql`
    SELECT l.id, l.quote_id, l.version, l.expires_at, l.used_at FROM quote_links l
    JOIN quotes q ON q.id = l.quote_id AND q.deleted_at IS NULL
    WHERE l.token_hash = ${sha256(token)}${forUse ? sql` FOR UPDATE OF l` : sql.empty}`);
  if (!link) throw notFound('Quote link');
  return link;
}

/** Refuses a link that may no longer accept or decline (the page still shows what happened). */
export function assertUsable(link: QuoteLink, quote: { version: number; status: string }, now: Date): void {
  if (link.used_at || quote.status === 'accepted' || quote.status === 'declined')
    throw conflict(
      `This quote was already ${quote.status === 'declined' ? 'declined' : 'accepted'}; the link works once`,
      {
        reason: 'used',
      },
    );
  if (quote.status === 'superseded' || link.version !== quote.version)
    throw gone('A newer version of this quote replaced it; ask the sender for the new link', 'superseded');
  if (new Date(link.expires_at) <= now || quote.status === 'expired')
    throw gone('This quote link has expired; ask the sender for a new one', 'expired');
  if (quote.status !== 'sent') throw conflict('This quote is not open for acceptance', { reason: 'notSent' });
}

export async function markUsed(ctx: Pick<Ctx, 'db' | 'now'>, linkId: string): Promise<void> {
  await ctx.db.query(sql`UPDATE quote_links SET used_at = ${ctx.now()} WHERE id = ${linkId}::uuid`);
}
