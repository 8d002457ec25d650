// The calendar's routes beyond the generic /api/v1/events ones: thin — schema, service, answer.
import {
  attendeeList,
  attendeesInput,
  booking,
  bookingInput,
  calendarQuery,
  conflicts as conflictsAnswer,
  conflictsQuery,
  feedStatus as feedStatusAnswer,
  freeBusy as freeBusyAnswer,
  freeBusyQuery,
  icsImportInput,
  icsImportResult,
  newFeed as newFeedAnswer,
  occurrenceList,
  respondInput,
} from '@kith/common/api/calendar';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { publicRoute } from '../../platform/http/request-context.ts';
import type { ModuleDeps } from '../../platform/module.ts';
import { book, listAttendees, respond, setAttendees } from './attendees.service.ts';
import { calendarOf, conflicts, freeBusy } from './busy.service.ts';
import { feedIcs, feedStatus, newFeed, revokeFeed } from './feed.service.ts';
import { importIcs } from './import.service.ts';

const tags = ['calendar'];
const eventParams = z.strictObject({ id: z.uuid('must be an event id') });

export function calendarRoutes({ app, ctxOf, db, registry, now }: ModuleDeps) {
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

  r.get(
    '/api/v1/calendar/feed',
    {
      schema: {
        tags,
        summary: 'Whether you have a calendar feed address, and since when',
        response: { 200: feedStatusAnswer },
      },
    },
    async (request) => feedStatus(ctxOf(request)),
  );

  r.post(
    '/api/v1/calendar/feed',
    {
      schema: {
        tags,
        summary: 'A new secret iCalendar feed address for your calendar apps (the old one stops working); shown once',
        response: { 201: newFeedAnswer },
      },
    },
    async (request, reply) => reply.status(201).send(await newFeed(ctxOf(request))),
  );

  r.delete(
    '/api/v1/calendar/feed',
    { schema: { tags, summary: 'Turn your calendar feed off' } },
    async (request, reply) => {
      await revokeFeed(ctxOf(request));
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/calendar/feed/:file',
    {
      // Public on purpose: calendar apps subscribe without a session; the secret token in the
      // address is the credential (only its hash is stored; it is redacted from logs).
      config: publicRoute,
      schema: {
        tags,
        summary:
          'Your calendar as iCalendar (±6 months, repeating events as RRULE), for Google, Outlook and Apple calendars',
        params: z.strictObject({ file: z.string().max(100) }),
      },
    },
    async (request, reply) => {
      const token = request.params.file.replace(/\.ics$/, '');
      const text = await feedIcs({ db, registry, now }, token);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="kith.ics"')
        .send(text);
    },
  );

  r.post(
    '/api/v1/calendar/import',
    {
      schema: {
        tags,
        summary: 'Import the events of an .ics file (you organise them); all or nothing',
        body: icsImportInput,
        response: { 201: icsImportResult, 400: apiError },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      return reply.status(201).send(await importIcs(ctx, request.body.ics, await zoneOf(ctx)));
    },
  );
}

async function zoneOf(ctx: Ctx): Promise<string> {
  const [u] = await ctx.db.query<{ time_zone: string }>(
    sql`SELECT time_zone FROM users WHERE id = ${ctx.principal.userId}::uuid`,
  );
  return u?.time_zone ?? 'UTC';
}
