// The sales reports' routes: thin — schema, service, answer.
import {
  commissionReport as commissionAnswer,
  commissionReportQuery,
  productReportQuery,
  productReport as reportAnswer,
} from '@kith/common/api/sales-reports';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { commissionReport } from './commission-report.service.ts';
import { productReport } from './product-report.service.ts';

export function salesReportsRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/sales-reports/products',
    {
      schema: {
        tags: ['sales reports'],
        summary:
          'What was sold and quoted in a period: revenue by product and by category, quotes sent, the share that became orders and the average discount, in the company currency',
        querystring: productReportQuery,
        response: { 200: reportAnswer, 400: apiError, 403: apiError },
      },
    },
    async (request) => productReport(ctxOf(request), request.query),
  );

  r.get(
    '/api/v1/sales-reports/commissions',
    {
      schema: {
        tags: ['sales reports'],
        summary:
          "Commission per rep for a period from their statements (a quarter sums a monthly plan's months); a rep sees their own, managers their reps'",
        querystring: commissionReportQuery,
        response: { 200: commissionAnswer, 400: apiError, 403: apiError },
      },
    },
    async (request) => commissionReport(ctxOf(request), request.query),
  );
}
