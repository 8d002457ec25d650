// Password reset by emailed link. The request always answers the same (202), whether or not the
// address has an account; the link holds a random token stored only as its SHA-256, valid for one
// hour and once. Setting the new password signs the user out everywhere.

import { passwordReset, passwordResetRequest, passwordResetRequested } from '@kith/common/api/auth';
import { apiError } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { AppSettings } from '../../app.ts';
import type { Db, Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import { invalid } from '../errors.ts';
import { publicRoute } from '../http/request-context.ts';
import { declareQueue, type Jobs } from '../jobs.ts';
import { appLink } from '../links.ts';
import { queueMail } from '../mail.ts';
import { orgName } from './auth.routes.ts';
import { hashPassword, newToken, sha256 } from './crypto.ts';
import { loadUser, systemPrincipal, toPrincipal } from './principal.ts';
import { RateLimiter } from './rate-limit.ts';

export const resetLinkMinutes = 60;

export interface PasswordResetDeps {
  db: Db;
  jobs: Jobs;
  now: () => Date;
  settings: Pick<AppSettings, 'publicUrl' | 'smtpUrl'>;
}

interface Meta {
  ip?: string;
  userAgent?: string;
}

/** Emails a reset link when the address belongs to an active user; otherwise does nothing, silently. */
export async function requestPasswordReset(deps: PasswordResetDeps, address: string, meta: Meta): Promise<void> {
  const [user] = await deps.db.query<{ id: string; name: string; email: string }>(
    sql`SELECT id, name, email FROM users WHERE lower(email) = lower(${address}) AND is_active`,
  );
  if (!user) return;
  const token = newToken();
  const now = deps.now();
  await deps.db.transaction(async (tx) => {
    // Only the newest link works.
    await tx.query(sql`DELETE FROM auth_tokens WHERE user_id = ${user.id} AND kind = 'reset' AND used_at IS NULL`);
    await tx.query(sql`INSERT INTO auth_tokens (id, public_id, kind, user_id, email, created_at, expires_at)
      VALUES (${sha256(token)}, ${uuidv7()}, 'reset', ${user.id}, ${user.email}, ${now}, ${new Date(now.getTime() + resetLinkMinutes * 60_000)})`);
    const link = appLink(deps.settings.publicUrl, `/reset-password?token=${token}`);
    const org = await orgName(tx);
    await queueMail(
      { db: tx, jobs: deps.jobs, now: deps.now },
      {
        to: user.email,
        subject: `Reset your ${org} password on Kith`,
        text:
          `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your password for ${org} on Kith.\n\n` +
          `Choose a new password here (the link works for one hour, once):\n${link}\n\n` +
          'If you did not ask for this, ignore this message: your password stays as it is.\n',
      },
      deps.settings,
    );
    const ctx = { db: tx, principal: systemPrincipal, now: deps.now, ...meta };
    await recordAudit(ctx, { action: 'password_reset_request', objectType: 'user', recordId: user.id });
  });
}

/** Sets the new password from a valid link, spends the link and ends every session of the user. */
export async function confirmPasswordReset(
  deps: PasswordResetDeps,
  token: string,
  password: string,
  meta: Meta,
): Promise<void> {
  const pending = (db: Queryable, now: Date, lock: boolean) =>
    db.query<{ user_id: string }>(sql`
      SELECT a.user_id FROM auth_tokens a JOIN users u ON u.id = a.user_id AND u.is_active
      WHERE a.id = ${sha256(token)} AND a.kind = 'reset' AND a.used_at IS NULL AND a.expires_at > ${now}
      ${lock ? sql`FOR UPDATE OF a` : sql.empty}`);
  const wrongLink = () =>
    invalid('token: this reset link is wrong, already used or expired; ask for a new one', { token: 'is not valid' });
  // The link first: a stranger with a made-up token must not make us hash a password.
  if (!(await pending(deps.db, deps.now(), false)).length) throw wrongLink();
  const passwordHash = await hashPassword(password);
  await deps.db.transaction(async (tx) => {
    const now = deps.now();
    const [t] = await pending(tx, now, true);
    if (!t) throw wrongLink(); // spent meanwhile
    await tx.query(sql`UPDATE users SET password_hash = ${passwordHash}, updated_at = ${now} WHERE id = ${t.user_id}`);
    await tx.query(
      sql`UPDATE auth_tokens SET used_at = ${now} WHERE user_id = ${t.user_id} AND kind = 'reset' AND used_at IS NULL`,
    );
    const ended = await tx.query(
      sql`UPDATE sessions SET revoked_at = ${now} WHERE user_id = ${t.user_id} AND revoked_at IS NULL RETURNING 1`,
    );
    const user = await loadUser(tx, t.user_id);
    const ctx = { db: tx, principal: user ? toPrincipal(user) : systemPrincipal, now: deps.now, ...meta };
    await recordAudit(ctx, {
      action: 'password_reset',
      objectType: 'user',
      recordId: t.user_id,
      changes: { sessionsEnded: ended.length },
    });
  });
}

/** Reset requests are handled by a job: the answer takes the same time whether or not the address has an account. */
const resetQueue = 'auth.password-reset';
declareQueue(resetQueue, { retryLimit: 5, retryDelay: 10, retryBackoff: true });

interface ResetJob extends Meta {
  email: string;
}

export async function registerPasswordResetWorker(deps: PasswordResetDeps): Promise<void> {
  await deps.jobs.work<ResetJob>(resetQueue, (job) =>
    requestPasswordReset(deps, job.email, { ip: job.ip, userAgent: job.userAgent }),
  );
}

export function passwordResetRoutes(app: FastifyInstance, deps: PasswordResetDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['auth'];
  const perAddress = new RateLimiter(deps.db, 'reset-address', 5, 60 * 60_000); // no mail-bombing one inbox
  const perIp = new RateLimiter(deps.db, 'reset-ip', 20, 15 * 60_000);
  const confirmPerIp = new RateLimiter(deps.db, 'reset-confirm-ip', 20, 15 * 60_000);

  r.post(
    '/api/v1/auth/password-reset',
    {
      config: publicRoute,
      schema: {
        tags,
        summary:
          'Email a password reset link (valid one hour). Always 202: the answer never tells whether the address has an account',
        body: passwordResetRequest,
        response: { 202: passwordResetRequested, 400: apiError, 429: apiError },
      },
    },
    async (request, reply) => {
      await perIp.check(request.ip, reply);
      await perAddress.check(request.body.email, reply);
      const job: ResetJob = { email: request.body.email, ip: request.ip, userAgent: request.headers['user-agent'] };
      await deps.jobs.send(resetQueue, job);
      return reply
        .status(202)
        .send({ message: 'If an account uses this address, a link to reset its password is on its way.' });
    },
  );

  r.post(
    '/api/v1/auth/password-reset/confirm',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Set a new password with the token from the emailed link; signs the user out everywhere',
        body: passwordReset,
        response: { 204: z.null(), 400: apiError, 429: apiError },
      },
    },
    async (request, reply) => {
      await confirmPerIp.check(request.ip, reply);
      await confirmPasswordReset(deps, request.body.token, request.body.password, {
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      return reply.status(204).send(null);
    },
  );
}
