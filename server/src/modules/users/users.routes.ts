// Users administration (admins): one user's details; rename, change role, teams, deactivate.
// The list (GET /api/v1/users) lives with the platform routes: every user needs it for pickers.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorOut } from '../../platform/auth/auth.routes.ts';
import { getUser, updateUser } from './users.service.ts';
import { type AccountsDeps, idList, idParams, personName } from './users.shared.ts';

export const userDetailOut = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isActive: z.boolean(),
  timeZone: z.string(),
  locale: z.string(),
  avatarUrl: z.string().nullable(),
  role: z.object({ id: z.string(), key: z.string(), name: z.string(), isAdmin: z.boolean() }),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

export function usersRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user with role and teams (admins)',
        params: idParams,
        response: { 200: userDetailOut, 404: errorOut },
      },
    },
    async (request) => getUser(deps.ctxOf(request), request.params.id),
  );

  r.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Rename, change role or teams, deactivate or reactivate a user (admins)',
        description:
          'Deactivating signs the user out everywhere and stops the API keys they made. The last active admin cannot be demoted or deactivated (409).',
        params: idParams,
        body: z.strictObject({
          name: personName.optional(),
          roleId: z.uuid('must be an id').optional(),
          isActive: z.boolean().optional(),
          teamIds: idList.optional(),
        }),
        response: { 200: userDetailOut, 400: errorOut, 404: errorOut, 409: errorOut },
      },
    },
    async (request) => updateUser(deps.ctxOf(request), request.params.id, request.body),
  );
}
