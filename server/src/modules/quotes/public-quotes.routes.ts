// The customer's routes for a signed link, without an account: the token in the address is the
// credential. Limited per address like the other public routes (counted before any work).
import { acceptInput, declineInput, publicQuote as publicQuoteSchema } from '@kith/common/api/quotes';
import { apiError } from '@kith/common/api/shared';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RateLimiter } from '../../platform/auth/rate-limit.ts';
import { anonymousRoute } from '../../platform/http/request-context.ts';
import { type ModuleDeps, systemCtx } from '../../platform/module.ts';
import { contentDisposition } from '../files/file-headers.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { acceptQuote, declineQuote, publicLogo, publicQuote, publicQuotePdf } from './public-quotes.service.ts';

const tags = ['quotes'];
const tokenParams = z.strictObject({ token: z.string().min(1).max(200) });
const errors = { 400: apiError, 404: apiError, 409: apiError, 410: apiError, 429: apiError };

/** Reads (the page, its PDF and logo) and answers (accept, decline) per address and minute. */
export const publicReadsPerMinute = 120;
export const publicAnswersPerMinute = 10;

export function publicQuotesRoutes(deps: ModuleDeps, storage: FileStorage) {
  const reads = new RateLimiter(deps.db, 'public-quote-reads', publicReadsPerMinute, 60_000);
  const answers = new RateLimiter(deps.db, 'public-quote-answers', publicAnswersPerMinute, 60_000);
  const ctxFor = (request: FastifyRequest) => ({
    ...systemCtx(deps),
    log: request.log,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });
  const r = deps.app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/public/quotes/:token',
    {
      config: anonymousRoute,
      // Counted before any work: a flood costs one small write per request.
      onRequest: async (request, reply) => reads.check(request.ip, reply, 'requests'),
      schema: {
        tags,
        summary:
          "Public: the quote a customer's signed link shows (no internal data). 404 for a wrong link, 410 when expired or replaced by a newer version",
        params: tokenParams,
        response: { 200: publicQuoteSchema, ...errors },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      return publicQuote(ctxFor(request), request.params.token, storage);
    },
  );

  r.get(
    '/api/v1/public/quotes/:token/pdf',
    {
      config: anonymousRoute,
      // Counted before any work: a flood costs one small write per request.
      onRequest: async (request, reply) => reads.check(request.ip, reply, 'requests'),
      schema: { tags, summary: "Public: the signed link's quote as a PDF", params: tokenParams },
    },
    async (request, reply) => {
      const { pdf, fileName } = await publicQuotePdf(ctxFor(request), request.params.token, storage);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition('attachment', fileName))
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  r.get(
    '/api/v1/public/quotes/:token/logo',
    {
      config: anonymousRoute,
      // Counted before any work: a flood costs one small write per request.
      onRequest: async (request, reply) => reads.check(request.ip, reply, 'requests'),
      schema: { tags, summary: "Public: the seller's logo for the signed link's page", params: tokenParams },
    },
    async (request, reply) => {
      const logo = await publicLogo(ctxFor(request), request.params.token, storage);
      if (!logo) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No logo' } });
      return reply
        .header('content-type', logo[0] === 0x89 ? 'image/png' : 'image/jpeg')
        .header('cache-control', 'private, max-age=300')
        .send(logo);
    },
  );

  r.post(
    '/api/v1/public/quotes/:token/accept',
    {
      config: anonymousRoute,
      onRequest: async (request, reply) => answers.check(request.ip, reply, 'answers'),
      schema: {
        tags,
        summary:
          'Public: the customer accepts the quote with their typed name (and a note). Once: a used, expired or superseded link is refused and nothing changes',
        params: tokenParams,
        body: acceptInput,
        response: { 200: publicQuoteSchema, ...errors },
      },
    },
    async (request) => acceptQuote(ctxFor(request), request.params.token, storage, request.body),
  );

  r.post(
    '/api/v1/public/quotes/:token/decline',
    {
      config: anonymousRoute,
      onRequest: async (request, reply) => answers.check(request.ip, reply, 'answers'),
      schema: {
        tags,
        summary: 'Public: the customer declines the quote (with a reason). Once, like accepting',
        params: tokenParams,
        body: declineInput.optional(),
        response: { 200: publicQuoteSchema, ...errors },
      },
    },
    async (request) => declineQuote(ctxFor(request), request.params.token, storage, request.body ?? {}),
  );
}
