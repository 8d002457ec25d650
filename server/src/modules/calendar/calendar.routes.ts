// The calendar's routes beyond the generic /api/v1/events ones: thin — schema, service, answer.
import {
  attendeeList,
  attendeesInput,
  booking,
  bookingInput,
  calendarQuery,
  conflicts as conflictsAnswer,
  conflictsQuery,
  freeBusy as freeBusyAnswer,
  freeBusyQuery,
  occurrenceList,
  respondInput,
} from '@kith/common/api/calendar';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { book, listAttendees, respond, setAttendees } from './attendees.service.ts';
import { calendarOf, conflicts, freeBusy } from './busy.service.ts';

const tags = ['calendar'];
const eventParams = z.strictObject({ id: z.uuid('must be an event id') });

export function calendarRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/events/:id/attendees',
    {
      schema: {
        tags,
        summary: 'Who is invited to an event and what each answered',
        params: eventParams,
        response: { 200: attendeeList, 404: apiError },
      },
    },
    async (request) => ({ data: await listAttendees(ctxOf(request), request.params.id) }),
  );

  r.put(
    '/api/v1/events/:id/attendees',
    {
      schema: {
        tags,
        summary:
          'Replace the attendees (users and contacts): new ones are invited by email with an .ics (iTIP REQUEST), those taken off get a CANCEL',
        params: eventParams,
        body: attendeesInput,
        response: { 200: attendeeList, 400: apiError, 404: apiError },
      },
    },
    async (request) => ({ data: await setAttendees(ctxOf(request), request.params.id, request.body.attendees) }),
  );

  r.post(
    '/api/v1/events/:id/respond',
    {
      schema: {
        tags,
        summary: 'Accept, decline or tentatively accept an invitation (the organizer is told)',
        params: eventParams,
        body: respondInput,
        response: { 200: attendeeList, 400: apiError, 404: apiError },
      },
    },
    async (request) => ({ data: await respond(ctxOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/v1/events/conflicts',
    {
      schema: {
        tags,
        summary:
          'What the attendees already have between start and end, and the next time of the same length when all are free (08:00–18:00 on weekdays)',
        querystring: conflictsQuery,
        response: { 200: conflictsAnswer, 400: apiError },
      },
    },
    async (request) => {
      const q = request.query;
      return conflicts(ctxOf(request), {
        start: new Date(q.start),
        end: new Date(q.end),
        attendees: q.attendees,
        ...(q.exclude ? { exclude: q.exclude } : {}),
        ...(q.timeZone ? { timeZone: q.timeZone } : {}),
      });
    },
  );

  r.get(
    '/api/v1/events/free-busy',
    {
      schema: {
        tags,
        summary: 'When each of these people is busy between start and end (times only, no titles)',
        querystring: freeBusyQuery,
        response: { 200: freeBusyAnswer, 400: apiError },
      },
    },
    async (request) => {
      const q = request.query;
      return freeBusy(ctxOf(request), q.users, new Date(q.start), new Date(q.end));
    },
  );

  r.get(
    '/api/v1/calendar/occurrences',
    {
      schema: {
        tags,
        summary: 'The events on these people’s calendars between start and end, repeating ones expanded',
        querystring: calendarQuery,
        response: { 200: occurrenceList, 400: apiError },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const q = request.query;
      const users = q.users?.length ? q.users : [ctx.principal.userId ?? ''];
      return { data: await calendarOf(ctx, users, new Date(q.start), new Date(q.end)) };
    },
  );

  r.post(
    '/api/v1/calendar/bookings',
    {
      schema: {
        tags,
        summary: 'Book a meeting: the event and its attendees in one transaction, invitations sent',
        body: bookingInput,
        response: { 201: booking, 400: apiError, 403: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await book(ctxOf(request), request.body)),
  );
}
