// The audit trail: who changed what, when, from where, with each field's before and after.
import { uuidv7 } from 'uuidv7';
import { type Sql, sql } from '../db/sql.ts';
import { authChanged } from './auth/auth-cache.ts';
import type { Ctx } from './context.ts';
import { movesMarks } from './record-scopes.ts';

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  action: string;
  objectType?: string;
  recordId?: string;
  changes?: FieldChanges | Record<string, unknown>;
}

/** What an audit entry needs of the context: who, when, from where, and the transaction. */
export type AuditCtx = Pick<Ctx, 'db' | 'principal' | 'now' | 'ip' | 'userAgent'>;

/** Audited changes to these can narrow someone's rights: each process's auth cache must drop them. */
const authObjects = new Set(['user', 'role', 'team', 'api_key', 'session']);

/**
 * The insert of one audit entry, and its id, for the caller to run: alone (recordAudit) or in the
 * statement that also writes the change's event (auditAndEmit, events.ts).
 */
export function auditInsert(ctx: AuditCtx, e: AuditEntry): { id: string; insert: Sql } {
  const p = ctx.principal;
  // Every mutation is audited, so this is the one place that cannot be forgotten. The database
  // tells every other process too (migration 0007), a moment later.
  // So do changes that move someone's marks in a module's record scope (a territory's members or tree).
  if (e.objectType && (authObjects.has(e.objectType) || movesMarks(e.objectType)) && e.action !== 'login')
    authChanged();
  const id = uuidv7();
  const insert = sql`
    INSERT INTO audit_log (id, at, actor_id, actor_kind, ip, user_agent, action, object_type, record_id, changes)
    VALUES (${id}, ${ctx.now()}, ${p.kind === 'apiKey' ? p.apiKeyId : p.userId}, ${p.kind}, ${ctx.ip ?? null},
            ${ctx.userAgent?.slice(0, 500) ?? null}, ${e.action}, ${e.objectType ?? null}, ${e.recordId ?? null},
            ${e.changes ? JSON.stringify(e.changes) : null}::jsonb)`;
  return { id, insert };
}

/** What `then` statements read of the audit entry they follow, as `a`. */
export const auditReturning = sql`RETURNING id, at, record_id, changes`;

/**
 * Writes one audit entry and returns its id. `then`: a statement that reads the entry as `a` (its
 * id, at, record_id and changes), run in the same statement (the records path's timeline links).
 */
export async function recordAudit(ctx: AuditCtx, e: AuditEntry, then?: Sql | null): Promise<string> {
  const { id, insert } = auditInsert(ctx, e);
  await ctx.db.query(then ? sql`WITH a AS (${insert} ${auditReturning}) ${then}` : insert);
  return id;
}

/** Field-by-field difference of two value maps (deep equality through JSON). */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>, keys: string[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const k of keys) {
    const b = before[k] ?? null;
    const a = after[k] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) changes[k] = { before: b, after: a };
  }
  return changes;
}
