// Telling people: any module calls notify() inside its own transaction (a mention, an assignment,
// an invitation…). Each recipient gets a row only if they are someone else than the actor, active,
// allowed to read the record it is about, and have not turned the kind off; the row's id is
// announced on commit so that their open tabs show it at once (realtime.ts).
import type { NotificationKind } from '@kith/common/api/notifications';
import { uuidv7 } from 'uuidv7';
import { sql } from '../db/sql.ts';
import { toPrincipal, type UserRow, userColumns, userJoins } from './auth/principal.ts';
import type { Ctx } from './context.ts';
import { readableWhere } from './records/records.service.ts';

export const notificationsChannel = 'kith_notifications';

export interface NotifyInput {
  kind: NotificationKind;
  userIds: Array<string | null | undefined>;
  title: string;
  body?: string | null;
  /** The record it is about: only those who may read it are told. */
  record?: { object: string; id: string } | null;
}

interface Preference {
  inApp: boolean;
  email: boolean;
}

/** A kind with no saved preference goes to the app and the digest. */
export const defaultPreference: Preference = { inApp: true, email: true };

/** Notifies, in ctx's transaction; returns the users who were told (for tests and callers' audit). */
export async function notify(ctx: Ctx, input: NotifyInput): Promise<string[]> {
  const ids = [...new Set(input.userIds.filter((id): id is string => !!id && id !== ctx.principal.userId))];
  if (!ids.length) return [];
  const users = await ctx.db.query<UserRow & { kinds: Record<string, Preference> | null }>(sql`
    SELECT ${userColumns()}, p.kinds FROM unnest(${ids}::uuid[]) x(id) ${userJoins(sql`x.id`)}
    LEFT JOIN notification_preferences p ON p.user_id = u.id`);
  const target = input.record ? ctx.registry.get(input.record.object) : undefined;
  const told: string[] = [];
  for (const user of users) {
    const pref = user.kinds?.[input.kind] ?? defaultPreference;
    if (!pref.inApp && !pref.email) continue;
    if (input.record) {
      // Told only what they may see: a mention on a record hidden from them says nothing.
      if (!target) continue;
      const reader = { ...ctx, principal: toPrincipal(user) };
      const [visible] = await ctx.db.query(sql`SELECT 1 FROM ${sql.ident(target.table)} t
        WHERE t.id = ${input.record.id}::uuid AND ${readableWhere(reader, target)}`);
      if (!visible) continue;
    }
    const id = uuidv7();
    await ctx.db.query(sql`
      INSERT INTO notifications (id, user_id, kind, title, body, object_type, record_id, actor_id, created_at, in_app)
      VALUES (${id}, ${user.user_id}::uuid, ${input.kind}, ${input.title.slice(0, 300)}, ${input.body?.slice(0, 2000) ?? null},
        ${input.record?.object ?? null}, ${input.record?.id ?? null}::uuid, ${ctx.principal.userId}, ${ctx.now()}, ${pref.inApp})`);
    if (pref.inApp)
      await ctx.db.query(
        sql`SELECT pg_notify(${notificationsChannel}, ${JSON.stringify({ userId: user.user_id, id })})`,
      );
    told.push(user.user_id);
  }
  return told;
}
