// Territories' routes beyond the generic /api/v1/territories ones: thin — schema, service, answer.

import { apiError } from '@kith/common/api/shared';
import {
  reassignRun,
  reassignStatus as reassignStatusAnswer,
  territoryMemberList,
  territoryMembersInput,
  territoryTree as territoryTreeAnswer,
} from '@kith/common/api/territories';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { listMembers, reassignNow, reassignStatus, setMembers, territoryTree } from './territories.service.ts';

const tags = ['territories'];
const territoryParams = z.strictObject({ id: z.uuid('must be a territory id') });

export function territoriesRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/territories/tree',
    {
      schema: {
        tags,
        summary: 'Every territory in tree order, with its members and how many records each holds',
        response: { 200: territoryTreeAnswer, 403: apiError },
      },
    },
    async (request) => ({ data: await territoryTree(ctxOf(request)) }),
  );

  r.get(
    '/api/v1/territories/:id/members',
    {
      schema: {
        tags,
        summary: 'The reps and managers of a territory',
        params: territoryParams,
        response: { 200: territoryMemberList, 404: apiError },
      },
    },
    async (request) => ({ data: await listMembers(ctxOf(request), request.params.id) }),
  );

  r.put(
    '/api/v1/territories/:id/members',
    {
      schema: {
        tags,
        summary: 'Replace the reps and managers of a territory',
        params: territoryParams,
        body: territoryMembersInput,
        response: { 200: territoryMemberList, 400: apiError, 403: apiError, 404: apiError },
      },
    },
    async (request) => ({ data: await setMembers(ctxOf(request), request.params.id, request.body) }),
  );

  r.get(
    '/api/v1/territories/reassign',
    {
      schema: {
        tags,
        summary: 'The latest run of territory assignment: its status and progress',
        response: { 200: reassignStatusAnswer, 403: apiError },
      },
    },
    async (request) => ({ run: await reassignStatus(ctxOf(request)) }),
  );

  r.post(
    '/api/v1/territories/reassign',
    {
      schema: {
        tags,
        summary: 'Match every record to its territory again, in the background (one run at a time is queued)',
        response: { 202: reassignRun, 403: apiError },
      },
    },
    async (request, reply) => reply.status(202).send(await reassignNow(ctxOf(request))),
  );
}
