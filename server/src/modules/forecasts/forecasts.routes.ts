// Forecasting's routes beyond the generic /api/v1/quotas ones: the forecast of a period, the
// quota grid and bulk setting, and the exchange rates the figures are converted with. Thin —
// schema, service, answer.
import {
  exchangeRateInput,
  exchangeRateParams,
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
import {
  addExchangeRate,
  deleteExchangeRate,
  readExchangeRates,
  writeExchangeRates,
} from './exchange-rates.service.ts';
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
        summary:
          'The company currency and the rates other currencies are converted into it with, each with the day it is in force from',
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

  r.post(
    '/api/v1/exchange-rates/rates',
    {
      schema: {
        tags,
        summary: 'Add a rate in force from a day (admins); a second rate of a currency for one day is a 409',
        body: exchangeRateInput,
        response: { 201: exchangeRates, 400: apiError, 403: apiError, 409: apiError },
      },
    },
    async (request, reply) => reply.code(201).send(await addExchangeRate(ctxOf(request), request.body)),
  );

  r.delete(
    '/api/v1/exchange-rates/rates/:id',
    {
      schema: {
        tags,
        summary: "Remove a rate (admins): the currency's previous rate is in force in its place",
        params: exchangeRateParams,
        response: { 200: exchangeRates, 400: apiError, 403: apiError, 404: apiError },
      },
    },
    async (request) => deleteExchangeRate(ctxOf(request), request.params.id),
  );
}
