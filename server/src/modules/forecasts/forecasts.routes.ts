// Forecasting's routes beyond the generic /api/v1/quotas ones: the forecast of a period, the
// quota grid and bulk setting, and the exchange rates the figures are converted with. Thin —
// schema, service, answer.
import {
  exchangeRates,
  exchangeRatesInput,
  forecastQuery,
  forecastResult,
  quotaGrid,
  quotaGridQuery,
  setQuotasInput,
  setQuotasParams,
  setQuotasResult,
} from '@kith/common/api/forecasts';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { readExchangeRates, writeExchangeRates } from './exchange-rates.service.ts';
import { forecast } from './forecast.service.ts';
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

  r.get(
    '/api/v1/forecasts',
    {
      schema: {
        tags,
        summary:
          "A month's or quarter's forecast per rep, team or territory: won, pipeline, best case, commit, quota, attainment, adjustments and a projection",
        querystring: forecastQuery,
        response: { 200: forecastResult, 400: apiError, 403: apiError },
      },
    },
    async (request) => forecast(ctxOf(request), request.query),
  );

  r.get(
    '/api/v1/exchange-rates',
    {
      schema: {
        tags,
        summary: 'The company currency and the rates other currencies are converted into it with',
        response: { 200: exchangeRates },
      },
    },
    async (request) => readExchangeRates(ctxOf(request).db),
  );

  r.put(
    '/api/v1/exchange-rates',
    {
      schema: {
        tags,
        summary: 'Set the company currency and replace every exchange rate (admins)',
        body: exchangeRatesInput,
        response: { 200: exchangeRates, 400: apiError, 403: apiError },
      },
    },
    async (request) => writeExchangeRates(ctxOf(request), request.body),
  );
}
