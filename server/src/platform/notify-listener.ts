// LISTEN on channels of the database, embedded or server. PostgreSQL delivers NOTIFY on commit to
// every listening process. On a server, all of a process's listeners share one connection of
// their own (a connection per channel and per listener would be three a process today, and a
// pooled connection cannot LISTEN); it reconnects when it drops and tells every listener, so that
// each can stop trusting what it cached meanwhile.
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Db } from '../db/database.ts';

export interface Listener {
  /** False while a server listener is reconnecting (notifications may have been missed). */
  readonly connected: boolean;
  stop(): Promise<void>;
}

export interface ListenOptions {
  db: Db;
  databaseUrl?: string;
  channel: string;
  onPayload: (payload: string) => void;
  /** Called when notifications may have been lost (the connection dropped). */
  onGap?: () => void;
  log?: { warn(obj: object, msg: string): void };
}

interface Subscription {
  channel: string;
  onPayload: (payload: string) => void;
  onGap?: () => void;
}

const reconnectMs = 1000;

/** One listening connection and the subscriptions it serves. */
class SharedListener {
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | undefined;
  private connecting: Promise<void> | null = null;
  readonly subs = new Set<Subscription>();
  connected = false;

  constructor(
    private readonly url: string,
    private readonly log: ListenOptions['log'],
    private readonly onEmpty: () => void,
  ) {}

  async add(sub: Subscription): Promise<void> {
    this.subs.add(sub);
    if (!this.client) this.connecting ??= this.connect();
    await this.connecting;
    if (!this.connected) {
      this.subs.delete(sub);
      await this.closeIfUnused();
      throw new Error(`listen: could not LISTEN on ${sub.channel}`);
    }
    // A channel no subscription has asked for yet: LISTEN on it now (repeating LISTEN is a no-op).
    if ([...this.subs].filter((s) => s.channel === sub.channel).length === 1)
      await this.client?.query(`LISTEN ${pg.escapeIdentifier(sub.channel)}`);
  }

  async remove(sub: Subscription): Promise<void> {
    if (!this.subs.delete(sub)) return;
    if (this.subs.size === 0) return this.closeIfUnused();
    if (this.connected && ![...this.subs].some((s) => s.channel === sub.channel))
      await this.client?.query(`UNLISTEN ${pg.escapeIdentifier(sub.channel)}`).catch(() => {});
  }

  private async connect(): Promise<void> {
    const c = new pg.Client({ connectionString: this.url });
    this.client = c;
    c.on('error', (err) => this.lost(c, err));
    c.on('end', () => this.lost(c));
    c.on('notification', (n) => {
      if (!n.payload) return;
      for (const s of this.subs) if (s.channel === n.channel) s.onPayload(n.payload);
    });
    try {
      await c.connect();
      for (const channel of new Set([...this.subs].map((s) => s.channel)))
        await c.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      this.connected = true;
    } catch (err) {
      this.lost(c, err);
    } finally {
      this.connecting = null;
    }
  }

  private lost(c: pg.Client, err?: unknown) {
    if (this.client !== c) return;
    if (err) this.log?.warn({ err }, 'the notification listener lost its connection');
    const wasConnected = this.connected;
    this.connected = false;
    c.removeAllListeners();
    c.end().catch(() => {});
    this.client = null;
    if (!this.subs.size) return;
    if (wasConnected) for (const s of this.subs) s.onGap?.();
    this.retry ??= setTimeout(() => {
      this.retry = undefined;
      if (this.subs.size) this.connecting ??= this.connect();
    }, reconnectMs);
  }

  private async closeIfUnused() {
    if (this.subs.size) return;
    clearTimeout(this.retry);
    this.retry = undefined;
    this.connected = false;
    const c = this.client;
    this.client = null;
    this.onEmpty();
    c?.removeAllListeners();
    await c?.end().catch(() => {});
  }
}

/** Per database (a test process opens many): its shared listener. */
const shared = new WeakMap<Db, SharedListener>();

export async function listen(o: ListenOptions): Promise<Listener> {
  if (o.db.kind === 'embedded') {
    const unlisten = await (o.db.raw as PGlite).listen(o.channel, o.onPayload);
    return { connected: true, stop: unlisten };
  }
  const url = o.databaseUrl;
  if (!url) throw new Error('listen: a server database needs its URL for a listening connection');
  let hub = shared.get(o.db);
  if (!hub) {
    const created = new SharedListener(url, o.log, () => shared.get(o.db) === created && shared.delete(o.db));
    shared.set(o.db, created);
    hub = created;
  }
  const sub: Subscription = { channel: o.channel, onPayload: o.onPayload, onGap: o.onGap };
  await hub.add(sub);
  const owner = hub;
  return {
    get connected() {
      return owner.connected;
    },
    stop: () => owner.remove(sub),
  };
}
