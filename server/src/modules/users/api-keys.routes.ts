// API keys (admins): list, make (the key is shown once), revoke.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorOut } from '../../platform/auth/auth.routes.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.service.ts';
import { type AccountsDeps, idParams, ref } from './users.shared.ts';

const apiKeyOut = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().describe('The first 12 characters, to recognise a key'),
  role: ref,
  createdBy: ref.nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function apiKeysRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['api keys'];

  r.get(
    '/api/v1/api-keys',
    {
      schema: {
        tags,
        summary: 'Every API key, revoked ones last (admins); never the key itself',
        response: { 200: z.object({ data: z.array(apiKeyOut) }) },
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
        body: z.strictObject({
          name: z.string().trim().min(1, 'is required').max(100),
          roleId: z.uuid('must be an id'),
        }),
        response: {
          201: apiKeyOut.extend({ key: z.string().describe('Send as "Authorization: Bearer <key>". Shown once.') }),
          400: errorOut,
        },
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
        response: { 204: z.null(), 404: errorOut },
      },
    },
    async (request, reply) => {
      await revokeApiKey(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
