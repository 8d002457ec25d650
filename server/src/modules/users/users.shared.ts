// What the accounts services share: their dependencies, id checks, and the rules that keep
// at least one admin able to sign in.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppSettings } from '../../app.ts';
import type { Db, Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { CtxFactory } from '../../platform/http/request-context.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Registry } from '../../platform/registry/registry.ts';

export interface AccountsDeps {
  ctxOf: CtxFactory;
  db: Db;
  registry: Registry;
  jobs: Jobs;
  now: () => Date;
  settings: AppSettings;
  secureCookies: boolean;
}

/** Settings the services that send mail need. */
export type MailDeps = { settings: Pick<AppSettings, 'publicUrl' | 'smtpUrl'> };

/** A context for routes anyone may call (accepting an invitation): the system acts. */
export function anonCtx(deps: Pick<AccountsDeps, 'db' | 'registry' | 'jobs' | 'now'>, request: FastifyRequest): Ctx {
  return {
    db: deps.db,
    registry: deps.registry,
    jobs: deps.jobs,
    now: deps.now,
    log: request.log,
    principal: systemPrincipal,
    ip: request.ip,
    userAgent: request.headers['user-agent'],
  };
}

export const idParams = z.strictObject({ id: z.uuid('must be an id') });
export const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** A unique index refused the row (two writers raced past the check before it). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

export async function roleById(db: Queryable, id: string, field = 'roleId') {
  const [r] = await db.query<{ id: string; key: string; name: string; is_admin: boolean }>(
    sql`SELECT id, key, name, is_admin FROM roles WHERE id = ${id}`,
  );
  if (!r) throw invalid(`${field}: no such role`, { [field]: 'does not exist' });
  return r;
}

export async function assertTeamsExist(db: Queryable, ids: string[], field = 'teamIds'): Promise<void> {
  if (!ids.length) return;
  const found = await db.query<{ id: string }>(sql`SELECT id FROM teams WHERE id = ANY(${ids}::uuid[])`);
  if (found.length !== ids.length) throw invalid(`${field}: no such team`, { [field]: 'contains an unknown team' });
}

export async function assertUsersExist(db: Queryable, ids: string[], field: string): Promise<void> {
  if (!ids.length) return;
  const found = await db.query<{ id: string }>(sql`SELECT id FROM users WHERE id = ANY(${ids}::uuid[])`);
  if (found.length !== ids.length) throw invalid(`${field}: no such user`, { [field]: 'contains an unknown user' });
}

/**
 * Refuses a change that would leave no active admin. Locks the active admins' rows, so two
 * admins demoting each other at once are ordered and the second is refused.
 */
export async function assertAnotherAdminRemains(db: Queryable, userId: string, name: string): Promise<void> {
  const admins = await db.query<{ id: string }>(sql`
    SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id WHERE r.is_admin AND u.is_active FOR UPDATE OF u`);
  if (!admins.some((a) => a.id !== userId)) {
    throw conflict(`${name} is the last active admin: make someone else an admin first`);
  }
}

/** Signs a user out everywhere (or everywhere but one session); returns how many ended. */
export async function revokeSessions(
  db: Queryable,
  userId: string,
  now: Date,
  exceptSessionId?: string,
): Promise<number> {
  const rows = await db.query(sql`
    UPDATE sessions SET revoked_at = ${now}
    WHERE user_id = ${userId} AND revoked_at IS NULL ${exceptSessionId ? sql`AND id <> ${exceptSessionId}` : sql.empty}
    RETURNING 1`);
  return rows.length;
}
