// Users administration (admins): one user's details; rename, change role, teams, deactivate.
// The list (GET /api/v1/users) lives with the platform routes: every user needs it for pickers.

import { apiError } from '@kith/common/api/shared';
import { userDetail, userPatch } from '@kith/common/api/users';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getUser, updateUser } from './users.service.ts';
import { type AccountsDeps, idParams } from './users.shared.ts';

export function usersRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'One user with role and teams (admins)',
        params: idParams,
        response: { 200: userDetail, 404: apiError },
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
        body: userPatch,
        response: { 200: userDetail, 400: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request) => updateUser(deps.ctxOf(request), request.params.id, request.body),
  );
}
