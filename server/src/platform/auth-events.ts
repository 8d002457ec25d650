// Auth changes announced to every process over NOTIFY (delivered on commit): a session ended, or a
// user's role, team or status changed. Live-update sockets re-check on it, and principal caches
// drop what they hold. Database triggers announce most changes (migration 0007); code can call
// notifyAuthChange inside the transaction of a change no trigger sees.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export const authChannel = 'kith_auth';

export interface AuthChange {
  /**
   * 'session': that session ended (logout, revoke). 'user': anything about that user changed.
   * 'scope': what a module's record scope reaches moved (a territory's members or place in the tree).
   */
  kind: 'user' | 'session' | 'role' | 'team' | 'apiKey' | 'scope';
  /** The id of that user, session (sessions.id, the token's hash), role, team or API key. */
  id: string;
}

export async function notifyAuthChange(db: Queryable, change: AuthChange): Promise<void> {
  await db.query(sql`SELECT pg_notify(${authChannel}, ${JSON.stringify({ kind: change.kind, id: change.id })})`);
}

const kinds = new Set<string>(['user', 'session', 'role', 'team', 'apiKey', 'scope'] satisfies AuthChange['kind'][]);

/** Reads a payload from the channel; null when it is not one of ours. */
export function parseAuthChange(payload: string): AuthChange | null {
  try {
    const v = JSON.parse(payload) as Partial<AuthChange>;
    if (typeof v.kind === 'string' && kinds.has(v.kind) && typeof v.id === 'string') return { kind: v.kind, id: v.id };
  } catch {}
  return null;
}
