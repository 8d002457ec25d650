// People's calendars in a window: the occurrences of the events they organise or are invited to,
// expanded in each event's zone; who is busy when; clashes with a proposed time and the next
// time everyone is free. An event the reader may not read is shown as a busy block only.
import type { Conflicts, FreeBusy, Occurrence, Slot } from '@kith/common/api/calendar';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { objectOf, readableWhere } from '../../platform/records/records.service.ts';
import { occurrencesBetween } from '../../platform/recurrence/recurrence.ts';
import { isTimeZone, wallTime } from '../../platform/recurrence/time-zones.ts';
import { type EventRow, eventColumns, seriesOf } from './event-rows.ts';

type Response = 'needsAction' | 'accepted' | 'declined' | 'tentative';
interface WindowRow extends EventRow {
  readable: boolean;
  people: Array<{ userId: string; response: Response }> | null;
}

const maxWindowDays = 400;

function checkWindow(start: Date, end: Date) {
  if (!(end > start)) throw invalid('end: must be after start', { end: 'must be after start' });
  if (end.getTime() - start.getTime() > maxWindowDays * 86_400_000)
    throw invalid(`end: the window may be at most ${maxWindowDays} days`, { end: 'window too long' });
}

/** Events on these users' calendars that may have an occurrence in [from, to). */
async function eventsInWindow(ctx: Ctx, userIds: string[], from: Date, to: Date): Promise<WindowRow[]> {
  const obj = objectOf(ctx, 'event');
  return ctx.db.query<WindowRow>(sql`
    WITH mine AS (
      SELECT e.id FROM calendar_events e
        WHERE e.organizer_id = ANY(${userIds}::uuid[]) AND e.deleted_at IS NULL AND e.starts_at < ${to}
      UNION
      SELECT a.event_id FROM event_attendees a WHERE a.user_id = ANY(${userIds}::uuid[]))
    SELECT ${eventColumns},
      (${readableWhere(ctx, obj, 'e')} OR e.organizer_id = ${ctx.principal.userId}::uuid OR EXISTS (SELECT 1 FROM event_attendees x
        WHERE x.event_id = e.id AND x.user_id = ${ctx.principal.userId}::uuid)) AS readable,
      (SELECT json_agg(json_build_object('userId', a.user_id, 'response', a.response)) FROM event_attendees a
        WHERE a.event_id = e.id AND a.user_id IS NOT NULL) AS people
    FROM calendar_events e JOIN mine ON mine.id = e.id
    WHERE e.deleted_at IS NULL AND e.starts_at < ${to}
      AND (e.series_ends_at > ${from} OR (e.series_ends_at IS NULL AND e.recurrence IS NOT NULL))`);
}

/** The occurrences on these users' calendars in [from, to), in start order. */
export async function calendarOf(ctx: Ctx, userIds: string[], from: Date, to: Date): Promise<Occurrence[]> {
  assertCan(ctx.principal, 'event', 'read', 'Event');
  checkWindow(from, to);
  const asked = new Set(userIds);
  const out: Occurrence[] = [];
  for (const e of await eventsInWindow(ctx, userIds, from, to)) {
    const responses: Record<string, Response> = {};
    if (e.organizer_id && asked.has(e.organizer_id)) responses[e.organizer_id] = 'accepted';
    for (const p of e.people ?? [])
      if (asked.has(p.userId) && p.userId !== e.organizer_id) responses[p.userId] = p.response;
    const busy = e.status !== 'cancelled' && !e.all_day;
    const series = seriesOf(e);
    let occurrences: ReturnType<typeof occurrencesBetween>;
    try {
      occurrences = occurrencesBetween(series, from, to);
    } catch {
      occurrences = []; // a rule stored before it was checked: shown nowhere rather than failing the calendar
    }
    for (const o of occurrences)
      out.push({
        eventId: e.readable ? e.id : null,
        title: e.readable ? e.title : null,
        start: o.start.toISOString(),
        end: o.end.toISOString(),
        allDay: e.all_day,
        status: e.readable ? e.status : null,
        location: e.readable ? e.location : null,
        videoUrl: e.readable ? e.video_url : null,
        organizerId: e.readable ? e.organizer_id : null,
        recurring: !!e.recurrence,
        userIds: Object.keys(responses),
        responses,
        busy,
      });
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

/** Whether an occurrence takes this person's time: it blocks, and they have not declined it. */
const blocks = (o: Occurrence, userId: string) =>
  o.busy && o.userIds.includes(userId) && o.responses[userId] !== 'declined';

export async function freeBusy(ctx: Ctx, userIds: string[], from: Date, to: Date): Promise<FreeBusy> {
  const occ = await calendarOf(ctx, userIds, from, to);
  return { data: userIds.map((userId) => ({ userId, busy: merge(occ.filter((o) => blocks(o, userId))) })) };
}

/** Busy times joined where they touch or overlap. */
function merge(occ: Array<{ start: string; end: string }>): Slot[] {
  const sorted = [...occ].sort((a, b) => a.start.localeCompare(b.start));
  const out: Slot[] = [];
  for (const o of sorted) {
    const last = out.at(-1);
    if (last && o.start <= last.end) {
      if (o.end > last.end) last.end = o.end;
    } else out.push({ start: o.start, end: o.end });
  }
  return out;
}

const workStart = 8;
const workEnd = 18;
const searchDays = 60;

/**
 * The attendees' occurrences that clash with [start, end) (touching is no clash), and the first
 * time of the same length from start on, within working hours (08:00–18:00, Monday to Friday, in
 * `zone`), when none of them is busy.
 */
export async function conflicts(
  ctx: Ctx,
  q: { start: Date; end: Date; attendees: string[]; exclude?: string; timeZone?: string },
): Promise<Conflicts> {
  checkWindow(q.start, q.end);
  if (q.timeZone !== undefined && !isTimeZone(q.timeZone))
    throw invalid(`timeZone: "${q.timeZone}" is not an IANA time zone`, { timeZone: 'is not an IANA time zone' });
  const [me] = await ctx.db.query<{ time_zone: string }>(
    sql`SELECT time_zone FROM users WHERE id = ${ctx.principal.userId}::uuid`,
  );
  const zone = q.timeZone ?? (isTimeZone(me?.time_zone) ? me.time_zone : 'UTC');
  const horizon = new Date(q.start.getTime() + searchDays * 86_400_000);
  const all = (await calendarOf(ctx, q.attendees, q.start, horizon)).filter(
    (o) => !(q.exclude && o.eventId === q.exclude) && q.attendees.some((u) => blocks(o, u)),
  );
  const clashes = all.filter((o) => new Date(o.start) < q.end && new Date(o.end) > q.start);
  return { clashes, nextFreeSlot: nextFree(merge(all), q.start, q.end.getTime() - q.start.getTime(), zone, horizon) };
}

/** Walks forward from `from` past busy times and outside working hours; null when nothing fits before the horizon. */
export function nextFree(busy: Slot[], from: Date, length: number, zone: string, horizon: Date): Slot | null {
  let t = from.getTime();
  const spans = busy.map((b) => [Date.parse(b.start), Date.parse(b.end)] as const);
  for (let guard = 0; guard < 10_000 && t < horizon.getTime(); guard++) {
    const w = wallTime(new Date(t), zone);
    const dayStart = w.set({ hour: workStart, minute: 0, second: 0, millisecond: 0 });
    const dayEnd = w.set({ hour: workEnd, minute: 0, second: 0, millisecond: 0 });
    if (w.weekday > 5 || t >= dayEnd.toMillis()) {
      t = w.plus({ days: 1 }).set({ hour: workStart, minute: 0, second: 0, millisecond: 0 }).toMillis();
      continue;
    }
    if (t < dayStart.toMillis()) t = dayStart.toMillis();
    if (t + length > dayEnd.toMillis()) {
      t = dayEnd.toMillis();
      continue;
    }
    const hit = spans.find(([s, e]) => s < t + length && e > t);
    if (!hit) return { start: new Date(t).toISOString(), end: new Date(t + length).toISOString() };
    t = hit[1];
  }
  return null;
}
