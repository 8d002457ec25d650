// Auth changes announced to every process over NOTIFY (delivered on commit): a session ended, or a
// user's role, team or status changed. Live-update sockets close on it, and principal caches drop
// what they hold. Call notifyAuthChange inside the transaction that makes the change.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export const authChannel = 'kith_auth';

export interface AuthChange {
  /** 'session': that session ended (logout, revoke). 'user': anything about that user changed. */
  kind: 'user' | 'session';
  /** The user's id, or the session's id (sessions.id, the token's hash). */
  id: string;
}

export async function notifyAuthChange(db: Queryable, change: AuthChange): Promise<void> {
  await db.query(sql`SELECT pg_notify(${authChannel}, ${JSON.stringify({ kind: change.kind, id: change.id })})`);
}

/** Reads a payload from the channel; null when it is not one of ours. */
export function parseAuthChange(payload: string): AuthChange | null {
  try {
    const v = JSON.parse(payload) as Partial<AuthChange>;
    if ((v.kind === 'user' || v.kind === 'session') && typeof v.id === 'string') return { kind: v.kind, id: v.id };
  } catch {}
  return null;
}
