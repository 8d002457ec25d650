// Commissions' routes beyond the registry's /api/v1/commission-plans ones: a plan's tiers at once,
// statements per rep and period, their recalculation and finalising. Thin — schema, service, answer.
import {
  recalculateInput,
  recalculateResult,
  setTiersInput,
  setTiersParams,
  statementDetail,
  statementList,
  statementParams,
  statementQuery,
  statementSummary,
  tiersResult,
} from '@kith/common/api/commissions';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { finalizeStatement, getStatement, listStatements, recalculate } from './statements-read.service.ts';
import { setTiers } from './tiers.service.ts';

const tags = ['commissions'];
const errors = { 400: apiError, 403: apiError, 404: apiError, 409: apiError };

export function commissionRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.put(
    '/api/v1/commission-plans/:id/tiers',
    {
      schema: {
        tags,
        summary: "Replace a plan's tiers at once: from 0 %, no gap, no overlap, the last open-ended (managers)",
        params: setTiersParams,
        body: setTiersInput,
        response: { 200: tiersResult, ...errors },
      },
    },
    async (request) => setTiers(ctxOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/commission-statements',
    {
      schema: {
        tags,
        summary: "Commission statements per rep and period (a rep sees their own; managers their reps')",
        querystring: statementQuery,
        response: { 200: statementList, 400: apiError, 403: apiError },
      },
    },
    async (request) => listStatements(ctxOf(request), request.query),
  );

  r.get(
    '/api/v1/commission-statements/:id',
    {
      schema: {
        tags,
        summary: 'A statement with what each won deal earned, and the tiers of its plan',
        params: statementParams,
        response: { 200: statementDetail, 400: apiError, 404: apiError },
      },
    },
    async (request) => getStatement(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/commission-statements/recalculate',
    {
      schema: {
        tags,
        summary: "Recalculate a period's statements now: one rep's or every plan member's (managers)",
        body: recalculateInput,
        response: { 200: recalculateResult, 400: apiError, 403: apiError },
      },
    },
    async (request) => recalculate(ctxOf(request), request.body),
  );

  r.post(
    '/api/v1/commission-statements/:id/finalize',
    {
      schema: {
        tags,
        summary: 'Close a statement: it is not recalculated any more (managers)',
        params: statementParams,
        response: { 200: statementSummary, ...errors },
      },
    },
    async (request) => finalizeStatement(ctxOf(request), request.params.id),
  );
}
