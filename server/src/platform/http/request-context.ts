// Authentication for every /api/v1 request: session cookie (with CSRF token on writes) or
// `Authorization: Bearer <api key>`. Sets request.principal; routes turn it into a Ctx.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import {
  apiKeyPrefix,
  type CachedKey,
  type CachedSession,
  principalFromApiKey,
  type SessionPrincipal,
  sessionFromToken,
} from '../auth/auth.service.ts';
import { AuthCache } from '../auth/auth-cache.ts';
import { safeEqual } from '../auth/crypto.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import type { Ctx, Principal } from '../context.ts';
import { AppError, unauthenticated } from '../errors.ts';
import type { Jobs } from '../jobs.ts';
import type { Registry } from '../registry/registry.ts';

export const sessionCookie = 'kith_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    session: SessionPrincipal | null;
  }
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
export const publicCallsPerMinute = 300;
export const metricsPath = '/metrics';
/** Probes that load balancers call every few seconds and that cost nothing. */
const unlimited = new Set(['/api/v1/health']);

export function installAuth(app: FastifyInstance, deps: { db: Db; now: () => Date; cacheEnabled: () => boolean }) {
  const sessions = new AuthCache<CachedSession>(deps.cacheEnabled);
  const keys = new AuthCache<CachedKey>(deps.cacheEnabled);
  app.decorateRequest('principal', null);
  app.decorateRequest('session', null);
  // Routes that need no sign-in, for strangers: each address gets so many calls a minute, shared by
  // every process (sign-in, set-up and links have tighter limits of their own).
  const publicLimiter = new RateLimiter(deps.db, 'public', publicCallsPerMinute, 60_000);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1/') && request.routeOptions.url !== metricsPath) return;
    // A route for anyone on the web (a website's form) reads no cookie or key: a visitor signed in
    // to Kith on the same site would otherwise be held to the CSRF check the form cannot pass.
    if ((request.routeOptions.config as { anonymous?: boolean } | undefined)?.anonymous) {
      await publicLimiter.check(request.ip, reply, 'requests');
      return;
    }
    await identify(request);
    if (request.principal) return;
    // Strangers are turned away before their input is even read — unless the route is public.
    const route = request.routeOptions;
    if (!route.url) return; // no such route: a 404 follows
    if (!(route.config as { public?: boolean }).public) throw unauthenticated();
    if (!unlimited.has(route.url)) await publicLimiter.check(request.ip, reply, 'requests');
  });

  async function identify(request: FastifyRequest) {
    const auth = request.headers.authorization;
    if (auth) {
      const [scheme, key] = auth.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !key) throw unauthenticated('Authorization: use "Bearer <api key>"');
      if (request.routeOptions.url === metricsPath && !key.startsWith(apiKeyPrefix)) return; // the metrics token: checked there
      const p = await principalFromApiKey(deps.db, key.trim(), deps.now(), keys);
      if (!p) throw unauthenticated('That API key is not valid (revoked, or mistyped)');
      request.principal = p;
      return;
    }
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const s = await sessionFromToken(deps.db, token, deps.now(), sessions);
    if (!s) return;
    request.session = s;
    request.principal = s.principal;
    // Cookie-authenticated writes must carry the token a cross-site page cannot read.
    if (!safeMethods.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, s.csrfToken)) {
        throw new AppError('FORBIDDEN', 'X-CSRF-Token header missing or wrong: send the csrfToken from sign-in');
      }
    }
  }
}

/** Route option for the few routes anyone may call (health, set-up, sign-in…). */
export const publicRoute = { public: true } as const;
/** A public route that ignores who is asking (no session, no key, no CSRF): a website's form post. */
export const anonymousRoute = { public: true, anonymous: true } as const;

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

export type CtxFactory = (request: FastifyRequest) => Ctx;

export function makeCtxFactory(deps: { db: Db; registry: Registry; jobs: Jobs; now: () => Date }): CtxFactory {
  return (request) => ({
    db: deps.db,
    principal: requirePrincipal(request),
    registry: deps.registry,
    jobs: deps.jobs,
    now: deps.now,
    log: request.log,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  });
}

export type Reply = FastifyReply;
