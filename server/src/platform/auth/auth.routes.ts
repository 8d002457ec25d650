// Set-up, sign-in and sign-out, the signed-in user.

import { loginInput, type Session, session, setupInput, setupStatus } from '@kith/common/api/auth';
import { apiError } from '@kith/common/api/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import { unauthenticated } from '../errors.ts';
import { publicRoute, sessionCookie } from '../http/request-context.ts';
import {
  checkCredentials,
  endSession,
  needsSetup,
  type SessionStart,
  sessionDays,
  setup,
  startSession,
} from './auth.service.ts';
import { toPrincipal, toUserJson } from './principal.ts';
import { RateLimiter, refuseIfWaiting } from './rate-limit.ts';

export interface AuthDeps {
  db: Db;
  now: () => Date;
  secureCookies: boolean;
  /** Runs after set-up when the user asked for demo data. */
  seedDemo?: (adminId: string) => Promise<void>;
}

export async function orgName(db: Queryable) {
  const [o] = await db.query<{ name: string }>(sql`SELECT name FROM organization`);
  return o?.name ?? 'Kith';
}

/** Sets the session cookie for a session just started; returns the body of the session schema. */
export async function sendSessionReply(
  reply: FastifyReply,
  s: SessionStart,
  deps: { db: Queryable; secureCookies: boolean },
): Promise<Session> {
  reply.setCookie(sessionCookie, s.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.secureCookies,
    maxAge: sessionDays * 86_400,
  });
  return { user: toUserJson(s.user), csrfToken: s.csrfToken, organization: { name: await orgName(deps.db) } };
}

export function authRoutes(app: FastifyInstance, deps: AuthDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // Guessing one password from one address, any password from one address, one account from anywhere.
  const loginLimiter = new RateLimiter(deps.db, 'login', 10, 15 * 60_000);
  const ipLimiter = new RateLimiter(deps.db, 'login-ip', 50, 15 * 60_000);
  const accountLimiter = new RateLimiter(deps.db, 'login-account', 30, 15 * 60_000);

  const sendSession = (reply: FastifyReply, s: SessionStart) => sendSessionReply(reply, s, deps);

  r.get(
    '/api/v1/setup',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'Whether Kith still needs its first admin',
        response: { 200: setupStatus },
      },
    },
    async () => ({ needsSetup: await needsSetup(deps.db) }),
  );

  r.post(
    '/api/v1/setup',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'Create the organisation and the first admin (only while no user exists)',
        body: setupInput,
        response: { 200: session, 409: apiError },
      },
    },
    async (request, reply) => {
      const id = await setup(deps.db, request.body, { now: deps.now(), ip: request.ip, log: request.log });
      if (request.body.demoData && deps.seedDemo) await deps.seedDemo(id);
      return sendSession(
        reply,
        await startSession(deps.db, id, { ip: request.ip, userAgent: request.headers['user-agent'], now: deps.now() }),
      );
    },
  );

  r.post(
    '/api/v1/auth/login',
    {
      config: publicRoute,
      schema: {
        tags: ['auth'],
        summary: 'Sign in: sets the session cookie and returns the CSRF token for writes',
        body: loginInput,
        response: { 200: session, 401: apiError, 429: apiError },
      },
    },
    async (request, reply) => {
      const key = `${request.ip}|${request.body.email}`;
      const waits = await Promise.all([
        loginLimiter.hit(key),
        ipLimiter.hit(request.ip),
        accountLimiter.hit(request.body.email),
      ]);
      refuseIfWaiting(reply, Math.max(...waits), 'sign-in attempts');
      const userId = await checkCredentials(deps.db, request.body.email, request.body.password);
      await loginLimiter.reset(key);
      const s = await startSession(deps.db, userId, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        now: deps.now(),
      });
      const ctx = {
        db: deps.db,
        principal: toPrincipal(s.user),
        now: deps.now,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      };
      await recordAudit(ctx, { action: 'login', objectType: 'user', recordId: userId });
      return sendSession(reply, s);
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: publicRoute,
      schema: { tags: ['auth'], summary: 'Sign out of this session', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.session) {
        await endSession(deps.db, request.session.sessionId, deps.now());
        const ctx = {
          db: deps.db,
          principal: request.session.principal,
          now: deps.now,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        };
        await recordAudit(ctx, {
          action: 'logout',
          objectType: 'user',
          recordId: request.session.principal.userId ?? undefined,
        });
      }
      reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: session, 401: apiError } },
    },
    async (request) => {
      if (!request.session) throw unauthenticated();
      return {
        user: toUserJson(request.session.user),
        csrfToken: request.session.csrfToken,
        organization: { name: await orgName(deps.db) },
      };
    },
  );
}
