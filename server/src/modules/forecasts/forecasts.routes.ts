// Quota routes beyond the generic /api/v1/quotas ones: thin — schema, service, answer.
import {
  quotaGrid,
  quotaGridQuery,
  setQuotasInput,
  setQuotasParams,
  setQuotasResult,
} from '@kith/common/api/forecasts';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { quotaGrid as readGrid, setQuotas } from './quotas.service.ts';

const tags = ['forecasts'];

export function forecastRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/quotas/grid',
    {
      schema: {
        tags,
        summary: "A fiscal year's quotas as reps × months or quarters (the reps the reader may see)",
        querystring: quotaGridQuery,
        response: { 200: quotaGrid, 400: apiError, 403: apiError },
      },
    },
    async (request) => readGrid(ctxOf(request), request.query),
  );

  r.put(
    '/api/v1/quotas/by-period/:period',
    {
      schema: {
        tags,
        summary: "Set one period's quotas for several reps at once (null removes one); all or nothing",
        params: setQuotasParams,
        body: setQuotasInput,
        response: { 200: setQuotasResult, 400: apiError, 403: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request) => ({ data: await setQuotas(ctxOf(request), request.params.period, request.body) }),
  );
}
