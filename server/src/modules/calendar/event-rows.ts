// Reading events and their people straight from the tables, for the calendar's own work
// (invitations, feeds, reminders, conflicts): the callers decide who may see what.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import type { SeriesEvent } from '../../platform/recurrence/recurrence.ts';
import type { IcsEvent, IcsPerson } from './ics.ts';

export interface EventRow {
  id: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  all_day: boolean;
  time_zone: string;
  location: string | null;
  video_url: string | null;
  description: string | null;
  status: string | null;
  recurrence: string | null;
  reminder_minutes: number | null;
  organizer_id: string | null;
  sequence: number | null;
  updated_at: Date;
  deleted_at: Date | null;
}

export interface AttendeeRow {
  id: string;
  user_id: string | null;
  contact_id: string | null;
  response: 'needsAction' | 'accepted' | 'declined' | 'tentative';
  responded_at: Date | null;
  name: string | null;
  email: string | null;
}

export const eventColumns = sql`e.id, e.title, e.starts_at, e.ends_at, e.all_day, e.time_zone, e.location, e.video_url,
  e.description, e.status, e.recurrence, e.reminder_minutes, e.organizer_id, e.sequence, e.updated_at, e.deleted_at`;

export async function eventRow(ctx: Pick<Ctx, 'db'>, id: string): Promise<EventRow | undefined> {
  const [row] = await ctx.db.query<EventRow>(
    sql`SELECT ${eventColumns} FROM calendar_events e WHERE e.id = ${id}::uuid`,
  );
  return row;
}

/** An event's attendees with their names and addresses (a contact's email, else its first other email). */
export async function attendeeRows(ctx: Pick<Ctx, 'db'>, eventId: string): Promise<AttendeeRow[]> {
  return ctx.db.query<AttendeeRow>(sql`
    SELECT a.id, a.user_id, a.contact_id, a.response, a.responded_at,
      COALESCE(u.name, c.title) AS name, COALESCE(u.email, c.email, c.emails[1]) AS email
    FROM event_attendees a
    LEFT JOIN users u ON u.id = a.user_id
    LEFT JOIN contacts c ON c.id = a.contact_id AND c.deleted_at IS NULL
    WHERE a.event_id = ${eventId}::uuid ORDER BY a.user_id IS NULL, name, a.id`);
}

export async function userPerson(ctx: Pick<Ctx, 'db'>, userId: string | null): Promise<IcsPerson | null> {
  if (!userId) return null;
  const [u] = await ctx.db.query<{ name: string; email: string }>(
    sql`SELECT name, email FROM users WHERE id = ${userId}::uuid`,
  );
  return u ? { name: u.name, email: u.email } : null;
}

/** An event row as a series to expand (recurrence.ts). */
export const seriesOf = (e: EventRow): SeriesEvent => ({
  startsAt: new Date(e.starts_at),
  endsAt: new Date(e.ends_at),
  allDay: e.all_day,
  timeZone: e.time_zone,
  recurrence: e.recurrence,
});

export function toIcsEvent(e: EventRow, organizer: IcsPerson | null, attendees: AttendeeRow[]): IcsEvent {
  return {
    id: e.id,
    title: e.title,
    startsAt: new Date(e.starts_at),
    endsAt: new Date(e.ends_at),
    allDay: e.all_day,
    timeZone: e.time_zone,
    location: e.location,
    videoUrl: e.video_url,
    description: e.description,
    status: e.status,
    recurrence: e.recurrence,
    sequence: e.sequence ?? 0,
    updatedAt: new Date(e.updated_at),
    organizer,
    attendees: attendees
      .filter((a): a is AttendeeRow & { email: string } => !!a.email)
      .map((a) => ({ name: a.name, email: a.email, response: a.response })),
  };
}
