// The signed-in user's own account: profile, password and sessions.
import type { SignedInUser } from '@kith/common/api/auth';
import type { profilePatch, SessionInfo } from '@kith/common/api/profile';
import type { z } from 'zod';
import { sql } from '../../db/sql.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { hashPassword, verifyPassword } from '../../platform/auth/crypto.ts';
import { loadUser, toUserJson } from '../../platform/auth/principal.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, notFound, unauthenticated } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { iso, revokeSessions } from './users.shared.ts';

function me(ctx: Ctx): string {
  if (!ctx.principal.userId) throw unauthenticated();
  return ctx.principal.userId;
}

export async function getProfile(ctx: Ctx): Promise<SignedInUser> {
  const user = await loadUser(ctx.db, me(ctx));
  if (!user) throw unauthenticated();
  return toUserJson(user);
}

type ProfilePatch = z.output<typeof profilePatch>;

export async function updateProfile(ctx: Ctx, patch: ProfilePatch): Promise<SignedInUser> {
  const id = me(ctx);
  // Stored in canonical form: 'europe/berlin' → 'Europe/Berlin', 'de-de' → 'de-DE'.
  const timeZone =
    patch.timeZone && new Intl.DateTimeFormat('en', { timeZone: patch.timeZone }).resolvedOptions().timeZone;
  const locale = patch.locale && Intl.getCanonicalLocales(patch.locale)[0];
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const [before] = await tx.query<{ name: string; time_zone: string; locale: string; avatar_url: string | null }>(
      sql`SELECT name, time_zone, locale, avatar_url FROM users WHERE id = ${id} FOR UPDATE`,
    );
    if (!before) throw unauthenticated();
    const next = {
      name: patch.name ?? before.name,
      timeZone: timeZone || before.time_zone,
      locale: locale || before.locale,
      avatarUrl: patch.avatarUrl === undefined ? before.avatar_url : patch.avatarUrl,
    };
    await tx.query(sql`UPDATE users SET name = ${next.name}, time_zone = ${next.timeZone}, locale = ${next.locale},
      avatar_url = ${next.avatarUrl}, updated_at = ${ctx.now()} WHERE id = ${id}`);
    const changes = diff(
      { name: before.name, timeZone: before.time_zone, locale: before.locale, avatarUrl: before.avatar_url },
      next,
      Object.keys(next),
    );
    if (Object.keys(changes).length) {
      await recordAudit(c, { action: 'update', objectType: 'user', recordId: id, changes });
      await emitEvent(c, {
        type: 'user.updated',
        objectType: 'user',
        recordId: id,
        payload: { fields: Object.keys(changes) },
      });
    }
    return getProfile(c);
  });
}

/** Checks the current password, sets the new one and ends every other session. */
export async function changePassword(
  ctx: Ctx,
  currentSessionId: string,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const id = me(ctx);
  const [u] = await ctx.db.query<{ password_hash: string | null }>(
    sql`SELECT password_hash FROM users WHERE id = ${id}`,
  );
  if (!(await verifyPassword(u?.password_hash ?? null, input.currentPassword))) {
    throw invalid('currentPassword: is not your current password', { currentPassword: 'is wrong' });
  }
  const hash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await tx.query(sql`UPDATE users SET password_hash = ${hash}, updated_at = ${now} WHERE id = ${id}`);
    const ended = await revokeSessions(tx, id, now, currentSessionId);
    await tx.query(
      sql`UPDATE auth_tokens SET used_at = ${now} WHERE user_id = ${id} AND kind = 'reset' AND used_at IS NULL`,
    );
    await recordAudit(withTx(ctx, tx), {
      action: 'password_change',
      objectType: 'user',
      recordId: id,
      changes: { otherSessionsEnded: ended },
    });
  });
}

/** The user's live sessions; `id` is an opaque public id, never the stored token hash. */
export async function listSessions(ctx: Ctx, currentSessionId: string): Promise<SessionInfo[]> {
  const rows = await ctx.db.query<{
    public_id: string;
    ip: string | null;
    user_agent: string | null;
    created_at: Date;
    last_seen_at: Date;
    current: boolean;
  }>(sql`
    SELECT public_id, ip, user_agent, created_at, last_seen_at, id = ${currentSessionId} AS current
    FROM sessions WHERE user_id = ${me(ctx)} AND revoked_at IS NULL AND expires_at > ${ctx.now()}
    ORDER BY last_seen_at DESC, created_at DESC`);
  return rows.map((s) => ({
    id: s.public_id,
    ip: s.ip,
    userAgent: s.user_agent,
    createdAt: iso(s.created_at) as string,
    lastSeenAt: iso(s.last_seen_at) as string,
    current: s.current,
  }));
}

/** Ends one of the user's own sessions; says whether it was the one making this request. */
export async function revokeSession(
  ctx: Ctx,
  currentSessionId: string,
  publicId: string,
): Promise<{ current: boolean }> {
  const id = me(ctx);
  return ctx.db.transaction(async (tx) => {
    const [s] = await tx.query<{ current: boolean }>(sql`
      UPDATE sessions SET revoked_at = ${ctx.now()}
      WHERE public_id = ${publicId}::uuid AND user_id = ${id} AND revoked_at IS NULL AND expires_at > ${ctx.now()}
      RETURNING id = ${currentSessionId} AS current`);
    if (!s) throw notFound('Session');
    await recordAudit(withTx(ctx, tx), {
      action: 'revoke',
      objectType: 'session',
      recordId: publicId,
      changes: { userId: id },
    });
    return { current: s.current };
  });
}
