// Live updates: every process LISTENs on the events channel (PostgreSQL delivers NOTIFY on
// commit, to all processes) and tells its WebSocket clients which record changed; the web app
// then refetches it through the permission-checked API. A client hears of a record only when its
// role may read that object and the record is in its own/team/all scope (events carry the owner).
// Sockets close when their session ends or their user's access changes (the kith_auth channel,
// plus a periodic re-check for anything missed), and each user may hold only so many.
import type { NotificationArrived } from '@kith/common/api/notifications';
import { type RecordChanged, realtimeClose } from '@kith/common/realtime';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { principalFromApiKey } from './auth/auth.service.ts';
import { toPrincipal, type UserRow, userColumns, userJoins } from './auth/principal.ts';
import { authChannel, parseAuthChange } from './auth-events.ts';
import type { Principal } from './context.ts';
import { AppError } from './errors.ts';
import { eventsChannel } from './events.ts';
import { requirePrincipal } from './http/request-context.ts';
import { notificationsChannel } from './notifications.ts';
import { listen } from './notify-listener.ts';
import { inScope, permissionFor } from './permissions.ts';
import { ownerOf, type Registry } from './registry/registry.ts';

interface Client {
  send(data: string): void;
  close(code: number, reason: string): void;
  principal: Principal;
  /** What the principal was resolved from, to re-check it later. */
  sessionId?: string;
  apiKey?: string;
}

export interface Realtime {
  stop(): Promise<void>;
  clients: Set<Client>;
  /** Re-checks every socket's session or key now (also runs every `recheckMs`). */
  recheck(): Promise<void>;
}

export interface RealtimeOptions {
  /** The app's public URL: browsers may open sockets from its origin (or from the Host they asked). */
  publicUrl?: string;
  maxSocketsPerUser?: number;
  recheckMs?: number;
  now?: () => Date;
}

/** Everything about a principal that decides what it may see. */
const accessOf = (p: Principal) =>
  JSON.stringify([
    p.userId,
    p.apiKeyId,
    p.role.id,
    p.role.isAdmin,
    p.role.permissions,
    [...p.teamUserIds].sort(),
    Object.entries(p.marks)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, [...v].sort()]),
  ]);

export async function startRealtime(
  app: FastifyInstance,
  db: Db,
  registry: Registry,
  databaseUrl?: string,
  opts: RealtimeOptions = {},
): Promise<Realtime> {
  const now = opts.now ?? (() => new Date());
  const maxPerUser = opts.maxSocketsPerUser ?? 20;
  const clients = new Set<Client>();

  const onEvent = (payload: string) => {
    let e: {
      type: string;
      objectType?: string;
      recordId?: string;
      ownerId?: string | null;
      previousOwnerId?: string | null;
      /** The record's marks for modules' scopes (its territory), and the ones a change moved it from. */
      marks?: Record<string, string | null>;
      previousMarks?: Record<string, string | null>;
      /** Whom a shared record is shared with; "many" when too many to name (looked up below). */
      sharedWith?: Array<string | null> | 'many';
    };
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
    const target = registry.get(e.objectType);
    const owned = target ? ownerOf(target) !== undefined : false;
    const action = e.type.slice(e.type.lastIndexOf('.') + 1);
    const msg = JSON.stringify({
      type: 'record.changed',
      object: e.objectType,
      id: e.recordId,
      action,
    } satisfies RecordChanged);
    const unsure: Client[] = [];
    for (const c of clients) {
      const perm = permissionFor(c.principal, e.objectType);
      if (!perm.read) continue;
      // Scoped (own, team, a territory): only when the event says whose the record is, or where it
      // lies (else say nothing), or whose it was or where it lay until this change (their list still shows it).
      const marked = e.marks !== undefined && perm.scope in e.marks;
      const sees = (owner: string | null | undefined, marks: Record<string, string | null> | undefined) =>
        (owner !== undefined || marked) && inScope(c.principal, perm, owner ?? null, marks);
      const moved = 'previousOwnerId' in e || e.previousMarks !== undefined;
      const before = () =>
        sees('previousOwnerId' in e ? e.previousOwnerId : e.ownerId, e.marks && { ...e.marks, ...e.previousMarks });
      if ((!owned && !marked) || perm.scope === 'all' || sees(e.ownerId, e.marks) || (moved && before())) c.send(msg);
      else if (c.principal.userId && Array.isArray(e.sharedWith) && e.sharedWith.includes(c.principal.userId))
        c.send(msg);
      else if (c.principal.userId && e.sharedWith === 'many') unsure.push(c);
    }
    if (unsure.length && target?.sharedWith) void tellSharers(target.sharedWith, e.recordId, unsure, msg);
  };

  /** Shared with too many to name: which of these listeners is one of them, in one query. */
  const tellSharers = async (
    shared: NonNullable<ReturnType<Registry['get']>>['sharedWith'] & object,
    recordId: string,
    listeners: Client[],
    msg: string,
  ) => {
    try {
      const ids = [...new Set(listeners.map((c) => c.principal.userId))];
      const rows = await db.query<{ u: string }>(sql`SELECT s.${sql.ident(shared.userColumn)} AS u
        FROM ${sql.ident(shared.table)} s WHERE s.${sql.ident(shared.recordColumn)} = ${recordId}::uuid
          AND s.${sql.ident(shared.userColumn)} = ANY(${ids}::uuid[])`);
      const sharers = new Set(rows.map((r) => r.u));
      for (const c of listeners) if (c.principal.userId && sharers.has(c.principal.userId)) c.send(msg);
    } catch (err) {
      app.log.warn({ err }, 'realtime: could not look up whom a record is shared with');
    }
  };

  // A notification reaches only its recipient's sockets; the app then fetches it through the API.
  const onNotification = (payload: string) => {
    let n: { userId?: string; id?: string };
    try {
      n = JSON.parse(payload);
    } catch {
      return;
    }
    if (!n.userId || !n.id) return;
    const msg = JSON.stringify({ type: 'notification', id: n.id } satisfies NotificationArrived);
    for (const c of clients) if (c.principal.userId === n.userId) c.send(msg);
  };

  // Re-resolves every socket's principal: closes those whose session or key no longer holds, or
  // whose access changed. Runs on every auth change (below) and every `recheckMs`, which catches
  // sessions that simply expired and anything a lost notification would have said.
  const recheck = async () => {
    const bySession = new Set<string>();
    for (const c of clients) if (c.sessionId) bySession.add(c.sessionId);
    const live = new Map<string, Principal>();
    if (bySession.size) {
      // One query for all sessions, read-only: an open tab does not extend its session.
      const rows = await db.query<UserRow & { session_id: string }>(sql`
        SELECT s.id AS session_id, ${userColumns()}
        FROM sessions s ${userJoins(sql`s.user_id`)}
        WHERE s.id = ANY(${[...bySession]}::text[]) AND s.revoked_at IS NULL AND s.expires_at > ${now()}`);
      for (const r of rows) live.set(r.session_id, toPrincipal(r));
    }
    for (const c of [...clients]) {
      const fresh = c.sessionId
        ? live.get(c.sessionId)
        : c.apiKey
          ? await principalFromApiKey(db, c.apiKey, now())
          : undefined;
      if (!fresh) c.close(realtimeClose.sessionEnded, 'Your session ended');
      else if (accessOf(fresh) !== accessOf(c.principal)) c.close(realtimeClose.accessChanged, 'Your access changed');
    }
  };
  // One re-check at a time; a change that arrives during one gets another after it.
  let running: Promise<void> | null = null;
  let queued: Promise<void> | null = null;
  const run = () => {
    running = recheck()
      .catch((err) => app.log.warn({ err }, 'realtime re-check failed'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const recheckOnce = (): Promise<void> => {
    if (!running) return run();
    queued ??= running.then(() => {
      queued = null;
      return run();
    });
    return queued;
  };
  const recheckTimer = setInterval(() => void recheckOnce(), opts.recheckMs ?? 60_000);
  recheckTimer.unref();

  const onAuth = (payload: string) => {
    const change = parseAuthChange(payload);
    if (!change) return;
    // A session that ended closes at once; anything else (a user's role or status, a role's
    // rights, a team, a key) is found out by re-checking who each socket now is.
    if (change.kind === 'session')
      for (const c of clients) if (c.sessionId === change.id) c.close(realtimeClose.sessionEnded, 'Your session ended');
    void recheckOnce();
  };

  // PostgreSQL: one listening connection shared by the process, made again when lost; what the
  // auth listener missed meanwhile is caught by a re-check.
  const listeners = [
    await listen({ db, databaseUrl, channel: eventsChannel, onPayload: onEvent, log: app.log }),
    await listen({ db, databaseUrl, channel: notificationsChannel, onPayload: onNotification, log: app.log }),
    await listen({
      db,
      databaseUrl,
      channel: authChannel,
      onPayload: onAuth,
      onGap: () => void recheckOnce(),
      log: app.log,
    }),
  ];

  const allowedOrigin = opts.publicUrl ? new URL(opts.publicUrl).origin : null;
  // Cross-site WebSocket hijacking: a page elsewhere could open a socket carrying the user's
  // cookie. Browsers always send Origin on a WebSocket; other clients (integrations) need not.
  const checkOrigin = (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    let host: string | null = null;
    try {
      host = new URL(origin).host;
    } catch {}
    if (origin === allowedOrigin || (host !== null && host === request.headers.host)) return;
    throw new AppError('FORBIDDEN', `Live updates are not available to pages from ${origin}`);
  };
  // Checked before the upgrade, so an anonymous or foreign client gets a plain 401/403 and no socket.
  const authenticate = async (request: FastifyRequest) => {
    checkOrigin(request);
    requirePrincipal(request);
  };
  app.get(
    '/api/v1/realtime',
    { websocket: true, schema: { hide: true }, preValidation: authenticate },
    (socket, request) => {
      const principal = requirePrincipal(request);
      const client: Client = {
        principal,
        send: (d) => socket.readyState === 1 && socket.send(d),
        close: (code, reason) => {
          clients.delete(client);
          socket.close(code, reason);
        },
        ...(request.session
          ? { sessionId: request.session.sessionId }
          : { apiKey: request.headers.authorization?.split(' ')[1]?.trim() }),
      };
      const mine = [...clients].filter((c) => c.principal.userId === principal.userId).length;
      if (mine >= maxPerUser) {
        socket.close(realtimeClose.tooMany, `Too many live connections (at most ${maxPerUser} per user)`);
        return;
      }
      clients.add(client);
      socket.on('close', () => clients.delete(client));
      socket.send(JSON.stringify({ type: 'hello' }));
    },
  );

  return {
    clients,
    recheck: recheckOnce,
    async stop() {
      clearInterval(recheckTimer);
      for (const c of clients) c.close(1001, 'Server stopping');
      for (const l of listeners) await l.stop();
    },
  };
}
