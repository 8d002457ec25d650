// Roles: the built-in ones (fixed, re-asserted at every start) and the ones admins make.
// A custom role is never an admin role; what it allows is per object of the registry.
import type { ObjectPermission } from '@kith/common';
import type { Role, roleInput } from '@kith/common/api/roles';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { iso, isUniqueViolation } from './users.shared.ts';

interface RoleRow {
  id: string;
  key: string;
  name: string;
  description: string;
  is_builtin: boolean;
  is_admin: boolean;
  permissions: Record<string, ObjectPermission>;
  user_count: number;
  created_at: Date;
  updated_at: Date;
}

const toJson = (r: RoleRow): Role => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  isBuiltin: r.is_builtin,
  isAdmin: r.is_admin,
  permissions: r.permissions ?? {},
  userCount: r.user_count,
  createdAt: iso(r.created_at) as string,
  updatedAt: iso(r.updated_at) as string,
});

async function loadRoles(db: Queryable, id?: string, lock = false): Promise<RoleRow[]> {
  return db.query<RoleRow>(sql`
    SELECT r.*, (SELECT count(*)::int FROM users u WHERE u.role_id = r.id AND u.is_active) AS user_count
    FROM roles r ${id ? sql`WHERE r.id = ${id}::uuid` : sql.empty}
    ORDER BY r.is_builtin DESC, lower(r.name) ${lock ? sql`FOR UPDATE OF r` : sql.empty}`);
}

/** The role key: the name in lower case, accents dropped, runs of anything else as one underscore. */
export function roleKey(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '') // runs are single underscores by now
    .slice(0, 60);
  return slug || `role_${uuidv7().slice(-12)}`; // a name with no Latin letter or digit
}

/** Every permission must name an object of the registry. */
function checkPermissions(ctx: Ctx, permissions: Record<string, ObjectPermission>): void {
  const names = new Set(ctx.registry.all().map((o) => o.name));
  for (const k of Object.keys(permissions)) {
    if (!names.has(k))
      throw invalid(`permissions.${k}: no such object (known: ${[...names].join(', ')})`, {
        [`permissions.${k}`]: 'is not an object',
      });
  }
}

async function assertKeyFree(db: Queryable, key: string, name: string, exceptId?: string): Promise<void> {
  const [taken] = await db.query<{ name: string }>(sql`
    SELECT name FROM roles WHERE (key = ${key} OR lower(name) = lower(${name})) ${exceptId ? sql`AND id <> ${exceptId}::uuid` : sql.empty}`);
  if (taken) throw conflict(`A role named "${taken.name}" already exists: choose another name`);
}

export async function listRoles(ctx: Ctx): Promise<Role[]> {
  assertAdmin(ctx.principal);
  return (await loadRoles(ctx.db)).map(toJson);
}

export type RoleInput = z.output<typeof roleInput>;

export async function createRole(ctx: Ctx, input: RoleInput): Promise<Role> {
  assertAdmin(ctx.principal);
  checkPermissions(ctx, input.permissions);
  const key = roleKey(input.name);
  try {
    return await ctx.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      await assertKeyFree(tx, key, input.name);
      const id = uuidv7();
      const now = ctx.now();
      await tx.query(sql`
        INSERT INTO roles (id, key, name, description, is_builtin, is_admin, permissions, created_at, updated_at)
        VALUES (${id}, ${key}, ${input.name}, ${input.description ?? ''}, false, false, ${JSON.stringify(input.permissions)}::jsonb, ${now}, ${now})`);
      await recordAudit(c, {
        action: 'create',
        objectType: 'role',
        recordId: id,
        changes: { name: input.name, key, permissions: input.permissions },
      });
      await emitEvent(c, { type: 'role.created', objectType: 'role', recordId: id });
      return toJson((await loadRoles(tx, id))[0]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A role named "${input.name}" already exists: choose another name`);
    throw err;
  }
}

async function loadCustomRole(db: Queryable, id: string): Promise<RoleRow> {
  const [role] = await loadRoles(db, id, true);
  if (!role) throw notFound('Role');
  if (role.is_builtin)
    throw conflict(`"${role.name}" is a built-in role: it cannot be changed or deleted. Make a new role instead.`);
  return role;
}

export async function updateRole(ctx: Ctx, id: string, patch: Partial<RoleInput>): Promise<Role> {
  assertAdmin(ctx.principal);
  if (patch.permissions) checkPermissions(ctx, patch.permissions);
  try {
    return await ctx.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      const before = await loadCustomRole(tx, id);
      const name = patch.name ?? before.name;
      const key = patch.name ? roleKey(patch.name) : before.key;
      if (patch.name) await assertKeyFree(tx, key, name, id);
      const permissions = patch.permissions ?? before.permissions;
      const description = patch.description ?? before.description;
      await tx.query(sql`
        UPDATE roles SET name = ${name}, key = ${key}, description = ${description},
          permissions = ${JSON.stringify(permissions)}::jsonb, updated_at = ${ctx.now()}
        WHERE id = ${id}::uuid`);
      const changes = diff(
        { name: before.name, key: before.key, description: before.description, permissions: before.permissions },
        { name, key, description, permissions },
        ['name', 'key', 'description', 'permissions'],
      );
      if (Object.keys(changes).length) {
        await recordAudit(c, { action: 'update', objectType: 'role', recordId: id, changes });
        await emitEvent(c, {
          type: 'role.updated',
          objectType: 'role',
          recordId: id,
          payload: { fields: Object.keys(changes) },
        });
      }
      return toJson((await loadRoles(tx, id))[0]);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A role named "${patch.name}" already exists: choose another name`);
    throw err;
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function deleteRole(ctx: Ctx, id: string): Promise<void> {
  assertAdmin(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const role = await loadCustomRole(tx, id);
    const [use] = await tx.query<{ users: number; inactive: number; keys: number; invites: number }>(sql`
      SELECT (SELECT count(*)::int FROM users WHERE role_id = ${id}::uuid AND is_active) AS users,
             (SELECT count(*)::int FROM users WHERE role_id = ${id}::uuid AND NOT is_active) AS inactive,
             (SELECT count(*)::int FROM api_keys WHERE role_id = ${id}::uuid AND revoked_at IS NULL) AS keys,
             (SELECT count(*)::int FROM auth_tokens WHERE role_id = ${id}::uuid AND kind = 'invite' AND used_at IS NULL AND expires_at > ${ctx.now()}) AS invites`);
    const inUse = [
      use.users && plural(use.users, 'user'),
      use.inactive && plural(use.inactive, 'deactivated user'),
      use.keys && plural(use.keys, 'API key'),
      use.invites && plural(use.invites, 'pending invitation'),
    ].filter(Boolean);
    if (inUse.length) {
      throw conflict(`The role "${role.name}" is in use by ${inUse.join(', ')}: give them another role first`, {
        users: use.users,
        deactivatedUsers: use.inactive,
        apiKeys: use.keys,
        invitations: use.invites,
      });
    }
    // Revoked keys and spent invitations only keep history: the audit log holds that.
    await tx.query(sql`DELETE FROM api_keys WHERE role_id = ${id}::uuid AND revoked_at IS NOT NULL`);
    await tx.query(sql`DELETE FROM roles WHERE id = ${id}::uuid`);
    await recordAudit(c, {
      action: 'delete',
      objectType: 'role',
      recordId: id,
      changes: { name: role.name, key: role.key },
    });
    await emitEvent(c, { type: 'role.deleted', objectType: 'role', recordId: id });
  });
}
