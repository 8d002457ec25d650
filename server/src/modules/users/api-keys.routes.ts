// API keys (admins): list, make (the key is shown once), revoke.

import { apiKey, apiKeyInput, newApiKey } from '@kith/common/api/api-keys';
import { apiError, listOf } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { type AccountsDeps, idParams } from './users.shared.ts';

export function apiKeysRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['api keys'];

  r.get(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Every API key, revoked ones last (admins); never the key itself',
        response: { 200: listOf(apiKey) },
      },
    },
    async (request) => ({ data: await listApiKeys(deps.ctxOf(request)) }),
  );

  r.post(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Make an API key acting with the given role (admins). The key is in this response only: store it now',
        body: apiKeyInput,
        response: { 201: newApiKey, 400: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(deps.ctxOf(request), request.body)),
  );

  r.delete(
    '/api/v1/api-keys/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an API key: it stops working at once (admins)',
        params: idParams,
        response: { 204: z.null(), 404: apiError },
      },
    },
    async (request, reply) => {
      await revokeApiKey(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
