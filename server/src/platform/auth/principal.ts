// Who is acting: a user (by session or API key) loaded with role and team in one query.
import type { ObjectPermission } from '@kith/common';
import type { SignedInUser } from '@kith/common/api/auth';
import type { Queryable } from '../../db/database.ts';
import { type Sql, sql } from '../../db/sql.ts';
import type { Principal } from '../context.ts';
import { marksColumn } from '../record-scopes.ts';

export interface UserRow {
  user_id: string;
  email: string;
  name: string;
  time_zone: string;
  locale: string;
  avatar_url: string | null;
  role_id: string;
  role_key: string;
  role_name: string;
  is_admin: boolean;
  permissions: Record<string, ObjectPermission>;
  team_user_ids: string[];
  marks: Record<string, string[]> | null;
}

/**
 * SELECT list giving a UserRow for users alias u (with userJoins): the team, and the marks of
 * the record scopes the modules registered, in the same query.
 */
export const userColumns = (): Sql => sql`
  u.id AS user_id, u.email, u.name, u.time_zone, u.locale, u.avatar_url,
  r.id AS role_id, r.key AS role_key, r.name AS role_name, r.is_admin, r.permissions,
  ARRAY(SELECT DISTINCT tm2.user_id FROM team_members tm1 JOIN team_members tm2 ON tm2.team_id = tm1.team_id
        WHERE tm1.user_id = u.id UNION SELECT u.id) AS team_user_ids,
  ${marksColumn(sql`u.id`)} AS marks`;

export const userJoins = (userIdColumn: Sql) =>
  sql`JOIN users u ON u.id = ${userIdColumn} AND u.is_active JOIN roles r ON r.id = u.role_id`;

export function toPrincipal(row: UserRow, extra: Partial<Principal> = {}): Principal {
  return {
    kind: 'user',
    userId: row.user_id,
    name: row.name,
    role: {
      id: row.role_id,
      key: row.role_key,
      name: row.role_name,
      isAdmin: row.is_admin,
      permissions: row.permissions ?? {},
    },
    teamUserIds: row.team_user_ids,
    marks: row.marks ?? {},
    ...extra,
  };
}

/** The signed-in user as the API shows them. */
export function toUserJson(row: UserRow): SignedInUser {
  return {
    id: row.user_id,
    email: row.email,
    name: row.name,
    timeZone: row.time_zone,
    locale: row.locale,
    avatarUrl: row.avatar_url,
    role: { id: row.role_id, key: row.role_key, name: row.role_name, isAdmin: row.is_admin },
  };
}

export async function loadUser(db: Queryable, userId: string): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>(
    sql`SELECT ${userColumns()} FROM (SELECT ${userId}::uuid AS id) x ${userJoins(sql`x.id`)}`,
  );
  return row ?? null;
}

export const systemPrincipal: Principal = {
  kind: 'system',
  userId: null,
  name: 'Kith',
  role: { id: 'system', key: 'system', name: 'System', isAdmin: true, permissions: {} },
  teamUserIds: [],
  marks: {},
};
