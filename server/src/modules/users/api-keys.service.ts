// API keys for integrations (admins). A key acts with its own role and is stored only as its
// SHA-256: the full key is shown once, when it is made. Its maker's deactivation stops it too.
import type { ApiKey, NewApiKey } from '@kith/common/api/api-keys';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { apiKeyPrefix } from '../../platform/auth/auth.service.ts';
import { newToken, sha256 } from '../../platform/auth/crypto.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { notFound } from '../../platform/errors.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { iso, roleById } from './users.shared.ts';

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role_id: string;
  role_name: string;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

async function loadKeys(db: Queryable, id?: string): Promise<ApiKey[]> {
  const rows = await db.query<ApiKeyRow>(sql`
    SELECT k.id, k.name, k.prefix, k.role_id, r.name AS role_name, k.created_by, u.name AS creator_name,
           k.created_at, k.last_used_at, k.revoked_at
    FROM api_keys k JOIN roles r ON r.id = k.role_id LEFT JOIN users u ON u.id = k.created_by
    ${id ? sql`WHERE k.id = ${id}::uuid` : sql.empty}
    ORDER BY k.revoked_at IS NOT NULL, k.created_at DESC, k.id DESC`);
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    role: { id: k.role_id, name: k.role_name },
    createdBy: k.created_by ? { id: k.created_by, name: k.creator_name ?? '' } : null,
    createdAt: iso(k.created_at) as string,
    lastUsedAt: iso(k.last_used_at),
    revokedAt: iso(k.revoked_at),
  }));
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKey[]> {
  assertAdmin(ctx.principal);
  return loadKeys(ctx.db);
}

/** Makes a key; the returned `key` is the only time it is ever shown. */
export async function createApiKey(ctx: Ctx, input: { name: string; roleId: string }): Promise<NewApiKey> {
  assertAdmin(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const role = await roleById(tx, input.roleId);
    const key = `${apiKeyPrefix}${newToken(32)}`;
    const id = uuidv7();
    await tx.query(sql`
      INSERT INTO api_keys (id, name, prefix, key_hash, role_id, created_by, created_at)
      VALUES (${id}, ${input.name}, ${key.slice(0, 12)}, ${sha256(key)}, ${role.id}, ${ctx.principal.userId}, ${ctx.now()})`);
    await recordAudit(c, {
      action: 'create',
      objectType: 'api_key',
      recordId: id,
      changes: { name: input.name, role: role.key, prefix: key.slice(0, 12) },
    });
    const [made] = await loadKeys(tx, id);
    return { ...made, key };
  });
}

/** Revokes a key at once; revoking a revoked key changes nothing. */
export async function revokeApiKey(ctx: Ctx, id: string): Promise<void> {
  assertAdmin(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const [k] = await tx.query<{ name: string; revoked_at: Date | null }>(
      sql`SELECT name, revoked_at FROM api_keys WHERE id = ${id}::uuid FOR UPDATE`,
    );
    if (!k) throw notFound('API key');
    if (k.revoked_at) return;
    await tx.query(sql`UPDATE api_keys SET revoked_at = ${ctx.now()} WHERE id = ${id}::uuid`);
    await recordAudit(c, { action: 'revoke', objectType: 'api_key', recordId: id, changes: { name: k.name } });
  });
}
