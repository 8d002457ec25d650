// The calendar (/api/v1/events/… beyond the record routes, /api/v1/calendar/…): attendees and their
// answers, a booking in one transaction, the occurrences of people's calendars in a window,
// conflicts with the next free slot, free/busy, the secret iCalendar feed and .ics import.
import { z } from 'zod';
import { apiRecord } from './records.ts';
import { uuid } from './shared.ts';

export const attendeeResponses = ['needsAction', 'accepted', 'declined', 'tentative'] as const;
export type AttendeeResponse = (typeof attendeeResponses)[number];

/** A person to invite: a user of Kith or a contact (who gets the invitation by email). */
export const attendeeInput = z.union([z.strictObject({ userId: uuid }), z.strictObject({ contactId: uuid })]);
export type AttendeeInput = z.input<typeof attendeeInput>;

export const attendeesInput = z.strictObject({
  attendees: z.array(attendeeInput).max(200, 'at most 200 attendees'),
});
export type AttendeesInput = z.input<typeof attendeesInput>;

export const attendee = z.object({
  id: z.string(),
  kind: z.enum(['user', 'contact']),
  userId: z.string().nullable(),
  contactId: z.string().nullable(),
  /** Null for a contact the reader may not read. */
  name: z.string().nullable(),
  email: z.string().nullable(),
  response: z.enum(attendeeResponses),
  respondedAt: z.string().nullable(),
});
export type Attendee = z.infer<typeof attendee>;
export const attendeeList = z.object({ data: z.array(attendee) });

export const respondInput = z.strictObject({ response: z.enum(['accepted', 'declined', 'tentative']) });
export type RespondInput = z.input<typeof respondInput>;

/** POST /calendar/bookings: an event's fields (as POST /events takes them) and its attendees, written together. */
export const bookingInput = z.strictObject({
  event: z.record(z.string(), z.unknown()).describe('The event’s fields, as POST /api/v1/events takes them'),
  attendees: z.array(attendeeInput).max(200, 'at most 200 attendees').default([]),
});
export type BookingInput = z.input<typeof bookingInput>;
export const booking = z.object({ event: apiRecord, attendees: z.array(attendee) });
export type Booking = z.infer<typeof booking>;

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' });
/** Comma-separated user ids (a query string's list). */
const userIds = z
  .string()
  .max(40 * 100)
  .transform((s) => [...new Set(s.split(',').filter(Boolean))])
  .pipe(z.array(uuid).max(100, 'at most 100 people'));

export const calendarQuery = z.strictObject({
  start: instant,
  end: instant,
  users: userIds.optional().describe('Whose calendars, comma-separated user ids (default: yours)'),
});
export type CalendarQuery = z.input<typeof calendarQuery>;

/** One occurrence on the calendars asked for; an event the reader may not read shows as busy only. */
export const occurrence = z.object({
  eventId: z.string().nullable().describe('Null for someone else’s event the reader may not read'),
  title: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  allDay: z.boolean(),
  status: z.string().nullable(),
  location: z.string().nullable(),
  videoUrl: z.string().nullable(),
  organizerId: z.string().nullable(),
  recurring: z.boolean(),
  /** Whose calendars (of those asked) it is on: the organizer and the users invited. */
  userIds: z.array(z.string()),
  /** Each of those users' answer (the organizer's is accepted). */
  responses: z.record(z.string(), z.enum(attendeeResponses)),
  /** Whether it blocks those people's time (not cancelled, not all-day). */
  busy: z.boolean(),
});
export type Occurrence = z.infer<typeof occurrence>;
export const occurrenceList = z.object({ data: z.array(occurrence) });

export const conflictsQuery = z.strictObject({
  start: instant,
  end: instant,
  attendees: userIds.describe('The users to check, comma-separated ids'),
  exclude: uuid.optional().describe('An event being moved: its own time does not clash'),
  timeZone: z.string().max(64).optional().describe('Working hours are 08:00–18:00 here (default: yours)'),
});
export type ConflictsQuery = z.input<typeof conflictsQuery>;

export const slot = z.object({ start: z.string(), end: z.string() });
export type Slot = z.infer<typeof slot>;

export const conflicts = z.object({
  clashes: z.array(occurrence),
  /** The first time of the same length from `start` on when every attendee is free, in working hours; null if none in 60 days. */
  nextFreeSlot: slot.nullable(),
});
export type Conflicts = z.infer<typeof conflicts>;

export const freeBusyQuery = z.strictObject({ users: userIds, start: instant, end: instant });
export const freeBusy = z.object({
  data: z.array(z.object({ userId: z.string(), busy: z.array(slot) })),
});
export type FreeBusy = z.infer<typeof freeBusy>;

export const feedStatus = z.object({ active: z.boolean(), createdAt: z.string().nullable() });
export type FeedStatus = z.infer<typeof feedStatus>;
/** The feed's address: shown once, kept only as a hash. */
export const newFeed = z.object({ url: z.string(), createdAt: z.string() });
export type NewFeed = z.infer<typeof newFeed>;

export const icsImportInput = z.strictObject({
  ics: z.string().min(1, 'is empty').max(2_000_000, 'must be at most 2 MB'),
});
export type IcsImportInput = z.input<typeof icsImportInput>;
export const icsImportResult = z.object({ created: z.number().int(), ids: z.array(z.string()) });
export type IcsImportResult = z.infer<typeof icsImportResult>;
