// Issue 12's benchmark data, beside the contacts: a contact with 10,000 timeline items (calls,
// emails, tasks, notes and meetings), a user with 50,000 tasks, a team of 20 with 5,000 events
// (some repeating), and 200 users to hold WebSocket connections. Made in SQL like generate.ts
// (INSERT … SELECT FROM generate_series, deterministic); titles, search_text and the events' series
// ends are recomputed on a sample by the records path's own functions (checkConsistency).
import type { Db } from '../server/src/db/database.ts';
import { sql } from '../server/src/db/sql.ts';
import { roleId, startSession } from '../server/src/platform/auth/auth.service.ts';
import { ensureUsers, idFrom } from './generate.ts';

export const activitiesVersion = '1';

/** How much of each: the contact's timeline adds up to 10,000 items. */
export const activitySizes = {
  timelineCalls: 2_500,
  timelineEmails: 2_000,
  timelineTasks: 2_000,
  timelineNotes: 1_500,
  /** Of the team's events: half about the contact, half with it as an attendee. */
  timelineEvents: 2_000,
  otherCalls: 20_000,
  otherEmails: 10_000,
  myTasks: 50_000,
  otherTasks: 10_000,
  events: 5_000,
  listeners: 200,
} as const;
export const timelineItems =
  activitySizes.timelineCalls +
  activitySizes.timelineEmails +
  activitySizes.timelineTasks +
  activitySizes.timelineNotes +
  activitySizes.timelineEvents;

/** What the scenarios need to know about the data: found again from bench_meta on a reused database. */
export interface ActivityData {
  /** The contact with the long timeline (owned by `me`). */
  contactId: string;
  /** owner01: a sales rep with 50,000 tasks, in the team of the 20 owners. */
  me: string;
  team: string[];
  /** Monday 00:00 Europe/Berlin of the week the week view shows. */
  weekStart: string;
  listeners: string[];
}

const expectedCounts = {
  calls: activitySizes.timelineCalls + activitySizes.otherCalls,
  logged_emails: activitySizes.timelineEmails + activitySizes.otherEmails,
  tasks: activitySizes.timelineTasks + activitySizes.myTasks + activitySizes.otherTasks,
  notes: activitySizes.timelineNotes,
  calendar_events: activitySizes.events,
};

const teamId = '0190a000-0000-7000-8000-00000000be9c';
const listenerEmail = (i: number) => `listener${String(i).padStart(3, '0')}@bench.example`;

async function countsMatch(db: Db): Promise<boolean> {
  for (const [table, n] of Object.entries(expectedCounts)) {
    const [r] = await db.queryText<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    if (r.n !== n) return false;
  }
  return true;
}

async function meta(db: Db): Promise<Record<string, string>> {
  const rows = await db.queryText<{ key: string; value: string }>('SELECT key, value FROM bench_meta');
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** The team of the 20 owners and the 200 listeners: made once, found again. */
async function ensureActivityUsers(db: Db, ownerIds: string[]): Promise<string[]> {
  await db.query(sql`INSERT INTO teams (id, name, manager_id) VALUES (${teamId}::uuid, 'Bench team', ${ownerIds[0]}::uuid)
    ON CONFLICT DO NOTHING`);
  await db.query(sql`INSERT INTO team_members (team_id, user_id) SELECT ${teamId}::uuid, x FROM unnest(${ownerIds}::uuid[]) x
    ON CONFLICT DO NOTHING`);
  const rep = await roleId(db, 'sales_rep');
  const emails = Array.from({ length: activitySizes.listeners }, (_, i) => listenerEmail(i + 1));
  await db.queryText(
    `INSERT INTO users (id, email, name, role_id)
    SELECT ${idFrom("timestamptz '2026-01-01'", 'listener', 'x.n')}, x.email, 'Listener ' || x.n, $2::uuid
    FROM unnest($1::text[]) WITH ORDINALITY x(email, n) ON CONFLICT DO NOTHING`,
    [emails, rep],
  );
  const rows = await db.query<{ id: string }>(
    sql`SELECT id FROM users WHERE email = ANY(${emails}::text[]) AND is_active ORDER BY email`,
  );
  return rows.map((r) => r.id);
}

/**
 * The activity data, made when bench_meta has none of this version or the tables' counts differ
 * (an interrupted run); else found again. Runs after the contacts exist.
 */
export async function ensureActivities(
  db: Db,
  log: (m: string) => void,
): Promise<ActivityData & { generatedSeconds: number | null }> {
  const { ownerIds } = await ensureUsers(db);
  const listeners = await ensureActivityUsers(db, ownerIds);
  const m = await meta(db);
  if (m.activities_version === activitiesVersion && m.activities_done === 'true' && (await countsMatch(db))) {
    log(
      `reusing the activity data (${timelineItems.toLocaleString('en')} timeline items, ${activitySizes.myTasks.toLocaleString('en')} tasks of one user, ${activitySizes.events.toLocaleString('en')} events)`,
    );
    for (const t of Object.keys(expectedCounts)) await db.exec(`VACUUM ANALYZE ${t}`);
    await db.exec('VACUUM ANALYZE event_attendees');
    return {
      contactId: m.timeline_contact,
      me: ownerIds[0],
      team: ownerIds,
      weekStart: m.week_start,
      listeners,
      generatedSeconds: null,
    };
  }
  const t0 = Date.now();
  log('generating the activity data…');
  const data = await generateActivities(db, ownerIds, log);
  const generatedSeconds = (Date.now() - t0) / 1000;
  log(`  activity data generated in ${generatedSeconds.toFixed(1)} s`);
  return { ...data, listeners, generatedSeconds };
}

async function generateActivities(db: Db, ownerIds: string[], log: (m: string) => void) {
  const t0 = Date.now();
  const step = (what: string) => log(`  ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await db.exec(`DELETE FROM bench_meta WHERE key LIKE 'activities_%' OR key IN ('timeline_contact', 'week_start')`);
  await db.exec(
    'TRUNCATE calls, logged_emails, tasks, notes, calendar_events, event_attendees, event_reminders_sent, notifications CASCADE',
  );
  await db.exec('SELECT setseed(0.12)');
  const [admin] = await db.queryText<{ id: string }>(`SELECT id FROM users WHERE email = 'bench-admin@bench.example'`);
  const me = ownerIds[0];
  const [c] = await db.queryText<{ id: string }>(
    'SELECT id FROM contacts WHERE owner_id = $1 AND deleted_at IS NULL ORDER BY id LIMIT 1',
    [me],
  );
  const contactId = c.id;
  const [w] = await db.queryText<{ at: Date }>(
    `SELECT date_trunc('week', now() AT TIME ZONE 'Europe/Berlin') AT TIME ZONE 'Europe/Berlin' AS at`,
  );
  const weekStart = new Date(w.at).toISOString();
  // Other contacts to hang the rest on, numbered.
  await db.exec('DROP TABLE IF EXISTS bench_contact_ids');
  await db.queryText(
    'CREATE TABLE bench_contact_ids AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM (SELECT id FROM contacts WHERE id <> $1 ORDER BY id LIMIT 100000) x',
    [contactId],
  );
  await db.exec('CREATE UNIQUE INDEX ON bench_contact_ids (n)');
  const [{ n: others }] = await db.queryText<{ n: number }>('SELECT count(*)::int AS n FROM bench_contact_ids');
  const owner = (expr: string) => `($1::uuid[])[1 + ((${expr})::bigint % array_length($1::uuid[], 1))::int]`;
  const past = (days: number) => `now() - random() * interval '${days} days'`;

  // Calls: the contact's (a fifth also about it: it shows once), then everyone else's.
  const callSubjects = ['Intro call', 'Follow-up', 'Pricing question', 'Renewal', 'Support escalation', 'Demo recap'];
  const outcomes = ['connected', 'leftVoicemail', 'noAnswer', 'busy', 'connected', 'connected'];
  const insertCalls = (from: number, to: number, contact: string) =>
    db.queryText(
      `INSERT INTO calls (id, title, search_text, subject, direction, outcome, occurred_at, duration_minutes, contact_id,
        about_object, about_id, notes, owner_id, created_by, created_at, updated_at)
      SELECT ${idFrom('s.at', 'call', 's.g')}, s.subject, left(lower(concat_ws(' ', s.subject, s.notes)), 10000), s.subject,
        CASE WHEN s.g % 3 = 0 THEN 'inbound' ELSE 'outbound' END, ($3::text[])[1 + s.g % 6], s.at, (s.g * 7) % 90,
        s.contact_id, CASE WHEN s.about THEN 'contact' END, CASE WHEN s.about THEN s.contact_id END, s.notes,
        ${owner('s.g * 13')}, $4::uuid, s.at, s.at
      FROM (SELECT g, ${past(1095)} AS at, ($2::text[])[1 + g % 6] || ' #' || g AS subject,
              CASE WHEN g % 4 = 0 THEN 'Talked about the next steps, call ' || g END AS notes,
              ${contact} AS contact_id, ${contact === '$5::uuid' ? 'g % 5 = 0' : 'false'} AS about
            FROM generate_series($6::int, $7::int) g) s`,
      [ownerIds, callSubjects, outcomes, admin.id, contactId, from, to],
    );
  await insertCalls(1, activitySizes.timelineCalls, '$5::uuid');
  await insertCalls(
    activitySizes.timelineCalls + 1,
    activitySizes.timelineCalls + activitySizes.otherCalls,
    `(SELECT b.id FROM bench_contact_ids b WHERE b.n = 1 + (g::bigint * 7919 % ${others})::int AND b.id <> $5::uuid)`,
  );
  step(`calls: ${expectedCounts.calls.toLocaleString('en')}`);

  // Logged emails: search_text as computeSearchText builds it (subject, from and its parts, to, body).
  const insertEmails = (from: number, to: number, contact: string) =>
    db.queryText(
      `INSERT INTO logged_emails (id, title, search_text, subject, direction, occurred_at, "from", "to", contact_id, body,
        owner_id, created_by, created_at, updated_at)
      SELECT ${idFrom('s.at', 'mail', 's.g')}, s.subject,
        left(lower(concat_ws(' ', s.subject, s.sender, translate(split_part(s.sender, '@', 1), '._-', '   '), split_part(s.sender, '@', 2),
          array_to_string(s.rcpt, ' '), s.body)), 10000),
        s.subject, CASE WHEN s.g % 2 = 0 THEN 'sent' ELSE 'received' END, s.at, s.sender, s.rcpt, s.contact_id, s.body,
        ${owner('s.g * 17')}, $2::uuid, s.at, s.at
      FROM (SELECT g, ${past(1095)} AS at, 'Re: proposal ' || g AS subject, 'rep.' || (g % 20) || '@kith.example' AS sender,
              ARRAY['customer' || (g % 50) || '@customer.example'] AS rcpt, 'Thanks for your message ' || g AS body,
              ${contact} AS contact_id
            FROM generate_series($4::int, $5::int) g) s`,
      [ownerIds, admin.id, contactId, from, to],
    );
  await insertEmails(1, activitySizes.timelineEmails, '$3::uuid');
  await insertEmails(
    activitySizes.timelineEmails + 1,
    activitySizes.timelineEmails + activitySizes.otherEmails,
    `(SELECT b.id FROM bench_contact_ids b WHERE b.n = 1 + (g::bigint * 104729 % ${others})::int AND b.id <> $3::uuid)`,
  );
  step(`emails: ${expectedCounts.logged_emails.toLocaleString('en')}`);

  // Tasks: 50,000 assigned to `me` (40 % open: to do, in progress, waiting), the contact's 2,000
  // (assigned to the other owners), and 10,000 of the other owners.
  const insertTasks = (from: number, to: number, assignee: string, about: string) =>
    db.queryText(
      `INSERT INTO tasks (id, title, search_text, subject, status, priority, due_at, about_object, about_id, description,
        completed_at, assignee_id, created_by, created_at, updated_at)
      SELECT ${idFrom('s.at', 'task', 's.g')}, s.subject, left(lower(concat_ws(' ', s.subject, s.description)), 10000), s.subject,
        s.status, ($3::text[])[1 + s.g % 4], s.due, CASE WHEN s.about_id IS NOT NULL THEN 'contact' END, s.about_id, s.description,
        CASE WHEN s.status = 'done' THEN s.at + interval '3 days' END, s.assignee, $2::uuid, s.at, s.at
      FROM (SELECT g, x.at, 'Task ' || g || ': ' || ($4::text[])[1 + g % 5] AS subject,
              CASE WHEN g % 3 = 0 THEN 'Details of task ' || g END AS description,
              CASE WHEN x.r < 0.25 THEN 'todo' WHEN x.r < 0.35 THEN 'inProgress' WHEN x.r < 0.40 THEN 'waiting'
                   WHEN x.r < 0.90 THEN 'done' ELSE 'cancelled' END AS status,
              CASE WHEN g % 20 <> 0 THEN date_trunc('hour', x.at + (x.r2 * 400 - 30) * interval '1 day') END AS due,
              ${assignee} AS assignee, ${about} AS about_id
            FROM (SELECT g, ${past(1095)} AS at, random() AS r, random() AS r2 FROM generate_series($5::int, $6::int) g) x) s`,
      [
        ownerIds,
        admin.id,
        ['low', 'normal', 'high', 'urgent'],
        ['call back', 'send quote', 'prepare demo', 'check contract', 'book meeting'],
        from,
        to,
      ],
    );
  const mine = activitySizes.myTasks;
  const onTimeline = mine + activitySizes.timelineTasks;
  await insertTasks(
    1,
    mine,
    '($1::uuid[])[1]',
    `CASE WHEN g % 3 = 0 THEN (SELECT b.id FROM bench_contact_ids b WHERE b.n = 1 + (g::bigint * 7919 % ${others})::int) END`,
  );
  await insertTasks(mine + 1, onTimeline, owner('1 + g % 19'), `'${contactId}'::uuid`);
  await insertTasks(onTimeline + 1, onTimeline + activitySizes.otherTasks, owner('1 + g % 19'), 'NULL::uuid');
  step(`tasks: ${expectedCounts.tasks.toLocaleString('en')}`);

  // Notes on the contact.
  await db.queryText(
    `INSERT INTO notes (id, object_type, record_id, body, author_id, created_at, updated_at)
    SELECT ${idFrom('s.at', 'note', 's.g')}, 'contact', $2::uuid, '<p>Note ' || s.g || ': spoke about the renewal.</p>',
      ${owner('s.g * 7')}, s.at, s.at
    FROM (SELECT g, ${past(1095)} AS at FROM generate_series(1, $3::int) g) s`,
    [ownerIds, contactId, activitySizes.timelineNotes],
  );
  step(`notes: ${expectedCounts.notes.toLocaleString('en')}`);

  // Events: the team's 5,000 over the 52 weeks around the measured week, 08:00–17:00 Berlin time on
  // weekdays; the contact's 2,000 in the past 26 weeks (half about it, half with it attending);
  // one in 20 of the others repeats (weekly a few times, weekly or every weekday without end).
  await db.exec('DROP TABLE IF EXISTS bench_events');
  await db.queryText(
    `CREATE TABLE bench_events AS
    SELECT g AS n, ${idFrom('x.starts_at', 'event', 'x.g')} AS id, x.starts_at, x.starts_at + x.minutes * interval '1 minute' AS ends_at,
      x.minutes, x.rule, x.count, ($1::uuid[])[1 + (g * 7 % 20)] AS organizer_id
    FROM (SELECT g, ((($2::timestamptz AT TIME ZONE 'Europe/Berlin') + (d.day / 5 * 7 + d.day % 5 - 182) * interval '1 day'
                 + (8 + (g * 13) % 10) * interval '1 hour' + CASE WHEN g % 2 = 0 THEN interval '30 minutes' ELSE interval '0' END)
                 AT TIME ZONE 'Europe/Berlin') AS starts_at,
            (ARRAY[30, 60, 60, 90])[1 + g % 4] AS minutes,
            CASE WHEN g > $4::int AND g % 20 = 3 THEN
              CASE WHEN g % 60 = 3 THEN 'FREQ=WEEKLY;COUNT=' || (10 + g % 21) WHEN g % 60 = 23 THEN 'FREQ=WEEKLY'
                   ELSE 'FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR' END END AS rule,
            CASE WHEN g > $4::int AND g % 60 = 3 THEN 10 + g % 21 END AS count
          FROM generate_series(1, $3::int) g
          CROSS JOIN LATERAL (SELECT CASE WHEN g <= $4::int THEN g * 7919 % 130 ELSE g * 7919 % 260 END AS day) d) x`,
    [ownerIds, weekStart, activitySizes.events, activitySizes.timelineEvents],
  );
  await db.queryText(
    `INSERT INTO calendar_events (id, title, search_text, subject, starts_at, ends_at, all_day, time_zone, location, description,
      about_object, about_id, status, recurrence, organizer_id, sequence, series_ends_at, created_by, created_at, updated_at)
    SELECT b.id, b.subject, left(lower(concat_ws(' ', b.subject, b.location, b.description)), 10000), b.subject, b.starts_at, b.ends_at,
      false, 'Europe/Berlin', b.location, b.description, CASE WHEN b.about THEN 'contact' END, CASE WHEN b.about THEN $1::uuid END,
      CASE WHEN b.n % 33 = 0 THEN 'cancelled' WHEN b.n % 20 = 1 THEN 'tentative' ELSE 'confirmed' END, b.rule, b.organizer_id, 0,
      CASE WHEN b.rule IS NULL THEN b.ends_at
           WHEN b.count IS NOT NULL THEN ((b.starts_at AT TIME ZONE 'Europe/Berlin') + (b.count - 1) * interval '7 days'
             + b.minutes * interval '1 minute') AT TIME ZONE 'Europe/Berlin' END,
      $2::uuid, b.starts_at - interval '14 days', b.starts_at - interval '14 days'
    FROM (SELECT e.*, CASE WHEN e.rule IS NOT NULL THEN 'Weekly sync ' || e.n ELSE 'Meeting ' || e.n END AS subject,
            CASE WHEN e.n % 3 = 0 THEN 'Room ' || (e.n % 7) END AS location,
            CASE WHEN e.n % 4 = 0 THEN 'Agenda for meeting ' || e.n END AS description,
            e.n <= $3::int AND e.n % 2 = 1 AS about
          FROM bench_events e) b`,
    [contactId, admin.id, activitySizes.timelineEvents],
  );
  // Attendees: the contact on the other half of its events; one to three colleagues on every other event.
  await db.queryText(
    `INSERT INTO event_attendees (id, event_id, user_id, contact_id, response)
    SELECT ${idFrom('b.starts_at', 'att-c', 'b.n')}, b.id, NULL, $1::uuid, 'needsAction'
    FROM bench_events b WHERE b.n <= $2::int AND b.n % 2 = 0`,
    [contactId, activitySizes.timelineEvents],
  );
  await db.queryText(
    `INSERT INTO event_attendees (id, event_id, user_id, contact_id, response)
    SELECT ${idFrom('b.starts_at', 'att-u', '(b.n * 10 + k)')}, b.id, ($1::uuid[])[1 + ((b.n * 7 + k * 3) % 20)], NULL,
      (ARRAY['needsAction', 'accepted', 'accepted', 'declined', 'tentative'])[1 + (b.n + k) % 5]
    FROM bench_events b CROSS JOIN generate_series(1, 1 + b.n % 3) k WHERE b.n % 2 = 0`,
    [ownerIds],
  );
  step(`events: ${expectedCounts.calendar_events.toLocaleString('en')}, with their attendees`);
  await db.exec('DROP TABLE bench_events');
  await db.exec('DROP TABLE bench_contact_ids');
  for (const t of Object.keys(expectedCounts)) await db.exec(`VACUUM ANALYZE ${t}`);
  await db.exec('VACUUM ANALYZE event_attendees');
  await db.query(sql`INSERT INTO bench_meta (key, value) VALUES ('activities_version', ${activitiesVersion}),
    ('timeline_contact', ${contactId}), ('week_start', ${weekStart}), ('activities_done', 'true')`);
  return { contactId, me, team: ownerIds, weekStart };
}

/** A session for each of these users, made straight in the database (the bench signs in only its admin). */
export async function sessionsFor(db: Db, userIds: string[]): Promise<Map<string, { token: string; csrf: string }>> {
  const out = new Map<string, { token: string; csrf: string }>();
  for (const id of userIds) {
    const s = await startSession(db, id, { now: new Date(), userAgent: 'kith-bench' });
    out.set(id, { token: s.token, csrf: s.csrfToken });
  }
  return out;
}

/** What the notify scenario wrote: its meetings (their attendees with them), notifications and mail. */
export async function removeActivityRunRows(db: Db): Promise<void> {
  await db.exec(`DELETE FROM outbox WHERE subject LIKE '%Bench notify round%'`);
  await db.exec(`DELETE FROM notifications WHERE title LIKE '%Bench notify round%'`);
  await db.exec(`DELETE FROM calendar_events WHERE subject LIKE 'Bench notify round%'`);
}

export interface NotifyMeasured {
  rounds: number;
  sockets: number;
  /** From the commit to the last socket's message, per round (ms). */
  commitToLast: { p50: number; p99: number; max: number };
  /** From sending the booking to the last socket's message (the write's transaction included). */
  requestToLast: { p50: number; p99: number; max: number };
  /** The booking request alone (200 attendees checked, invited, mailed and notified in one transaction). */
  request: { p50: number; p99: number; max: number };
  /** Messages that never came (within 10 s), over all rounds. */
  missed: number;
  /** How the commit was dated: the bench's own LISTEN on PostgreSQL, else the first message or the answer. */
  commitMark: string;
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
  return { p50: +at(50).toFixed(1), p99: +at(99).toFixed(1), max: +(s.at(-1) ?? Number.NaN).toFixed(1) };
};

/**
 * A notification to 200 connected users: each listener holds a WebSocket on /api/v1/realtime (its
 * own session), and the bench admin books a meeting with the 200 of them through
 * POST /api/v1/calendar/bookings, the path whose invitations call notify() for all attendees in
 * the write's transaction. notify() announces each row with pg_notify, which PostgreSQL delivers
 * on commit; the bench LISTENs on the same channel, so the first of its 200 payloads dates the
 * commit. Each round waits for the last socket's `{type: 'notification'}` message.
 */
export async function measureNotify(opts: {
  base: string;
  admin: { headers: Record<string, string> };
  listeners: Array<{ userId: string; token: string }>;
  rounds: number;
  /** PostgreSQL URL of the bench database, for the LISTEN that dates the commit; none when embedded. */
  pgUrl: string | null;
  log: (m: string) => void;
}): Promise<NotifyMeasured> {
  const { default: pg } = await import('pg');
  const wsUrl = `${opts.base.replace(/^http/, 'ws')}/api/v1/realtime`;
  let round = -1;
  let arrived = new Map<number, number>(); // socket index → time of its message in this round
  // Arrival of every pg_notify payload on the bench's LISTEN, in order: round r's are 200·r onwards.
  const payloads: number[] = [];
  const sockets = await Promise.all(
    opts.listeners.map(
      (l, i) =>
        new Promise<WebSocket>((resolve, reject) => {
          // Node's WebSocket (undici) takes headers: the session cookie, as a browser sends it.
          const ws = new WebSocket(wsUrl, {
            headers: { cookie: `kith_session=${encodeURIComponent(l.token)}` },
          } as unknown as string[]);
          const timer = setTimeout(() => reject(new Error(`socket ${i} did not say hello within 15 s`)), 15_000);
          ws.onmessage = (ev) => {
            const msg = JSON.parse(String(ev.data)) as { type: string };
            if (msg.type === 'hello') {
              clearTimeout(timer);
              resolve(ws);
            } else if (msg.type === 'notification' && round >= 0 && !arrived.has(i)) arrived.set(i, performance.now());
          };
          ws.onclose = (ev) => {
            clearTimeout(timer);
            reject(new Error(`socket ${i} closed: ${ev.code} ${ev.reason}`));
          };
        }),
    ),
  );
  opts.log(`  ${sockets.length} sockets connected, one per user`);
  let listener: InstanceType<typeof pg.Client> | null = null;
  if (opts.pgUrl) {
    listener = new pg.Client({ connectionString: opts.pgUrl });
    await listener.connect();
    listener.on('notification', () => {
      payloads.push(performance.now());
    });
    await listener.query('LISTEN kith_notifications');
  }
  const commitToLast: number[] = [];
  const requestToLast: number[] = [];
  const request: number[] = [];
  let missed = 0;
  // A warm-up round first (round 0), not counted.
  for (let r = 0; r <= opts.rounds; r++) {
    arrived = new Map();
    round = r;
    const starts = new Date(Date.UTC(2030, 0, 1 + r, 9));
    const t0 = performance.now();
    const res = await fetch(`${opts.base}/api/v1/calendar/bookings`, {
      method: 'POST',
      headers: { ...opts.admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        event: {
          subject: `Bench notify round ${r} (${process.pid})`,
          startsAt: starts.toISOString(),
          endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
          timeZone: 'Europe/Berlin',
        },
        attendees: opts.listeners.map((l) => ({ userId: l.userId })),
      }),
    });
    const tResponse = performance.now();
    if (res.status !== 201) throw new Error(`booking answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer();
    const deadline = performance.now() + 10_000;
    while (arrived.size < sockets.length && performance.now() < deadline) await new Promise((ok) => setTimeout(ok, 2));
    const times = [...arrived.values()];
    const last = Math.max(...times);
    // This round's payloads (the next round must not take a straggler for its commit).
    while (opts.pgUrl && payloads.length < sockets.length * (r + 1) && performance.now() < deadline)
      await new Promise((ok) => setTimeout(ok, 2));
    // The commit is no later than any sign of it: the first payload, the first message, the answer.
    // (The bench's own event loop may see a payload after a socket's message.)
    const firstPayload = payloads[sockets.length * r] ?? Number.POSITIVE_INFINITY;
    const commit = Math.min(firstPayload, tResponse, ...times);
    if (r === 0) continue;
    missed += sockets.length - arrived.size;
    commitToLast.push(last - commit);
    requestToLast.push(last - t0);
    request.push(tResponse - t0);
    opts.log(
      `  round ${r}: ${arrived.size}/${sockets.length} sockets told, commit → last ${(last - commit).toFixed(1)} ms, request → last ${(last - t0).toFixed(0)} ms (booking answered in ${(tResponse - t0).toFixed(0)} ms)`,
    );
  }
  round = -1;
  for (const ws of sockets) {
    ws.onclose = null;
    ws.close();
  }
  await listener?.end();
  return {
    rounds: opts.rounds,
    sockets: sockets.length,
    commitToLast: stats(commitToLast),
    requestToLast: stats(requestToLast),
    request: stats(request),
    missed,
    commitMark: opts.pgUrl
      ? 'the first of the round’s pg_notify payloads on a LISTEN of the bench, the first socket message or the answer, whichever came first'
      : 'the first socket message or the answer, whichever came first',
  };
}
