// Engagements: what a lead did (opened an email, visited /pricing, submitted a form…), recorded by
// the website's tracker or another integration with an API key, and counted by the score rules.
import type { Engagement, EngagementInput, EngagementKind } from '@kith/common/api/leads';
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { assertCanSee, loadRow } from '../../platform/records/records.service.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/time-cursor.ts';
import { rescoreLead } from './scoring.service.ts';

interface EngagementRow {
  id: string;
  kind: EngagementKind;
  url: string | null;
  occurred_at: Date;
}

const toEngagement = (r: EngagementRow): Engagement => ({
  id: r.id,
  kind: r.kind,
  url: r.url,
  occurredAt: new Date(r.occurred_at).toISOString(),
});

const leadOf = (ctx: Ctx) => ctx.registry.get('lead') as ResolvedObject;
/** A tracker's clock may be a little ahead of ours; anything further is a mistake. */
const maxAheadMs = 60_000;

/** Stores an engagement in ctx's transaction (the lead already checked) and rescores the lead. */
export async function insertEngagement(
  ctx: Ctx,
  leadId: string,
  e: { kind: EngagementKind; url?: string | null; occurredAt?: string },
): Promise<{ engagement: Engagement; score: number }> {
  const at = e.occurredAt ? new Date(e.occurredAt) : ctx.now();
  if (at.getTime() > ctx.now().getTime() + maxAheadMs)
    throw invalid('occurredAt: must not be in the future', { occurredAt: 'in the future' });
  const [row] = await ctx.db.query<EngagementRow>(sql`
    INSERT INTO lead_engagements (id, lead_id, kind, url, occurred_at, created_at)
    VALUES (${uuidv7()}, ${leadId}::uuid, ${e.kind}, ${e.url ?? null}, ${at}, ${ctx.now()})
    RETURNING id, kind, url, occurred_at`);
  await recordAudit(ctx, {
    action: 'engagement',
    objectType: 'lead',
    recordId: leadId,
    changes: { kind: e.kind, url: e.url ?? null, occurredAt: at.toISOString() },
  });
  const score = (await rescoreLead(ctx, leadOf(ctx), leadId)) ?? 0;
  return { engagement: toEngagement(row), score };
}

/**
 * A meeting booked about the lead (a calendar event linked to it): a `meetingBooked` engagement,
 * once per event whatever its later edits, in the event's transaction, and the score follows. The
 * event's own write checked that its writer may read the lead; the engagement is what that write
 * means for the lead, as its score is, so it needs no right to change the lead.
 */
export async function recordMeetingBooked(ctx: Ctx, leadId: string, eventId: string): Promise<boolean> {
  const [row] = await ctx.db.query<{ id: string }>(sql`
    INSERT INTO lead_engagements (id, lead_id, kind, occurred_at, created_at, source_id)
    VALUES (${uuidv7()}, ${leadId}::uuid, ${'meetingBooked' satisfies EngagementKind}, ${ctx.now()}, ${ctx.now()}, ${eventId}::uuid)
    ON CONFLICT DO NOTHING RETURNING id`);
  if (!row) return false;
  await recordAudit(ctx, {
    action: 'engagement',
    objectType: 'lead',
    recordId: leadId,
    changes: { kind: 'meetingBooked', eventId, occurredAt: ctx.now().toISOString() },
  });
  await rescoreLead(ctx, leadOf(ctx), leadId);
  return true;
}

/** Records an engagement: whoever may change the lead (a tracker's API key, a rep) may. */
export async function recordEngagement(ctx: Ctx, leadId: string, input: EngagementInput) {
  const obj = leadOf(ctx);
  const perm = assertCan(ctx.principal, obj.name, 'update', obj.label);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await loadRow(c, obj, perm, leadId, { lock: true });
    return insertEngagement(c, leadId, input);
  });
}

/** A lead's engagements, newest first, a page at a time. */
export async function listEngagements(ctx: Ctx, leadId: string, cursor?: string, limit = 50) {
  await assertCanSee(ctx, 'lead', leadId);
  const c = cursor ? decodeTimeCursor(cursor) : null;
  const rows = await ctx.db.query<EngagementRow>(sql`SELECT id, kind, url, occurred_at FROM lead_engagements
    WHERE lead_id = ${leadId}::uuid ${c ? sql`AND (occurred_at, id) < (${c.at}::timestamptz, ${c.id}::uuid)` : sql.empty}
    ORDER BY occurred_at DESC, id DESC LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toEngagement),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.occurred_at, id: last.id }) : null,
  };
}
