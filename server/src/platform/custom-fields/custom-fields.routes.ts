import { customField, customFieldInput, customFieldPatch, customFieldsQuery } from '@kith/common/api/custom-fields';
import { apiError, listOf } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CtxFactory } from '../http/request-context.ts';
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField } from './custom-fields.service.ts';

export function customFieldsRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['custom fields'];
  const id = z.strictObject({ id: z.string().max(64) });

  r.get(
    '/api/v1/custom-fields',
    {
      schema: {
        tags,
        summary: 'Custom fields, optionally of one object',
        querystring: customFieldsQuery,
        response: { 200: listOf(customField) },
      },
    },
    async (request) => ({ data: await listCustomFields(ctxOf(request), request.query.objectType) }),
  );

  r.post(
    '/api/v1/custom-fields',
    {
      schema: {
        tags,
        summary:
          'Add a field to an object (admins); it appears at once in forms, tables, filters, import/export and the API',
        body: customFieldInput,
        response: { 201: customField, 400: apiError, 409: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await createCustomField(ctxOf(request), request.body)),
  );

  r.patch(
    '/api/v1/custom-fields/:id',
    {
      schema: {
        tags,
        summary: 'Rename a field, change its options or rules (its type stays)',
        params: id,
        body: customFieldPatch,
        response: { 200: customField, 400: apiError, 404: apiError },
      },
    },
    async (request) => updateCustomField(ctxOf(request), request.params.id, request.body),
  );

  r.delete(
    '/api/v1/custom-fields/:id',
    {
      schema: { tags, summary: 'Delete a field and its data', params: id },
    },
    async (request, reply) => {
      await deleteCustomField(ctxOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
