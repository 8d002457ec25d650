// The calendar's data: occurrences of people's calendars in a window, conflicts with the next free
// slot, free/busy, bookings, moves and answers. Keyed under the events' lists, so a live update of
// any event (realtime.ts) refreshes the calendar as it refreshes the table.
import type {
  Attendee,
  AttendeeInput,
  Booking,
  BookingInput,
  Conflicts,
  FreeBusy,
  Occurrence,
  RespondInput,
} from '@kith/common/api/calendar';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { recordKeys } from '../../platform/records/records-api';

export const eventsPlural = 'events';

export function occurrencesQuery(start: string, end: string, users: string[]) {
  return queryOptions({
    queryKey: [...recordKeys.lists(eventsPlural), 'calendar', start, end, users] as const,
    queryFn: ({ signal }) =>
      api
        .get<{ data: Occurrence[] }>('/calendar/occurrences', { start, end, users: users.join(',') }, signal)
        .then((r) => r.data),
    enabled: users.length > 0,
    placeholderData: (prev) => prev,
  });
}

export function freeBusyQuery(users: string[], start: string, end: string) {
  return queryOptions({
    queryKey: [...recordKeys.lists(eventsPlural), 'free-busy', users, start, end] as const,
    queryFn: ({ signal }) => api.get<FreeBusy>('/events/free-busy', { users: users.join(','), start, end }, signal),
    enabled: users.length > 0 && end > start,
  });
}

export const checkConflicts = (q: {
  start: string;
  end: string;
  attendees: string[];
  exclude?: string;
  timeZone?: string;
}) => api.get<Conflicts>('/events/conflicts', { ...q, attendees: q.attendees.join(',') });

export const bookMeeting = (input: BookingInput) => api.post<Booking>('/calendar/bookings', input);

export const moveEvent = (id: string, patch: { startsAt: string; endsAt: string; allDay?: boolean }) =>
  api.patch<unknown>(`/events/${id}`, patch);

export const respondTo = (id: string, body: RespondInput) =>
  api.post<{ data: Attendee[] }>(`/events/${id}/respond`, body);

export function attendeesQuery(id: string) {
  return queryOptions({
    queryKey: [...recordKeys.all(eventsPlural), 'attendees', id] as const,
    queryFn: ({ signal }) =>
      api.get<{ data: Attendee[] }>(`/events/${id}/attendees`, undefined, signal).then((r) => r.data),
  });
}

export type { AttendeeInput, Occurrence };
