// Every request names a session or an API key; who that is and what they may do changes rarely.
// Each process keeps what it looked up, so a request costs its own query and nothing more, and
// forgets all of it whenever anything about sessions, users, roles, teams or keys changes:
// - the database announces every such change on kith_auth (triggers, migration 0007), to every process;
// - this process calls authChanged() after its own changes, so the very next request sees them
//   (NOTIFY arrives a moment later, on another connection).
// While a server listener is reconnecting, nothing is cached: a missed notification must not
// leave a revoked session alive.
import type { Db } from '../../db/database.ts';
import { authChannel } from '../auth-events.ts';
import { listen } from '../notify-listener.ts';

/** Bumped on every change: entries from an older epoch are stale. Shared by every app in the process. */
let epoch = 0;

/** Forget every cached session and key in this process (call after a change commits). */
export function authChanged(): void {
  epoch++;
}

const maxEntries = 10_000;
/** A safety net only: changes reach the cache through notifications. */
const maxAgeMs = 5 * 60_000;

export class AuthCache<T> {
  private entries = new Map<string, { value: T; epoch: number; at: number }>();

  constructor(private readonly enabled: () => boolean) {}

  /**
   * The cached value, or the loaded one (cached unless a change happened while it loaded: a load
   * that raced a revocation may have read the old state).
   */
  async get(key: string, now: number, load: () => Promise<T | null>): Promise<T | null> {
    const hit = this.entries.get(key);
    if (hit && hit.epoch === epoch && now - hit.at < maxAgeMs && this.enabled()) return hit.value;
    const before = epoch;
    const value = await load();
    if (value === null) {
      this.entries.delete(key);
      return null;
    }
    if (before === epoch && this.enabled()) {
      if (this.entries.size >= maxEntries) this.entries.clear();
      this.entries.set(key, { value, epoch, at: now });
    }
    return value;
  }

  delete(key: string) {
    this.entries.delete(key);
  }
}

/** Starts listening for changes; without a way to listen, nothing is cached. */
export async function startAuthCaches(
  db: Db,
  databaseUrl: string | undefined,
  log?: { warn(obj: object, msg: string): void },
): Promise<{ enabled: () => boolean; stop(): Promise<void> }> {
  if (db.kind === 'server' && !databaseUrl) return { enabled: () => false, stop: async () => {} };
  const listener = await listen({
    db,
    databaseUrl,
    channel: authChannel,
    onPayload: authChanged,
    onGap: authChanged,
    log,
  });
  return { enabled: () => listener.connected, stop: () => listener.stop() };
}
