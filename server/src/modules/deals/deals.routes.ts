// The deals module's routes beyond the generic ones: thin — schema, service, answer.
import { pipelineFlow as flowAnswer, flowQuery, stageHistory, stageList, stagesInput } from '@kith/common/api/deals';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { dealStages, pipelineFlow } from './stage-history.service.ts';
import { listStages, saveStages } from './stages.service.ts';

const tags = ['deals'];
const pipelineParams = z.strictObject({ id: z.uuid('must be a pipeline id') });
const dealParams = z.strictObject({ id: z.uuid('must be a deal id') });
const errors = { 400: apiError, 403: apiError, 404: apiError };

export function dealsRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/pipelines/:id/stages',
    {
      schema: {
        tags,
        summary: "A pipeline's stages in order",
        params: pipelineParams,
        response: { 200: stageList, ...errors },
      },
    },
    async (request) => ({ data: await listStages(ctxOf(request), request.params.id) }),
  );

  r.put(
    '/api/v1/pipelines/:id/stages',
    {
      schema: {
        tags,
        summary:
          "Replace a pipeline's stages, in order: kept ones keep their deals, new ones are added, those left out are deleted (409 while deals are in them)",
        params: pipelineParams,
        body: stagesInput,
        response: { 200: stageList, 409: apiError, ...errors },
      },
    },
    async (request) => ({ data: await saveStages(ctxOf(request), request.params.id, request.body.stages) }),
  );

  r.get(
    '/api/v1/pipelines/:id/flow',
    {
      schema: {
        tags,
        summary:
          "The pipeline's flow over a period: per stage, the deals that entered it, how many went on or were lost, and the median days they stayed",
        params: pipelineParams,
        querystring: flowQuery,
        response: { 200: flowAnswer, ...errors },
      },
    },
    async (request) => pipelineFlow(ctxOf(request), request.params.id, request.query),
  );

  r.get(
    '/api/v1/deals/:id/stages',
    {
      schema: {
        tags,
        summary: "A deal's way through the stages: when it entered and left each, and who moved it",
        params: dealParams,
        response: { 200: stageHistory, ...errors },
      },
    },
    async (request) => ({ data: await dealStages(ctxOf(request), request.params.id) }),
  );
}
