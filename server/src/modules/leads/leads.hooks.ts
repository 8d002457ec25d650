// What a lead's write does beyond storing fields: a disqualified lead needs its reason; a new one
// starts as New and is given an owner by the assignment rules (its assignee told); every change
// works its score out again. Runs on every path that writes leads: UI, API, import, web-to-lead.
import { sql } from '../../db/sql.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { notify } from '../../platform/notifications.ts';
import type { ObjectHooks, WriteChange } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { applyUpdate, loadRow } from '../../platform/records/records.service.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { matchAssignment } from './assignment.service.ts';
import { recordMeetingBooked } from './engagements.service.ts';
import { rescoreLead } from './scoring.service.ts';

const everything = { create: true, read: true, update: true, delete: true, export: true, scope: 'all' as const };
const leadOf = (ctx: Ctx) => ctx.registry.get('lead') as ResolvedObject;

/** A new lead's follow-up, as the system: its default status and the owner the rules give it. */
async function onCreated(ctx: Ctx, change: WriteChange & { after: Values }): Promise<void> {
  const obj = leadOf(ctx);
  const patch: Values = {};
  if (!change.after.status) patch.status = 'new';
  const match = await matchAssignment(ctx, obj, change.id);
  if (match && match.assigneeId !== change.after.ownerId) patch.ownerId = match.assigneeId;
  if (!Object.keys(patch).length) return;
  // The rules may give a lead to someone outside its maker's scope: the system does the giving,
  // and the audit says so.
  const system: Ctx = { ...ctx, principal: systemPrincipal };
  const row = await loadRow(system, obj, everything, change.id, { lock: true });
  await applyUpdate(system, obj, everything, row, patch);
  if (!patch.ownerId || !match) return;
  const name = [change.after.firstName, change.after.lastName].filter(Boolean).join(' ') || change.after.email;
  await notify(system, {
    kind: 'assignment',
    userIds: [match.assigneeId],
    title: `New lead for you: ${String(name ?? '')}`,
    body: `Assigned by the rule “${match.rule.name}”`,
    record: { object: 'lead', id: change.id },
  });
}

export const leadHooks: ObjectHooks = {
  // When it was converted: set as it enters Converted, kept after.
  compute(ctx, change) {
    const entering = change.after.status === 'converted' && change.before?.status !== 'converted';
    return entering && !change.before?.convertedAt ? { convertedAt: ctx.now().toISOString() } : {};
  },
  validate(_ctx, change) {
    const after = change.after;
    // Converted is what converting does (POST …/convert), with the records it made.
    if (after?.status === 'converted' && !after.convertedContactId) {
      const message = 'a lead becomes Converted by converting it (POST /api/v1/leads/{id}/convert)';
      throw invalid(`status: ${message}`, { status: message });
    }
    if (after?.status !== 'disqualified') return;
    if (typeof after.disqualifiedReason === 'string' && after.disqualifiedReason.trim()) return;
    const message = 'is required when the status is Disqualified';
    throw invalid(`disqualifiedReason: ${message}`, { disqualifiedReason: message });
  },
  async afterWrite(ctx, change) {
    if (!change.after) return;
    if (change.action === 'create') await onCreated(ctx, { ...change, after: change.after });
    await rescoreLead(ctx, leadOf(ctx), change.id);
  },
  // A merged lead's engagements count for the lead kept.
  async merge(ctx, m) {
    await ctx.db.query(
      sql`UPDATE lead_engagements SET lead_id = ${m.keptId}::uuid WHERE lead_id = ${m.mergedId}::uuid`,
    );
    await rescoreLead(ctx, leadOf(ctx), m.keptId);
  },
};

type Link = { object: string; id: string } | null | undefined;

/**
 * On the calendar's events: a meeting made about a lead, or linked to one later, is a meeting
 * booked by that lead (an engagement the score counts), once per event and lead.
 */
export const meetingBookedHooks: ObjectHooks = {
  async afterWrite(ctx, change) {
    const about = change.after?.about as Link;
    if (about?.object !== 'lead' || !change.changed.includes('about')) return;
    const before = change.before?.about as Link;
    if (before?.object === 'lead' && before.id === about.id) return;
    await recordMeetingBooked(ctx, about.id, change.id);
  },
};
