// The email digest: unread notifications of the kinds a person gets by email, gathered in one
// message per person, hourly or daily as they chose. A job runs every five minutes in a worker
// process; each person's turn is taken under a row lock (SKIP LOCKED), so two workers never mail
// the same digest, and what was mailed is marked so that nothing is mailed twice.
import type { AppSettings } from '../../app.ts';
import type { Db } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { declareQueue, type Jobs } from '../../platform/jobs.ts';
import { appLink } from '../../platform/links.ts';
import { queueMail } from '../../platform/mail.ts';
import type { ModuleDeps } from '../../platform/module.ts';
import type { Registry } from '../../platform/registry/registry.ts';

export const digestQueue = 'notifications.digest';
declareQueue(digestQueue, { retryLimit: 3, retryDelay: 60, retryBackoff: true });

const periodMs = 5 * 60_000;
/** A notification waits this long before it is mailed: time to see it in the app first. */
export const digestGraceMs = 10 * 60_000;
const maxItems = 50;

interface DigestDeps {
  db: Db;
  jobs: Jobs;
  registry: Registry;
  settings: Pick<AppSettings, 'publicUrl' | 'smtpUrl'>;
}

interface Pending {
  id: string;
  title: string;
  body: string | null;
  object_type: string | null;
  record_id: string | null;
  created_at: Date;
}

/** Mails every digest that is due at `now`; returns the users mailed. */
export async function sendDigests(deps: DigestDeps, now: Date): Promise<string[]> {
  const readyBefore = new Date(now.getTime() - digestGraceMs);
  // Everyone with something to mail and no saved preferences gets the default (daily) row to lock.
  await deps.db.query(sql`
    INSERT INTO notification_preferences (user_id)
    SELECT DISTINCT n.user_id FROM notifications n
    WHERE n.read_at IS NULL AND n.emailed_at IS NULL AND n.created_at <= ${readyBefore}
    ON CONFLICT DO NOTHING`);
  const due = await deps.db.query<{ user_id: string }>(sql`
    SELECT p.user_id FROM notification_preferences p JOIN users u ON u.id = p.user_id AND u.is_active
    WHERE p.digest <> 'never'
      AND (p.last_digest_at IS NULL OR p.last_digest_at <= ${now}::timestamptz
           - CASE p.digest WHEN 'hourly' THEN interval '1 hour' ELSE interval '1 day' END)
      AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.read_at IS NULL
        AND n.emailed_at IS NULL AND n.created_at <= ${readyBefore})`);
  const mailed: string[] = [];
  for (const { user_id } of due) if (await mailOne(deps, user_id, now, readyBefore)) mailed.push(user_id);
  return mailed;
}

async function mailOne(deps: DigestDeps, userId: string, now: Date, readyBefore: Date): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    // Another worker holds this person's turn: theirs to send.
    const [me] = await tx.query<{ email: string; name: string; kinds: Record<string, { email?: boolean }> }>(sql`
      SELECT u.email, u.name, p.kinds FROM notification_preferences p JOIN users u ON u.id = p.user_id
      WHERE p.user_id = ${userId}::uuid AND (p.last_digest_at IS NULL OR p.last_digest_at <= ${now}::timestamptz
        - CASE p.digest WHEN 'hourly' THEN interval '1 hour' ELSE interval '1 day' END)
      FOR UPDATE OF p SKIP LOCKED`);
    if (!me) return false;
    const emailKinds = (kind: string) => me.kinds?.[kind]?.email !== false;
    const rows = await tx.query<Pending & { kind: string }>(sql`
      SELECT id, kind, title, body, object_type, record_id, created_at FROM notifications
      WHERE user_id = ${userId}::uuid AND read_at IS NULL AND emailed_at IS NULL AND created_at <= ${readyBefore}
      ORDER BY created_at DESC LIMIT ${maxItems * 4}`);
    const items = rows.filter((r) => emailKinds(r.kind)).slice(0, maxItems);
    await tx.query(sql`UPDATE notification_preferences SET last_digest_at = ${now} WHERE user_id = ${userId}::uuid`);
    if (!items.length) return false;
    const link = (r: Pending) => {
      const obj = r.object_type ? deps.registry.get(r.object_type) : undefined;
      return obj && r.record_id ? appLink(deps.settings.publicUrl, `/${obj.plural}/${r.record_id}`) : null;
    };
    const lines = items.map((r) => [`• ${r.title}`, r.body ? `  ${r.body}` : null, link(r) ? `  ${link(r)}` : null]);
    const subject = items.length === 1 ? items[0].title : `${items.length} new notifications in Kith`;
    const text = [
      `Hello ${me.name},`,
      '',
      `Here is what happened while you were away:`,
      '',
      ...lines.flat().filter((l): l is string => l !== null),
      '',
      `Change what you are told of: ${appLink(deps.settings.publicUrl, '/settings/notifications')}`,
    ].join('\n');
    await queueMail({ db: tx, jobs: deps.jobs, now: () => now }, { to: me.email, subject, text }, deps.settings);
    await tx.query(sql`UPDATE notifications SET emailed_at = ${now} WHERE id = ANY(${items.map((i) => i.id)}::uuid[])`);
    return true;
  });
}

/** The worker: a pass every five minutes, each pass queuing the next (one per slot across processes). */
export async function digestWorker(deps: ModuleDeps): Promise<void> {
  const d: DigestDeps = { db: deps.db, jobs: deps.jobs, registry: deps.registry, settings: deps.settings };
  const queueNext = (after: number) => {
    const slot = Math.ceil(after / periodMs) * periodMs;
    return deps.jobs.send(digestQueue, {}, { startAfter: new Date(slot), singletonKey: `digest:${slot}` });
  };
  await deps.jobs.work(digestQueue, async () => {
    const mailed = await sendDigests(d, deps.now());
    if (mailed.length) deps.app.log.info({ users: mailed.length }, 'notification digests mailed');
    await queueNext(deps.now().getTime() + 1);
  });
  await queueNext(deps.now().getTime());
}
