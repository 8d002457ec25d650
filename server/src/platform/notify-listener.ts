// LISTEN on one channel of the database, embedded or server. PostgreSQL delivers NOTIFY on commit to
// every listening process; a server listener keeps a connection of its own and reconnects when it
// drops, telling the caller so that it can stop trusting what it cached meanwhile.
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

export async function listen(o: ListenOptions): Promise<Listener> {
  if (o.db.kind === 'embedded') {
    const unlisten = await (o.db.raw as PGlite).listen(o.channel, o.onPayload);
    return { connected: true, stop: unlisten };
  }
  if (!o.databaseUrl) throw new Error('listen: a server database needs its URL for a listening connection');
  let client: pg.Client | null = null;
  let stopped = false;
  let connected = false;
  let retry: NodeJS.Timeout | undefined;

  const lost = (err?: unknown) => {
    if (err) o.log?.warn({ err }, `listener on ${o.channel} lost its connection`);
    if (stopped) return;
    connected = false;
    o.onGap?.();
    client?.removeAllListeners();
    client?.end().catch(() => {});
    client = null;
    retry ??= setTimeout(() => {
      retry = undefined;
      void connect();
    }, 1000);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: o.databaseUrl });
    client = c;
    c.on('error', lost);
    c.on('end', () => client === c && lost());
    c.on('notification', (n) => n.payload && o.onPayload(n.payload));
    try {
      await c.connect();
      await c.query(`LISTEN ${o.channel}`);
      connected = true;
    } catch (err) {
      if (client === c) lost(err);
    }
  };
  await connect();
  if (!connected) throw new Error(`listen: could not LISTEN on ${o.channel}`);
  return {
    get connected() {
      return connected;
    },
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      c?.removeAllListeners();
      await c?.end().catch(() => {});
    },
  };
}
