// Fixed-window counters in PostgreSQL, shared by every process: a limit holds however many Kith
// processes serve behind a load balancer. Keys are stored as hashes: no address or email is kept.
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { AppError } from '../errors.ts';
import { sha256 } from './crypto.ts';

export class RateLimiter {
  constructor(
    private readonly db: Queryable,
    /** Names the limit, so that two limits never share a counter. */
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one attempt; returns the seconds to wait when over the limit, else 0. */
  async hit(key: string, now = new Date()): Promise<number> {
    const resetAt = new Date(now.getTime() + this.windowMs);
    const [r] = await this.db.query<{ hits: number; reset_at: Date }>(sql`
      INSERT INTO rate_limits AS l (key, hits, reset_at) VALUES (${this.hash(key)}, 1, ${resetAt})
      ON CONFLICT (key) DO UPDATE SET
        hits = CASE WHEN l.reset_at <= ${now} THEN 1 ELSE l.hits + 1 END,
        reset_at = CASE WHEN l.reset_at <= ${now} THEN ${resetAt} ELSE l.reset_at END
      RETURNING hits, reset_at`);
    if (r.hits === 1 && Math.random() < 0.01) await sweep(this.db, now);
    return r.hits > this.max ? Math.max(1, Math.ceil((new Date(r.reset_at).getTime() - now.getTime()) / 1000)) : 0;
  }

  /** Counts one attempt and refuses it with 429 (and Retry-After) when over the limit. */
  async check(key: string, reply: { header(name: string, value: string): unknown }, what = 'attempts') {
    refuseIfWaiting(reply, await this.hit(key), what);
  }

  async reset(key: string): Promise<void> {
    await this.db.query(sql`DELETE FROM rate_limits WHERE key = ${this.hash(key)}`);
  }

  private hash(key: string) {
    return sha256(`${this.name}|${key}`);
  }
}

/** 429 with Retry-After when any of the waits is positive. */
export function refuseIfWaiting(
  reply: { header(name: string, value: string): unknown },
  wait: number,
  what = 'attempts',
) {
  if (!wait) return;
  reply.header('retry-after', String(wait));
  const minutes = Math.ceil(wait / 60);
  throw new AppError('RATE_LIMITED', `Too many ${what}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`);
}

/** Expired windows are dropped now and then (the table stays the size of the recent traffic). */
async function sweep(db: Queryable, now: Date) {
  await db.query(sql`DELETE FROM rate_limits WHERE reset_at <= ${now}`);
}
