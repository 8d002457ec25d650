// Teams: everyone signed in reads them; admins make, change and delete them.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorOut } from '../../platform/auth/auth.routes.ts';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service.ts';
import { type AccountsDeps, idList, idParams, ref } from './users.shared.ts';

export const teamOut = z.object({
  id: z.string(),
  name: z.string(),
  manager: ref.nullable(),
  members: z.array(ref),
  createdAt: z.string(),
  updatedAt: z.string(),
});
const name = z.string().trim().min(1, 'is required').max(100);
const managerId = z.uuid('must be an id').nullable();

export function teamsRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];

  r.get(
    '/api/v1/teams',
    {
      schema: {
        tags,
        summary: 'Every team with its manager and members',
        response: { 200: z.object({ data: z.array(teamOut) }) },
      },
    },
    async (request) => ({ data: await listTeams(deps.ctxOf(request)) }),
  );

  r.get(
    '/api/v1/teams/:id',
    {
      schema: { tags, summary: 'One team', params: idParams, response: { 200: teamOut, 404: errorOut } },
    },
    async (request) => getTeam(deps.ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/teams',
    {
      schema: {
        tags,
        summary: 'Make a team (admins)',
        body: z.strictObject({ name, managerId: managerId.optional(), memberIds: idList.optional() }),
        response: { 201: teamOut, 400: errorOut, 409: errorOut },
      },
    },
    async (request, reply) => reply.status(201).send(await createTeam(deps.ctxOf(request), request.body)),
  );

  r.patch(
    '/api/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Rename a team, change its manager, or replace its members (admins)',
        params: idParams,
        body: z.strictObject({ name: name.optional(), managerId: managerId.optional(), memberIds: idList.optional() }),
        response: { 200: teamOut, 400: errorOut, 404: errorOut, 409: errorOut },
      },
    },
    async (request) => updateTeam(deps.ctxOf(request), request.params.id, request.body),
  );

  r.delete(
    '/api/v1/teams/:id',
    {
      schema: {
        tags,
        summary: 'Delete a team (admins); its members stay',
        params: idParams,
        response: { 204: z.null(), 404: errorOut },
      },
    },
    async (request, reply) => {
      await deleteTeam(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
