// The public web-to-lead endpoint: a plain HTML form (application/x-www-form-urlencoded) or a
// script (JSON) on the company's website posts here without signing in. Limited per address
// before its body is read, its body size bounded; CORS and redirects only for allowed origins.

import { webToLeadAccepted } from '@kith/common/api/leads';
import { apiError } from '@kith/common/api/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RateLimiter } from '../../platform/auth/rate-limit.ts';
import { anonymousRoute } from '../../platform/http/request-context.ts';
import { type ModuleDeps, systemCtx } from '../../platform/module.ts';
import {
  submitWebToLead,
  webToLeadMaxBytes,
  webToLeadPath,
  webToLeadPerMinute,
  webToLeadSettings,
} from './web-to-lead.service.ts';

const formType = 'application/x-www-form-urlencoded';

export async function webToLeadRoutes(deps: ModuleDeps) {
  const limiter = new RateLimiter(deps.db, 'web-to-lead', webToLeadPerMinute, 60_000);
  const ctxFor = (request: FastifyRequest) => ({
    ...systemCtx(deps),
    log: request.log,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });

  /** CORS for an allowed origin, on every answer (errors too, so the site's script can read them). */
  async function cors(request: FastifyRequest, reply: FastifyReply) {
    const origin = request.headers.origin;
    if (!origin) return;
    const settings = await webToLeadSettings(systemCtx(deps));
    if (!settings.allowedOrigins.includes(origin)) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'Origin');
  }

  // Its own scope: the form parser and the body limit apply to this route alone.
  await deps.app.register(async (scope) => {
    scope.addContentTypeParser(formType, { parseAs: 'string', bodyLimit: webToLeadMaxBytes }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.options(webToLeadPath, { config: anonymousRoute, schema: { hide: true } }, async (request, reply) => {
      await cors(request, reply);
      return reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
    });

    r.post(
      webToLeadPath,
      {
        config: anonymousRoute,
        bodyLimit: webToLeadMaxBytes,
        // Counted before the body is read: a flood costs one small write per request.
        onRequest: async (request, reply) => {
          await cors(request, reply);
          await limiter.check(request.ip, reply, 'form submissions');
        },
        schema: {
          tags: ['leads'],
          summary:
            'Public: a website form posts a lead (form-encoded or JSON; first_name, last_name, email, company, utm_source…). Answers { ok: true }, or redirects a form post to `redirect` on an allowed origin',
          response: {
            200: webToLeadAccepted,
            400: apiError,
            403: apiError,
            404: apiError,
            413: apiError,
            429: apiError,
          },
        },
      },
      async (request, reply) => {
        const form = (request.headers['content-type'] ?? '').startsWith(formType);
        const { redirect } = await submitWebToLead(ctxFor(request), {
          body: request.body,
          form,
          origin: request.headers.origin,
          referer: request.headers.referer,
        });
        if (form && redirect) return reply.redirect(redirect, 303);
        return { ok: true as const };
      },
    );
  });
}
