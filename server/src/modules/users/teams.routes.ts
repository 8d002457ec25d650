// Teams: everyone signed in reads them; admins make, change and delete them.

import { apiError, listOf } from '@kith/common/api/shared';
import { team, teamInput, teamPatch } from '@kith/common/api/teams';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from './teams.service.ts';
import { type AccountsDeps, idParams } from './users.shared.ts';

export function teamsRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['teams'];

  r.get(
    '/api/v1/teams',
    {
      schema: {
        tags,
        summary: 'Every team with its manager and members',
        response: { 200: listOf(team) },
      },
    },
    async (request) => ({ data: await listTeams(deps.ctxOf(request)) }),
  );

  r.get(
    '/api/v1/teams/:id',
    {
      schema: { tags, summary: 'One team', params: idParams, response: { 200: team, 404: apiError } },
    },
    async (request) => getTeam(deps.ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/teams',
    {
      schema: {
        tags,
        summary: 'Make a team (admins)',
        body: teamInput,
        response: { 201: team, 400: apiError, 409: apiError },
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
        body: teamPatch,
        response: { 200: team, 400: apiError, 404: apiError, 409: apiError },
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
        response: { 204: z.null(), 404: apiError },
      },
    },
    async (request, reply) => {
      await deleteTeam(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
