// The orders module's routes beyond the generic ones: thin — schema, service, answer.
import { purchaseHistory as historyAnswer, purchaseHistoryQuery } from '@kith/common/api/orders';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { purchaseHistory } from './purchase-history.service.ts';

const tags = ['orders'];

export function ordersRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/purchase-history',
    {
      schema: {
        tags,
        summary:
          "A company's or a contact's orders, newest first, a page at a time; the first page also says what they add up to (per currency, and per month over the last 12)",
        querystring: purchaseHistoryQuery,
        response: { 200: historyAnswer, 400: apiError, 403: apiError, 404: apiError },
      },
    },
    async (request) => purchaseHistory(ctxOf(request), request.query),
  );
}
