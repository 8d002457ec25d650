// People administration: one user's details, and the changes an admin makes to them.

import type { UserDetail, userPatch } from '@kith/common/api/users';
import type { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { assertAnotherAdminRemains, assertTeamsExist, iso, revokeSessions, roleById } from './users.shared.ts';

interface UserDetailRow {
  id: string;
  email: string;
  name: string;
  is_active: boolean;
  time_zone: string;
  locale: string;
  avatar_url: string | null;
  last_login_at: Date | null;
  created_at: Date;
  role_id: string;
  role_key: string;
  role_name: string;
  is_admin: boolean;
  teams: Array<{ id: string; name: string }>;
}

export async function loadUserDetail(
  db: Queryable,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<UserDetail | null> {
  const [u] = await db.query<UserDetailRow>(sql`
    SELECT u.id, u.email, u.name, u.is_active, u.time_zone, u.locale, u.avatar_url, u.last_login_at, u.created_at,
           r.id AS role_id, r.key AS role_key, r.name AS role_name, r.is_admin,
           COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY lower(t.name))
                     FROM team_members tm JOIN teams t ON t.id = tm.team_id WHERE tm.user_id = u.id), '[]'::json) AS teams
    FROM users u JOIN roles r ON r.id = u.role_id
    WHERE u.id = ${id}::uuid ${opts.lock ? sql`FOR UPDATE OF u` : sql.empty}`);
  if (!u) return null;
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    isActive: u.is_active,
    timeZone: u.time_zone,
    locale: u.locale,
    avatarUrl: u.avatar_url,
    role: { id: u.role_id, key: u.role_key, name: u.role_name, isAdmin: u.is_admin },
    teams: typeof u.teams === 'string' ? JSON.parse(u.teams) : u.teams,
    lastLoginAt: iso(u.last_login_at),
    createdAt: iso(u.created_at) as string,
  };
}

export async function getUser(ctx: Ctx, id: string): Promise<UserDetail> {
  assertAdmin(ctx.principal);
  const u = await loadUserDetail(ctx.db, id);
  if (!u) throw notFound('User');
  return u;
}

/** Replaces a user's team memberships with exactly these teams. */
export async function setUserTeams(db: Queryable, userId: string, teamIds: string[]): Promise<void> {
  await db.query(sql`DELETE FROM team_members WHERE user_id = ${userId} AND NOT (team_id = ANY(${teamIds}::uuid[]))`);
  if (teamIds.length) {
    await db.query(
      sql`INSERT INTO team_members (team_id, user_id) SELECT t, ${userId}::uuid FROM unnest(${teamIds}::uuid[]) t ON CONFLICT DO NOTHING`,
    );
  }
}

export async function updateUser(ctx: Ctx, id: string, patch: z.output<typeof userPatch>): Promise<UserDetail> {
  assertAdmin(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const before = await loadUserDetail(tx, id, { lock: true });
    if (!before) throw notFound('User');
    const role = patch.roleId ? await roleById(tx, patch.roleId) : null;
    if (patch.teamIds) await assertTeamsExist(tx, patch.teamIds);
    const deactivating = patch.isActive === false && before.isActive;
    if (deactivating && id === ctx.principal.userId)
      throw conflict('You cannot deactivate yourself: ask another admin');
    const losesAdmin = before.isActive && before.role.isAdmin && (deactivating || (role !== null && !role.is_admin));
    if (losesAdmin) await assertAnotherAdminRemains(tx, id, before.name);

    await tx.query(sql`
      UPDATE users SET
        name = ${patch.name ?? before.name},
        role_id = ${role?.id ?? before.role.id},
        is_active = ${patch.isActive ?? before.isActive},
        updated_at = ${ctx.now()}
      WHERE id = ${id}`);
    if (patch.teamIds) await setUserTeams(tx, id, patch.teamIds);
    if (deactivating) {
      // Signed out at once; API keys they made stop working too (authentication joins on is_active).
      await revokeSessions(tx, id, ctx.now());
      await tx.query(sql`UPDATE auth_tokens SET used_at = ${ctx.now()} WHERE user_id = ${id} AND used_at IS NULL`);
    }

    const after = (await loadUserDetail(tx, id)) as UserDetail;
    const flat = (u: UserDetail) => ({
      name: u.name,
      role: u.role.key,
      isActive: u.isActive,
      teamIds: u.teams.map((t) => t.id).sort(),
    });
    const changes = diff(flat(before), flat(after), ['name', 'role', 'isActive', 'teamIds']);
    if (Object.keys(changes).length) {
      await recordAudit(c, {
        action: deactivating ? 'deactivate' : 'update',
        objectType: 'user',
        recordId: id,
        changes,
      });
      await emitEvent(c, {
        type: 'user.updated',
        objectType: 'user',
        recordId: id,
        payload: { fields: Object.keys(changes) },
      });
    }
    return after;
  });
}
