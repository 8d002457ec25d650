// Live updates: every process LISTENs on the events channel (PostgreSQL delivers NOTIFY on
// commit, to all processes) and tells its WebSocket clients which record changed; the web app
// then refetches it through the permission-checked API.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pg from 'pg';
import type { Db } from '../db/database.ts';
import type { Principal } from './context.ts';
import { eventsChannel } from './events.ts';
import { requirePrincipal } from './http/request-context.ts';
import { permissionFor } from './permissions.ts';
import type { Registry } from './registry/registry.ts';

interface Client {
  send(data: string): void;
  principal: Principal;
}

export interface Realtime {
  stop(): Promise<void>;
  clients: Set<Client>;
}

export async function startRealtime(
  app: FastifyInstance,
  db: Db,
  registry: Registry,
  databaseUrl?: string,
): Promise<Realtime> {
  const clients = new Set<Client>();
  const onNotify = (payload: string) => {
    let e: { type: string; objectType?: string; recordId?: string };
    try {
      e = JSON.parse(payload);
    } catch {
      return;
    }
    // Another process changed custom fields: rebuild this one's registry.
    if (e.type === 'registry.changed') {
      registry.load(db).catch((err) => app.log.error({ err }, 'registry reload failed'));
      return;
    }
    if (!e.objectType || !e.recordId) return;
    const action = e.type.slice(e.type.lastIndexOf('.') + 1);
    const msg = JSON.stringify({ type: 'record.changed', object: e.objectType, id: e.recordId, action });
    for (const c of clients) if (permissionFor(c.principal, e.objectType).read) c.send(msg);
  };

  let stopListening: () => Promise<void>;
  if (db.kind === 'embedded') {
    const unlisten = await (db.raw as import('@electric-sql/pglite').PGlite).listen(eventsChannel, onNotify);
    stopListening = unlisten;
  } else {
    // A dedicated connection: LISTEN needs one session for its whole life.
    const client = new pg.Client({ connectionString: databaseUrl });
    client.on('error', (err) => app.log.warn({ err }, 'realtime listener connection lost'));
    await client.connect();
    client.on('notification', (n) => n.payload && onNotify(n.payload));
    await client.query(`LISTEN ${eventsChannel}`);
    stopListening = () => client.end();
  }

  // Checked before the upgrade, so an anonymous client gets a plain 401 and no socket.
  const authenticate = async (request: FastifyRequest) => {
    requirePrincipal(request);
  };
  app.get(
    '/api/v1/realtime',
    { websocket: true, schema: { hide: true }, preValidation: authenticate },
    (socket, request) => {
      const principal = requirePrincipal(request);
      const client: Client = { principal, send: (d) => socket.readyState === 1 && socket.send(d) };
      clients.add(client);
      socket.on('close', () => clients.delete(client));
      socket.send(JSON.stringify({ type: 'hello' }));
    },
  );

  return {
    clients,
    async stop() {
      await stopListening();
    },
  };
}
