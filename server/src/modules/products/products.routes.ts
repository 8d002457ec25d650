// The catalogue's routes beyond the generic ones (/api/v1/products, /price-books… from the
// registry): thin — schema, service, answer.
import { configuration, configureInput, priceQuery, productPrice } from '@kith/common/api/products';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { configure } from './configure.service.ts';
import { priceOf } from './price-of.service.ts';

const tags = ['products'];
const productParams = z.strictObject({ id: z.uuid('must be a product id') });
const errors = { 400: apiError, 403: apiError, 404: apiError };

export function productsRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/products/:id/price',
    {
      schema: {
        tags,
        summary:
          "A product's unit price: in the price book named, or else in the default active price book of the currency; with the tax rate its lines take",
        params: productParams,
        querystring: priceQuery,
        response: { 200: productPrice, ...errors },
      },
    },
    async (request) => priceOf(ctxOf(request), { productId: request.params.id, ...request.query }),
  );

  r.post(
    '/api/v1/products/:id/configure',
    {
      schema: {
        tags,
        summary:
          "A configurable product's unit price with the options chosen: its own price in the book plus theirs, with the breakdown",
        params: productParams,
        body: configureInput,
        response: { 200: configuration, ...errors },
      },
    },
    async (request) => configure(ctxOf(request), request.params.id, request.body),
  );
}
