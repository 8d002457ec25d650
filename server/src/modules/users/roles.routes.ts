// Roles (admins): list, make, change and delete custom roles. Built-in roles are read-only.

import { role, roleInput, rolePatch } from '@kith/common/api/roles';
import { apiError, listOf } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createRole, deleteRole, listRoles, updateRole } from './roles.service.ts';
import { type AccountsDeps, idParams } from './users.shared.ts';

export function rolesRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['roles'];

  r.get(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: 'Every role with its permissions and how many users hold it (admins)',
        response: { 200: listOf(role) },
      },
    },
    async (request) => ({ data: await listRoles(deps.ctxOf(request)) }),
  );

  r.post(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: 'Make a custom role (admins); its key is the slug of its name',
        body: roleInput,
        response: { 201: role, 400: apiError, 409: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await createRole(deps.ctxOf(request), request.body)),
  );

  r.patch(
    '/api/v1/roles/:id',
    {
      schema: {
        tags,
        summary: 'Change a custom role (admins); permissions, when given, replace the old ones. Built-in roles: 409',
        params: idParams,
        body: rolePatch,
        response: { 200: role, 400: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request) => updateRole(deps.ctxOf(request), request.params.id, request.body),
  );

  r.delete(
    '/api/v1/roles/:id',
    {
      schema: {
        tags,
        summary: 'Delete a custom role nobody uses (admins); otherwise 409 saying who uses it',
        params: idParams,
        response: { 204: z.null(), 404: apiError, 409: apiError },
      },
    },
    async (request, reply) => {
      await deleteRole(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
