// A person's secret iCalendar feed, for Google, Outlook and Apple calendars to subscribe to: the
// address holds a random token, of which only the SHA-256 is kept; making a new one revokes the
// old. The feed serves their calendar (what they organise or are invited to and have not
// declined) from six months back to six months ahead, repeating events as one VEVENT with RRULE.
import { createHash, randomBytes } from 'node:crypto';
import type { FeedStatus, NewFeed } from '@kith/common/api/calendar';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { hostOf, settingsOf } from './calendar-settings.ts';
import { attendeeRows, type EventRow, eventColumns, toIcsEvent, userPerson } from './event-rows.ts';
import { feedCalendar } from './ics.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const sixMonths = 183 * 86_400_000;

export async function feedStatus(ctx: Ctx): Promise<FeedStatus> {
  const [row] = await ctx.db.query<{ created_at: Date }>(
    sql`SELECT created_at FROM calendar_feeds WHERE user_id = ${ctx.principal.userId}::uuid`,
  );
  return { active: !!row, createdAt: row ? new Date(row.created_at).toISOString() : null };
}

/** A new secret address (the old one stops working). The token is shown once, here. */
export async function newFeed(ctx: Ctx): Promise<NewFeed> {
  const token = randomBytes(24).toString('base64url');
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql`INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (${ctx.principal.userId}::uuid, ${hash(token)}, ${now})
      ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`);
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'calendar.feed.renew', objectType: 'user', recordId: ctx.principal.userId ?? undefined },
    );
  });
  const base = settingsOf(ctx.registry).publicUrl.replace(/\/$/, '');
  return { url: `${base}/api/v1/calendar/feed/${token}.ics`, createdAt: now.toISOString() };
}

export async function revokeFeed(ctx: Ctx): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql`DELETE FROM calendar_feeds WHERE user_id = ${ctx.principal.userId}::uuid`);
    await recordAudit(
      { ...ctx, db: tx },
      { action: 'calendar.feed.revoke', objectType: 'user', recordId: ctx.principal.userId ?? undefined },
    );
  });
}

/** The feed's text for a token; not found for an unknown or revoked one (and for a deactivated user). */
export async function feedIcs(
  deps: { db: Queryable; registry: Ctx['registry']; now: () => Date },
  token: string,
): Promise<string> {
  if (!/^[\w-]{20,64}$/.test(token)) throw notFound('Calendar feed');
  const [owner] = await deps.db.query<{
    user_id: string;
    name: string;
  }>(sql`SELECT f.user_id, u.name FROM calendar_feeds f
    JOIN users u ON u.id = f.user_id AND u.is_active WHERE f.token_hash = ${hash(token)}`);
  if (!owner) throw notFound('Calendar feed');
  const now = deps.now();
  const from = new Date(now.getTime() - sixMonths);
  const to = new Date(now.getTime() + sixMonths);
  const rows = await deps.db.query<EventRow>(sql`SELECT ${eventColumns} FROM calendar_events e
    WHERE e.deleted_at IS NULL AND e.starts_at < ${to}
      AND (e.series_ends_at > ${from} OR (e.series_ends_at IS NULL AND e.recurrence IS NOT NULL))
      AND (e.organizer_id = ${owner.user_id}::uuid OR EXISTS (SELECT 1 FROM event_attendees a
        WHERE a.event_id = e.id AND a.user_id = ${owner.user_id}::uuid AND a.response <> 'declined'))
    ORDER BY e.starts_at LIMIT 5000`);
  const ctx = { db: deps.db } as Pick<Ctx, 'db'>;
  const events = [];
  for (const e of rows)
    events.push(toIcsEvent(e, await userPerson(ctx, e.organizer_id), await attendeeRows(ctx, e.id)));
  return feedCalendar(events, hostOf(deps.registry), now, `Kith — ${owner.name}`);
}
