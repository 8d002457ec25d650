// Set-up, sign-in, sessions and API keys.
import { uuidv7 } from 'uuidv7';
import type { Queryable, Tx } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import type { Ctx, Principal } from '../context.ts';
import { AppError, conflict, unauthenticated } from '../errors.ts';
import { builtinRolePermissions, builtinRoles, narrowRole } from '../permissions.ts';
import type { ObjectDef } from '../registry/define-object.ts';
import { type AuthCache, authChanged } from './auth-cache.ts';
import { hashPassword, newToken, sha256, verifyPassword } from './crypto.ts';
import { loadUser, systemPrincipal, toPrincipal, type UserRow, userColumns, userJoins } from './principal.ts';

export const sessionDays = 30;

/** Inserts missing built-in roles and keeps their permissions current with the entries' `access`. */
export async function ensureBuiltinRoles(db: Queryable, objects: readonly ObjectDef[]): Promise<void> {
  for (const r of builtinRoles) {
    const permissions = builtinRolePermissions(r.key, objects);
    await db.query(sql`
      INSERT INTO roles (id, key, name, description, is_builtin, is_admin, permissions)
      VALUES (${uuidv7()}, ${r.key}, ${r.name}, ${r.description}, true, ${r.isAdmin}, ${JSON.stringify(permissions)}::jsonb)
      ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
        is_admin = EXCLUDED.is_admin, permissions = EXCLUDED.permissions, is_builtin = true`);
  }
}

export async function roleId(db: Queryable, key: string): Promise<string> {
  const [r] = await db.query<{ id: string }>(sql`SELECT id FROM roles WHERE key = ${key}`);
  if (!r) throw new AppError('NOT_FOUND', `Role ${key} not found`);
  return r.id;
}

export async function needsSetup(db: Queryable): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM users LIMIT 1`);
  return rows.length === 0;
}

export interface SetupInput {
  organizationName: string;
  name: string;
  email: string;
  password: string;
}

/** Creates the organisation and its first admin; refused once any user exists. */
export async function setup(
  db: Tx,
  input: SetupInput,
  meta: { now: Date; ip?: string; log: Ctx['log'] | import('pino').Logger },
): Promise<string> {
  // Checked before the (slow) hashing too: once set up, this is a cheap refusal for anyone who knocks.
  if (!(await needsSetup(db))) throw conflict('Kith is already set up: sign in instead');
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    // Two set-ups at once must not both make an admin: the table lock orders them.
    await tx.exec('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    if (!(await needsSetup(tx))) throw conflict('Kith is already set up: sign in instead');
    await tx.query(sql`INSERT INTO organization (id, name) VALUES (1, ${input.organizationName})
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`);
    const id = uuidv7();
    await tx.query(sql`INSERT INTO users (id, email, name, password_hash, role_id)
      VALUES (${id}, ${input.email.toLowerCase()}, ${input.name}, ${passwordHash}, ${await roleId(tx, 'admin')})`);
    const ctx = { db: tx, principal: { ...systemPrincipal, userId: id }, now: () => meta.now, ip: meta.ip };
    await recordAudit(ctx, {
      action: 'setup',
      objectType: 'user',
      recordId: id,
      changes: { organization: input.organizationName, email: input.email },
    });
    return id;
  });
}

export interface SessionStart {
  token: string;
  csrfToken: string;
  user: UserRow;
}

export async function startSession(
  db: Queryable,
  userId: string,
  meta: { ip?: string; userAgent?: string; now: Date },
): Promise<SessionStart> {
  const token = newToken();
  const csrfToken = newToken(24);
  const expires = new Date(meta.now.getTime() + sessionDays * 86_400_000);
  await db.query(sql`INSERT INTO sessions (id, user_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
    VALUES (${sha256(token)}, ${userId}, ${csrfToken}, ${meta.ip ?? null}, ${meta.userAgent?.slice(0, 500) ?? null}, ${meta.now}, ${meta.now}, ${expires})`);
  await db.query(sql`UPDATE users SET last_login_at = ${meta.now} WHERE id = ${userId}`);
  const user = await loadUser(db, userId);
  if (!user) throw unauthenticated();
  return { token, csrfToken, user };
}

/** Checks email and password; the same answer whether the email or the password was wrong. */
export async function checkCredentials(db: Queryable, email: string, password: string): Promise<string> {
  const [u] = await db.query<{ id: string; password_hash: string | null; is_active: boolean }>(
    sql`SELECT id, password_hash, is_active FROM users WHERE lower(email) = lower(${email})`,
  );
  const ok = await verifyPassword(u?.password_hash ?? null, password);
  if (!u || !ok || !u.is_active) throw unauthenticated('Wrong email or password');
  return u.id;
}

export interface SessionPrincipal {
  principal: Principal;
  sessionId: string;
  csrfToken: string;
  user: UserRow;
}

const slideAfterMs = 300_000;

export type CachedSession = SessionPrincipal & { lastSeenAt: number; expiresAt: number };

async function loadSession(db: Queryable, id: string, now: Date): Promise<CachedSession | null> {
  const [row] = await db.query<UserRow & { csrf_token: string; last_seen_at: Date; expires_at: Date }>(sql`
    SELECT s.csrf_token, s.last_seen_at, s.expires_at, ${userColumns()}
    FROM sessions s ${userJoins(sql`s.user_id`)}
    WHERE s.id = ${id} AND s.revoked_at IS NULL AND s.expires_at > ${now}`);
  if (!row) return null;
  return {
    principal: toPrincipal(row),
    sessionId: id,
    csrfToken: row.csrf_token,
    user: row,
    lastSeenAt: new Date(row.last_seen_at).getTime(),
    expiresAt: new Date(row.expires_at).getTime(),
  };
}

/** The session a cookie names, from the cache when it holds it; extends the session as it is used. */
export async function sessionFromToken(
  db: Queryable,
  token: string,
  now: Date,
  cache?: AuthCache<CachedSession>,
): Promise<SessionPrincipal | null> {
  const id = sha256(token);
  const load = () => loadSession(db, id, now);
  const s = cache ? await cache.get(id, now.getTime(), load) : await load();
  if (!s) return null;
  if (s.expiresAt <= now.getTime()) {
    cache?.delete(id);
    return null;
  }
  // Sliding expiry, written at most every five minutes.
  if (now.getTime() - s.lastSeenAt > slideAfterMs) {
    const expires = new Date(now.getTime() + sessionDays * 86_400_000);
    await db.query(sql`UPDATE sessions SET last_seen_at = ${now}, expires_at = ${expires} WHERE id = ${id}`);
    s.lastSeenAt = now.getTime();
    s.expiresAt = expires.getTime();
  }
  return s;
}

export async function endSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query(sql`UPDATE sessions SET revoked_at = ${now} WHERE id = ${sessionId} AND revoked_at IS NULL`);
  authChanged();
}

export const apiKeyPrefix = 'kith_';

export type CachedKey = { principal: Principal; keyId: string; lastUsedAt: number };

async function loadApiKey(db: Queryable, keyHash: string): Promise<CachedKey | null> {
  const [row] = await db.query<
    UserRow & {
      key_id: string;
      key_name: string;
      key_role_id: string;
      key_role_key: string;
      key_role_name: string;
      key_is_admin: boolean;
      key_permissions: UserRow['permissions'];
      last_used_at: Date | null;
    }
  >(sql`
    SELECT k.id AS key_id, k.name AS key_name, k.last_used_at, kr.id AS key_role_id, kr.key AS key_role_key, kr.name AS key_role_name,
           kr.is_admin AS key_is_admin, kr.permissions AS key_permissions, ${userColumns()}
    FROM api_keys k JOIN roles kr ON kr.id = k.role_id ${userJoins(sql`k.created_by`)}
    WHERE k.key_hash = ${keyHash} AND k.revoked_at IS NULL`);
  if (!row) return null;
  const maker = toPrincipal(row);
  const keyRole = {
    id: row.key_role_id,
    key: row.key_role_key,
    name: row.key_role_name,
    isAdmin: row.key_is_admin,
    permissions: row.key_permissions ?? {},
  };
  // A key acts with its own role, never beyond its maker's current rights, and its maker's team.
  const principal: Principal = {
    ...maker,
    kind: 'apiKey',
    apiKeyId: row.key_id,
    name: `API key ${row.key_name}`,
    role: narrowRole(keyRole, maker.role),
  };
  return { principal, keyId: row.key_id, lastUsedAt: row.last_used_at ? new Date(row.last_used_at).getTime() : 0 };
}

export async function principalFromApiKey(
  db: Queryable,
  key: string,
  now: Date,
  cache?: AuthCache<CachedKey>,
): Promise<Principal | null> {
  if (!key.startsWith(apiKeyPrefix)) return null;
  const keyHash = sha256(key);
  const load = () => loadApiKey(db, keyHash);
  const k = cache ? await cache.get(keyHash, now.getTime(), load) : await load();
  if (!k) return null;
  if (now.getTime() - k.lastUsedAt > 60_000) {
    await db.query(sql`UPDATE api_keys SET last_used_at = ${now} WHERE id = ${k.keyId}`);
    k.lastUsedAt = now.getTime();
  }
  return k.principal;
}
