import { apiError } from '@kith/common/api/shared';
import { note, noteInput, notePatch, timelinePage, timelineQuery } from '@kith/common/api/timeline';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { jsonSerializer } from '../../platform/http/json-buffer.ts';
import type { CtxFactory } from '../../platform/http/request-context.ts';
import { addNote, deleteNote, editNote, timeline } from './timeline.service.ts';

export function timelineRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['timeline'];

  r.get(
    '/api/v1/:plural/:id/timeline',
    {
      schema: {
        tags,
        summary:
          "A record's activity, newest first: its notes and every activity (call, email, task, meeting…) linked to it, filterable by kind",
        params: z.strictObject({ plural: z.string().max(100), id: z.string().max(64) }),
        querystring: timelineQuery,
        response: { 200: timelinePage, 400: apiError, 404: apiError },
      },
      // Out as plain JSON in pieces (jsonSerializer), as list pages and boards skip zod (decision 010's addendum): a page
      // of full records through zod cost about what its queries did. contracts.test.ts parses
      // real answers with the schema above.
      serializerCompiler: () => jsonSerializer,
    },
    async (request) => {
      const ctx = ctxOf(request);
      const obj = ctx.registry.byPlural(request.params.plural);
      if (!obj) throw notFound(`Object type ${request.params.plural}`);
      return timeline(ctx, obj.name, request.params.id, request.query);
    },
  );

  r.post(
    '/api/v1/notes',
    {
      schema: {
        tags,
        summary: 'Add a note to any record (basic HTML is kept, the rest is stripped)',
        body: noteInput,
        response: { 201: note, 400: apiError, 404: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await addNote(ctxOf(request), request.body)),
  );

  r.patch(
    '/api/v1/notes/:id',
    {
      schema: {
        tags,
        summary: 'Edit a note (its author or an admin)',
        params: z.strictObject({ id: z.string().max(64) }),
        body: notePatch,
        response: { 200: note, 400: apiError, 404: apiError },
      },
    },
    async (request) => editNote(ctxOf(request), request.params.id, request.body.body),
  );

  r.delete(
    '/api/v1/notes/:id',
    {
      schema: {
        tags,
        summary: 'Delete a note (its author or an admin)',
        params: z.strictObject({ id: z.string().max(64) }),
      },
    },
    async (request, reply) => {
      await deleteNote(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
