// Modules' event handlers: each reads the domain events (events.ts: one per record written, by
// every path, imports included) in commit order, at least once, from where it stopped — the
// outbox half of "written in the same transaction as the change" (decision 015). A handler runs
// in a transaction with its place in the stream, so what it writes to the database and its
// advance commit together. A handler that throws stops at that event and tries it again later,
// with a growing pause; no later event overtakes it.
import type { Logger } from 'pino';
import type { Db } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { systemPrincipal } from './auth/principal.ts';
import type { Ctx } from './context.ts';
import { eventsChannel } from './events.ts';
import type { Jobs } from './jobs.ts';
import { listen } from './notify-listener.ts';
import type { Registry } from './registry/registry.ts';

export interface StoredEvent {
  id: string;
  at: Date;
  type: string;
  objectType: string | null;
  recordId: string | null;
  actorId: string | null;
  payload: Record<string, unknown>;
}

export interface EventHandlerDef {
  /** Unique; its place in the stream is kept under this name (renaming it starts it afresh). */
  name: string;
  /** Event types: `contact.created`, `contact.*` (every contact event) or `*`. */
  on: string[];
  /** Runs as the system, in the transaction that moves the handler past this event. */
  handle: (ctx: Ctx, event: StoredEvent) => Promise<void>;
}

const batchSize = 200;
const pollMs = 5_000;
const maxPauseMs = 5 * 60_000;

/** The pause before the nth attempt at an event that failed: 1 s, 2 s, 4 s… up to 5 minutes. */
export const retryPauseMs = (attempts: number) => Math.min(maxPauseMs, 1000 * 2 ** Math.max(0, attempts - 1));

/** `contact.*` → SQL LIKE `contact.%`; exact types stay exact. */
function typeCondition(on: string[]) {
  if (on.includes('*')) return sql`true`;
  const exact = on.filter((t) => !t.endsWith('.*'));
  const prefixes = on.filter((t) => t.endsWith('.*')).map((t) => `${t.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
  return sql`(e.type = ANY(${exact}::text[]) OR e.type LIKE ANY(${prefixes}::text[]))`;
}

export function checkHandlers(handlers: EventHandlerDef[]): void {
  const names = new Set<string>();
  for (const h of handlers) {
    if (names.has(h.name)) throw new Error(`two event handlers are named ${h.name}`);
    names.add(h.name);
    if (!h.on.length) throw new Error(`event handler ${h.name} handles no event type`);
    for (const t of h.on)
      if (t !== '*' && !/^[a-z][a-zA-Z0-9]*(\.[a-z][a-zA-Z0-9]*)*(\.\*)?$/.test(t))
        throw new Error(`event handler ${h.name}: "${t}" is not an event type (contact.created, contact.*, *)`);
  }
}

interface Deps {
  db: Db;
  registry: Registry;
  jobs: Jobs;
  now: () => Date;
  log: Logger;
}

/**
 * Gives a handler its place: new handlers start at the end of the stream (they do not replay
 * history). Idempotent.
 */
async function register(db: Db, name: string): Promise<void> {
  await db.query(sql`INSERT INTO event_handlers (name, xid)
    VALUES (${name}, pg_snapshot_xmin(pg_current_snapshot())) ON CONFLICT (name) DO NOTHING`);
}

type EventRow = {
  id: string;
  xid: string;
  at: Date;
  type: string;
  object_type: string | null;
  record_id: string | null;
  actor_id: string | null;
  payload: Record<string, unknown>;
};

/**
 * One batch of one handler: the events after its place whose transactions have all ended, each
 * handled in order, then its new place — one transaction. Another process handling the same
 * handler holds its row: this one skips it. Returns how many events it handled.
 */
async function runBatch(deps: Deps, h: EventHandlerDef): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const [state] = await tx.query<{ xid: string; event_id: string | null; attempts: number }>(sql`
      SELECT xid::text AS xid, event_id, attempts FROM event_handlers
      WHERE name = ${h.name} AND (retry_at IS NULL OR retry_at <= ${deps.now()})
      FOR UPDATE SKIP LOCKED`);
    if (!state) return 0;
    const events = await tx.query<EventRow>(sql`
      SELECT e.id, e.xid::text AS xid, e.at, e.type, e.object_type, e.record_id, e.actor_id, e.payload FROM events e
      WHERE (e.xid, e.id) > (${state.xid}::xid8, ${state.event_id ?? '00000000-0000-0000-0000-000000000000'}::uuid)
        AND e.xid < pg_snapshot_xmin(pg_current_snapshot()) AND ${typeCondition(h.on)}
      ORDER BY e.xid, e.id LIMIT ${batchSize}`);
    const ctx: Ctx = {
      db: tx,
      principal: systemPrincipal,
      registry: deps.registry,
      jobs: deps.jobs,
      now: deps.now,
      log: deps.log,
    };
    for (const e of events)
      await h.handle(ctx, {
        id: e.id,
        at: e.at,
        type: e.type,
        objectType: e.object_type,
        recordId: e.record_id,
        actorId: e.actor_id,
        payload: e.payload,
      });
    const last = events[events.length - 1];
    if (last)
      await tx.query(sql`UPDATE event_handlers SET xid = ${last.xid}::xid8, event_id = ${last.id}::uuid,
          handled = handled + ${events.length}, attempts = 0, last_error = NULL, retry_at = NULL, updated_at = ${deps.now()}
        WHERE name = ${h.name}`);
    return events.length;
  });
}

/** A failed batch: its transaction is gone; the handler waits, then tries the same event again. */
async function recordFailure(deps: Deps, h: EventHandlerDef, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const [row] = await deps.db.query<{ attempts: number }>(sql`
    UPDATE event_handlers SET attempts = attempts + 1, last_error = ${message.slice(0, 2000)}, updated_at = ${deps.now()}
    WHERE name = ${h.name} RETURNING attempts`);
  const attempts = row?.attempts ?? 1;
  const retryAt = new Date(deps.now().getTime() + retryPauseMs(attempts));
  await deps.db.query(sql`UPDATE event_handlers SET retry_at = ${retryAt} WHERE name = ${h.name}`);
  deps.log.error(
    { err, handler: h.name, attempts },
    `event handler ${h.name} failed; trying again at ${retryAt.toISOString()}`,
  );
}

export interface EventHandlers {
  /** Handles everything that can be handled now (tests, and each wake-up). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the handlers in this process (one that runs jobs): woken by every event's NOTIFY, and
 * every few seconds in case a notification was missed or a retry is due.
 */
export async function startEventHandlers(
  deps: Deps & { databaseUrl?: string },
  handlers: EventHandlerDef[],
): Promise<EventHandlers> {
  checkHandlers(handlers);
  for (const h of handlers) await register(deps.db, h.name);
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const drainOnce = async () => {
    for (const h of handlers) {
      if (stopped) return;
      try {
        while ((await runBatch(deps, h)) === batchSize && !stopped);
      } catch (err) {
        await recordFailure(deps, h, err).catch((e) => deps.log.error({ err: e }, 'event handler state not saved'));
      }
    }
  };
  // One pass at a time; a wake-up during a pass asks for one more after it.
  const drain = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await drainOnce();
      } while (again && !stopped);
    })().finally(() => {
      running = null;
    });
    return running;
  };
  if (!handlers.length) return { drain: async () => {}, stop: async () => {} };
  // A commit's notifications arrive together (a conversion writes four events): they wake one
  // pass, not one each — the pass after the first would find nothing and still cost a transaction.
  let woken = false;
  const wake = () => {
    if (woken) return;
    woken = true;
    setImmediate(() => {
      woken = false;
      if (stopped) return;
      void drain().catch((err) => deps.log.error({ err }, 'event handlers failed'));
    });
  };
  const listener = await listen({
    db: deps.db,
    databaseUrl: deps.databaseUrl,
    channel: eventsChannel,
    onPayload: wake,
    onGap: wake,
    log: deps.log,
  });
  const timer = setInterval(wake, pollMs);
  timer.unref();
  wake();
  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await listener.stop();
      await running;
    },
  };
}
