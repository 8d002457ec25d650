// The sales reports' routes: thin — schema, service, answer.
import { productReportQuery, productReport as reportAnswer } from '@kith/common/api/sales-reports';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { productReport } from './product-report.service.ts';

export function salesReportsRoutes({ app, ctxOf }: ModuleDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
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
}
