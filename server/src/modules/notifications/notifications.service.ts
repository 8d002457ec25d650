// A person's notification centre: their own notifications only, newest first, with the unread
// count the bell shows; marking read; preferences per kind and the digest's frequency.
import {
  type MarkReadInput,
  type Notification,
  type NotificationKind,
  type NotificationPreferences,
  notificationKinds,
  type notificationPreferencesPatch,
} from '@kith/common/api/notifications';
import type { z } from 'zod';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { forbidden } from '../../platform/errors.ts';
import { defaultPreference } from '../../platform/notifications.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../../platform/time-cursor.ts';

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  object_type: string | null;
  record_id: string | null;
  actor_id: string | null;
  actor_name: string | null;
  created_at: Date;
  read_at: Date | null;
}

const toJson = (r: NotificationRow): Notification => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  record: r.object_type && r.record_id ? { object: r.object_type, id: r.record_id } : null,
  actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? '' } : null,
  createdAt: new Date(r.created_at).toISOString(),
  readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
});

/** Notifications belong to a person: an API key acts for its user; the system has none. */
function me(ctx: Ctx): string {
  if (!ctx.principal.userId) throw forbidden('Notifications belong to a person');
  return ctx.principal.userId;
}

export async function listNotifications(
  ctx: Ctx,
  q: { cursor?: string; limit: number; unread?: 'true' | 'false'; kind?: NotificationKind },
) {
  const userId = me(ctx);
  const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
  const rows = await ctx.db.query<NotificationRow>(sql`
    SELECT n.id, n.kind, n.title, n.body, n.object_type, n.record_id, n.actor_id, u.name AS actor_name, n.created_at, n.read_at
    FROM notifications n LEFT JOIN users u ON u.id = n.actor_id
    WHERE n.user_id = ${userId}::uuid AND n.in_app
      ${q.unread === 'true' ? sql`AND n.read_at IS NULL` : sql.empty}
      ${q.kind ? sql`AND n.kind = ${q.kind}` : sql.empty}
      ${after ? sql`AND (n.created_at, n.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql.empty}
    ORDER BY n.created_at DESC, n.id DESC LIMIT ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(toJson),
    nextCursor: rows.length > q.limit && last ? encodeTimeCursor({ at: last.created_at, id: last.id }) : null,
    unreadCount: await unreadCount(ctx),
  };
}

export async function unreadCount(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM notifications WHERE user_id = ${me(ctx)}::uuid AND in_app AND read_at IS NULL`);
  return row.n;
}

/** Marks some (only the caller's own; others' ids change nothing) or all read; answers the new unread count. */
export async function markRead(ctx: Ctx, input: MarkReadInput): Promise<{ unreadCount: number }> {
  const userId = me(ctx);
  const which = 'ids' in input ? sql`AND id = ANY(${input.ids}::uuid[])` : sql.empty;
  await ctx.db.query(sql`UPDATE notifications SET read_at = ${ctx.now()}
    WHERE user_id = ${userId}::uuid AND read_at IS NULL ${which}`);
  return { unreadCount: await unreadCount(ctx) };
}

export async function getPreferences(ctx: Ctx): Promise<NotificationPreferences> {
  const [row] = await ctx.db.query<{
    kinds: NotificationPreferences['kinds'];
    digest: NotificationPreferences['digest'];
  }>(sql`SELECT kinds, digest FROM notification_preferences WHERE user_id = ${me(ctx)}::uuid`);
  const kinds = Object.fromEntries(
    notificationKinds.map((k) => [k, row?.kinds?.[k] ?? defaultPreference]),
  ) as NotificationPreferences['kinds'];
  return { kinds, digest: row?.digest ?? 'daily' };
}

export async function updatePreferences(
  ctx: Ctx,
  patch: z.infer<typeof notificationPreferencesPatch>,
): Promise<NotificationPreferences> {
  const userId = me(ctx);
  const current = await getPreferences(ctx);
  const next = { kinds: { ...current.kinds, ...patch.kinds }, digest: patch.digest ?? current.digest };
  await ctx.db.transaction(async (tx) => {
    await tx.query(sql`
      INSERT INTO notification_preferences (user_id, kinds, digest) VALUES (${userId}::uuid, ${JSON.stringify(next.kinds)}::jsonb, ${next.digest})
      ON CONFLICT (user_id) DO UPDATE SET kinds = EXCLUDED.kinds, digest = EXCLUDED.digest`);
    await recordAudit(withTx(ctx, tx), {
      action: 'notificationPreferences.update',
      objectType: 'user',
      recordId: userId,
      changes: { notificationPreferences: { before: current, after: next } },
    });
  });
  return next;
}
