// Roles (admins): list, make, change and delete custom roles. Built-in roles are read-only.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorOut } from '../../platform/auth/auth.routes.ts';
import { createRole, deleteRole, listRoles, updateRole } from './roles.service.ts';
import { type AccountsDeps, idParams } from './users.shared.ts';

const permission = z.strictObject({
  create: z.boolean().default(false),
  read: z.boolean().default(false),
  update: z.boolean().default(false),
  delete: z.boolean().default(false),
  export: z.boolean().default(false),
  scope: z
    .enum(['own', 'team', 'all'])
    .default('own')
    .describe('Which records read/update/delete/export reach: owned by the user, by their teams, or all'),
});
const permissions = z
  .record(z.string().max(100), permission)
  .describe('Per object name (see /api/v1/meta/objects); objects left out allow nothing');
const name = z.string().trim().min(1, 'is required').max(100);
const description = z.string().trim().max(500);

const permissionOut = z.object({
  create: z.boolean(),
  read: z.boolean(),
  update: z.boolean(),
  delete: z.boolean(),
  export: z.boolean(),
  scope: z.enum(['own', 'team', 'all']),
});
export const roleOut = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  isBuiltin: z.boolean(),
  isAdmin: z.boolean(),
  permissions: z.record(z.string(), permissionOut),
  userCount: z.number().describe('Active users with this role'),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function rolesRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['roles'];

  r.get(
    '/api/v1/roles',
    {
      schema: {
        tags,
        summary: 'Every role with its permissions and how many users hold it (admins)',
        response: { 200: z.object({ data: z.array(roleOut) }) },
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
        body: z.strictObject({ name, description: description.optional(), permissions }),
        response: { 201: roleOut, 400: errorOut, 409: errorOut },
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
        body: z.strictObject({
          name: name.optional(),
          description: description.optional(),
          permissions: permissions.optional(),
        }),
        response: { 200: roleOut, 400: errorOut, 404: errorOut, 409: errorOut },
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
        response: { 204: z.null(), 404: errorOut, 409: errorOut },
      },
    },
    async (request, reply) => {
      await deleteRole(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
