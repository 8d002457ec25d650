import { apiError, listOf } from '@kith/common/api/shared';
import { savedView, viewInput, viewPatch, viewsQuery } from '@kith/common/api/views';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CtxFactory } from '../http/request-context.ts';
import { createView, deleteView, listViews, updateView } from './views.service.ts';

export function viewsRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['views'];
  const id = z.strictObject({ id: z.string().max(64) });
  r.get(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: 'Your views and the shared ones of an object',
        querystring: viewsQuery,
        response: { 200: listOf(savedView) },
      },
    },
    async (request) => ({ data: await listViews(ctxOf(request), request.query.objectType) }),
  );
  r.post(
    '/api/v1/views',
    {
      schema: {
        tags,
        summary: 'Save a view (columns, filter, sort, search)',
        body: viewInput,
        response: { 201: savedView, 400: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await createView(ctxOf(request), request.body)),
  );
  r.patch(
    '/api/v1/views/:id',
    {
      schema: {
        tags,
        summary: 'Change a view (its owner, or an admin for shared ones)',
        params: id,
        body: viewPatch,
        response: { 200: savedView, 400: apiError, 404: apiError },
      },
    },
    async (request) => updateView(ctxOf(request), request.params.id, request.body),
  );
  r.delete('/api/v1/views/:id', { schema: { tags, summary: 'Delete a view', params: id } }, async (request, reply) => {
    await deleteView(ctxOf(request), request.params.id);
    return reply.status(204).send();
  });
}
