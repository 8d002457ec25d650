// The demo team's history: calls, logged emails, meetings and tasks over the 18 months before
// `now` and the two weeks after it, made by each user mostly on the accounts they own, denser as
// it gets recent, on weekdays in their working hours and time zone. Pure generation here (the
// same random source gives the same history, ids included); demo-data.ts writes it.
//
// Work comes in episodes: a stretch of contact with one person — an intro call that goes to
// voicemail, an email, their reply, a demo, a follow-up task — chosen by their lifecycle stage
// and the user's role. Then each user's present: open tasks (a few overdue, some due today, most
// upcoming) and meetings booked this week and next; and the teams' weekly internal meetings.
import { DateTime } from 'luxon';
import type { Values } from '../platform/records/record-mapper.ts';
import { occurrencesBetween } from '../platform/recurrence/recurrence.ts';
import {
  busyNotes,
  internalMeetings,
  meetingLocations,
  noAnswerNotes,
  type Scenario,
  scenarioWords,
  voicemailNotes,
  wrongNumberNotes,
} from './demo-activity-vocabulary.ts';
import { competitors, events as eventNames, issues, products, weekdays } from './demo-vocabulary.ts';
import type { Rng } from './random.ts';

export interface ActivityContact {
  id: string;
  ownerId: string | null;
  createdAt: number;
  first: string;
  last: string | null;
  email: string | null;
  hasPhone: boolean;
  doNotContact: boolean;
  stage: string | null;
  companyId: string | null;
}

export interface ActivityCompany {
  id: string;
  name: string;
  ownerId: string | null;
  createdAt: number;
  city: string;
}

export interface ActivityActor {
  id: string;
  name: string;
  email: string;
  /** A role key, or 'admin' for the person who set Kith up. */
  role: string;
  timeZone: string;
  team: string | null;
  manager: boolean;
}

/** A record to write: its values as the API takes them, and the moment the write path's clock shows. */
export interface ActivityRow {
  id: string;
  values: Values;
  createdAt: number;
  updatedAt: number;
  createdBy: string;
  /** What ctx.now() is for the hooks: when a done task was completed, else when it was written. */
  clock: number;
}

export interface ActivityAttendee {
  id: string;
  eventId: string;
  userId: string | null;
  contactId: string | null;
  response: 'needsAction' | 'accepted' | 'declined' | 'tentative';
  respondedAt: number | null;
}

export interface DemoActivity {
  calls: ActivityRow[];
  emails: ActivityRow[];
  events: ActivityRow[];
  attendees: ActivityAttendee[];
  tasks: ActivityRow[];
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** How busy each role is with customers: episodes a weekday at the recent end, share on own accounts. */
/** How busy each role is with customers, a weekday at the recent end: episodes started, calls made
 * besides them (a rep's call block, the support line), share on own accounts, meetings ahead. */
const profiles: Record<string, { episodes: number; calls: number; own: number; upcoming: number }> = {
  sales_manager: { episodes: 0.8, calls: 1.2, own: 0.85, upcoming: 0.5 },
  sales_rep: { episodes: 1.5, calls: 3, own: 0.9, upcoming: 0.7 },
  support_agent: { episodes: 2, calls: 2, own: 0.3, upcoming: 0.45 },
  marketing: { episodes: 0.4, calls: 0, own: 0.5, upcoming: 0.15 },
  admin: { episodes: 0.3, calls: 0.3, own: 1, upcoming: 0.3 },
};

const stageWeight: Record<string, number> = { customer: 5, prospect: 5, lead: 3, churned: 1, subscriber: 0.3 };

type Step =
  | 'callCold' // an outbound call nobody expects: mostly no answer or voicemail
  | 'callOut' // an arranged or follow-up call: mostly connected
  | 'callIn'
  | 'emailOut' // the user starts a thread
  | 'emailReply' // the contact answers it
  | 'emailIn' // the contact starts one
  | 'emailAnswer' // the user answers it
  | 'meeting'
  | 'task';

function plan(rng: Rng, scenario: Scenario): Step[] {
  const s: Step[] = [];
  const maybe = (p: number, ...steps: Step[]) => {
    if (rng.chance(p)) s.push(...steps);
    return s.length;
  };
  switch (scenario) {
    case 'outreach':
      s.push('callCold');
      maybe(0.4, 'callCold');
      s.push('emailOut');
      if (rng.chance(0.55)) {
        s.push('emailReply');
        s.push(rng.chance(0.5) ? 'meeting' : 'callOut');
      }
      maybe(0.7, 'task');
      break;
    case 'evaluation':
      if (rng.chance(0.25)) s.push('emailIn', 'emailAnswer');
      s.push(rng.chance(0.5) ? 'meeting' : 'callOut', 'emailOut');
      maybe(0.65, 'emailReply');
      maybe(0.4, 'callOut');
      maybe(0.7, 'task');
      break;
    case 'account':
      if (rng.chance(0.55)) {
        s.push('emailOut');
        maybe(0.6, 'emailReply');
      } else s.push('emailIn', 'emailAnswer');
      maybe(0.5, 'callOut');
      maybe(0.25, 'meeting');
      maybe(0.45, 'task');
      break;
    case 'support':
      s.push(rng.chance(0.6) ? 'emailIn' : 'callIn');
      s.push(rng.chance(0.6) ? 'emailAnswer' : 'callOut');
      if (rng.chance(0.5)) {
        s.push('emailOut');
        maybe(0.5, 'emailReply');
      }
      maybe(0.15, 'meeting');
      maybe(0.6, 'task');
      break;
    case 'winback':
      s.push('callCold', 'emailOut');
      maybe(0.3, 'emailReply');
      maybe(0.2, 'meeting');
      maybe(0.4, 'task');
      break;
    case 'nurture':
      s.push('emailOut');
      maybe(0.25, 'emailReply');
      maybe(0.1, 'callOut');
      maybe(0.15, 'task');
      break;
  }
  return s;
}

/**
 * What work with a contact is about at `at`: their stage today is where their story ended, so
 * early on a customer was still being won (outreach, then evaluation) and a churned one a customer.
 */
function scenarioFor(rng: Rng, actor: ActivityActor, c: ActivityContact, at: number, now: number): Scenario | null {
  if (actor.role === 'marketing') return 'nurture';
  const life = (at - c.createdAt) / Math.max(1, now - c.createdAt);
  if (actor.role === 'support_agent') {
    // Support is for customers: not before they were won, not after they left.
    const customer = c.stage === 'customer' ? life >= 0.35 : c.stage === 'churned' && life >= 0.3 && life < 0.75;
    if (!customer) return null;
    return rng.chance(0.25) ? 'account' : 'support';
  }
  const won = () => (rng.chance(0.85) ? 'account' : 'support');
  switch (c.stage) {
    case 'prospect':
      return life < 0.35 ? 'outreach' : 'evaluation';
    case 'customer':
      return life < 0.15 ? 'outreach' : life < 0.35 ? 'evaluation' : won();
    case 'churned':
      return life < 0.15 ? 'outreach' : life < 0.3 ? 'evaluation' : life < 0.75 ? won() : 'winback';
    default:
      return 'outreach';
  }
}

const outcomes = {
  callCold: [
    ['noAnswer', 40],
    ['leftVoicemail', 30],
    ['connected', 22],
    ['busy', 6],
    ['wrongNumber', 2],
  ],
  callOut: [
    ['connected', 65],
    ['leftVoicemail', 15],
    ['noAnswer', 15],
    ['busy', 5],
  ],
  callIn: [
    ['connected', 92],
    ['noAnswer', 8],
  ],
} as const;

const priorities = [
  ['low', 20],
  ['normal', 55],
  ['high', 20],
  ['urgent', 5],
] as const;

/** A weekday's working hours: busier mornings and mid-afternoons, a lunch dip. */
const hourWeights = [
  [9, 3],
  [10, 4],
  [11, 4],
  [12, 1],
  [13, 2],
  [14, 4],
  [15, 4],
  [16, 3],
  [17, 1],
] as const;

// Local days as numbers (days since 1970-01-01 of the date in the user's zone), with a cached
// offset per zone and day: luxon for every step of thousands of episodes would be the slowest
// part of the seed.

/** A calendar day in some zone: the number of days from 1970-01-01 to its date. */
type Day = number;

const offsets = new Map<string, number>();

/** The instant of a wall-clock time on a local day (the day's offset at noon: right for working hours across DST). */
function wall(zone: string, d: Day, h: number, m = 0, s = 0): number {
  const k = `${zone}:${d}`;
  let off = offsets.get(k);
  if (off === undefined) {
    const noon = new Date(d * day);
    off = DateTime.fromObject(
      { year: noon.getUTCFullYear(), month: noon.getUTCMonth() + 1, day: noon.getUTCDate(), hour: 12 },
      { zone },
    ).offset;
    offsets.set(k, off);
  }
  return d * day + h * hour + m * minute + s * 1000 - off * minute;
}

/** The local day of an instant in a zone. */
function dayOf(ms: number, zone: string): Day {
  const w = DateTime.fromMillis(ms, { zone });
  return Math.round(Date.UTC(w.year, w.month - 1, w.day) / day);
}

/** 1 = Monday … 7 = Sunday. */
const weekdayOf = (d: Day) => ((new Date(d * day).getUTCDay() + 6) % 7) + 1;
const isWeekday = (d: Day) => weekdayOf(d) <= 5;

/** The n-th working day after `d` (n ≥ 0; 0 is d itself, moved to Monday when d is a weekend). */
function addWorkdays(d: Day, n: number): Day {
  let out = d;
  while (!isWeekday(out)) out++;
  for (let k = 0; k < n; ) {
    out++;
    if (isWeekday(out)) k++;
  }
  return out;
}

/**
 * A moment in working hours on the weekday of `at` in `zone` (the weekday before, at a weekend),
 * or the next ones, within [notBefore, notAfter]: when none is, `at` itself.
 */
export function atWork(rng: Rng, at: number, zone: string, notBefore: number, notAfter: number): number {
  let d = dayOf(at, zone);
  while (!isWeekday(d)) d--;
  // Too early (a record made that weekend or later that day): the next working days.
  for (let tries = 0; tries < 4; tries++, d = addWorkdays(d + 1, 0)) {
    const out = wall(zone, d, rng.weighted(hourWeights), rng.int(0, 59), rng.int(0, 59));
    if (out > notAfter) break;
    if (out >= notBefore) return out;
  }
  return at;
}

/** Quiet seasons: the days around Christmas, and August. */
function season(d: Day): number {
  const date = new Date(d * day);
  const [month, dom] = [date.getUTCMonth() + 1, date.getUTCDate()];
  if ((month === 12 && dom >= 22) || (month === 1 && dom <= 2)) return 0.1;
  if (month === 8) return 0.5;
  return 1;
}

export interface MakeActivityInput {
  rng: Rng;
  now: number;
  /** The history starts here (the demo data's 18 months). */
  from: number;
  actors: ActivityActor[];
  contacts: ActivityContact[];
  companies: ActivityCompany[];
  /** The teams' weekly meetings (false when an earlier seeding made them already). */
  internal?: boolean;
}

export function makeDemoActivity(input: MakeActivityInput): DemoActivity {
  const { rng, now, from, actors, contacts, companies } = input;
  const out: DemoActivity = { calls: [], emails: [], events: [], attendees: [], tasks: [] };
  const companyById = new Map(companies.map((c) => [c.id, c]));
  const peopleAt = new Map<string, ActivityContact[]>();
  for (const c of contacts)
    if (c.companyId && !c.doNotContact) peopleAt.set(c.companyId, [...(peopleAt.get(c.companyId) ?? []), c]);
  const teamOf = (a: ActivityActor) => actors.filter((b) => b.id !== a.id && a.team && b.team === a.team);

  // Meetings must not overlap for anyone who attends them: busy intervals per user and UTC day.
  const busy = new Map<string, Array<[number, number]>>();
  const key = (userId: string, at: number) => `${userId}:${Math.floor(at / day)}`;
  const isFree = (userIds: string[], s: number, e: number) =>
    userIds.every((u) => !(busy.get(key(u, s)) ?? []).some(([bs, be]) => bs < e && s < be));
  const book = (userIds: string[], s: number, e: number) => {
    for (const u of userIds) {
      const k = key(u, s);
      const list = busy.get(k) ?? [];
      list.push([s, e]);
      busy.set(k, list);
    }
  };

  const words = (actor: ActivityActor, c: ActivityContact) => {
    const company = c.companyId ? companyById.get(c.companyId) : undefined;
    const fills: Record<string, string> = {
      first: c.first,
      company: company?.name ?? 'your team',
      me: actor.name.split(' ')[0],
      product: rng.pick(products),
      n: String(rng.pick([5, 8, 10, 12, 15, 20, 25, 40, 50, 80])),
      weekday: rng.pick(weekdays),
      issue: rng.pick(issues),
      competitor:
        competitorOf.get(c.companyId ?? c.id) ??
        (() => {
          const pick = rng.pick(competitors.slice(0, 4));
          competitorOf.set(c.companyId ?? c.id, pick);
          return pick;
        })(),
      event: rng.pick(eventNames),
      city: company?.city ?? '',
    };
    return (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => fills[k] ?? '');
  };

  // An introduction happens once: "Intro call" and first emails only to someone not yet in touch.
  const firstTouch = new Map<string, number>();
  const touch = (c: ActivityContact, at: number) => {
    if ((firstTouch.get(c.id) ?? Number.POSITIVE_INFINITY) > at) firstTouch.set(c.id, at);
  };
  /** Email threads had with each contact, so the next one is about something else. */
  const threadsHad = new Map<string, Set<string>>();
  /**
   * One of `items` for a contact at `at`: no opener once they were in touch, no email thread they
   * already had (while there are others), nothing about their company when they have none.
   */
  const firstOr = <T extends { first?: boolean; subject: string }>(
    c: ActivityContact,
    at: number,
    items: readonly T[],
    thread = false,
  ): T => {
    const known = (firstTouch.get(c.id) ?? Number.POSITIVE_INFINITY) < at;
    const had = threadsHad.get(c.id);
    let fit = items.filter((i) => !(known && i.first) && (c.companyId || !i.subject.includes('{company}')));
    if (thread && had)
      fit = fit.filter((i) => !had.has(i.subject)).length ? fit.filter((i) => !had.has(i.subject)) : fit;
    const chosen = rng.pick(fit.length ? fit : items);
    if (thread) threadsHad.set(c.id, new Set([...(had ?? []), chosen.subject]));
    return chosen;
  };
  /** Their tasks and meetings, those about a company only when they have one. */
  const forThem = <T>(c: ActivityContact, items: readonly T[], text: (i: T) => string): T => {
    const fit = c.companyId ? items : items.filter((i) => !text(i).includes('{company}'));
    return rng.pick(fit.length ? fit : items);
  };
  /** Whom each contact's company uses now: the same competitor every time it comes up. */
  const competitorOf = new Map<string, string>();

  const aboutOf = (c: ActivityContact) =>
    c.companyId ? { object: 'company', id: c.companyId } : { object: 'contact', id: c.id };

  // ---- the records ----

  function call(
    actor: ActivityActor,
    c: ActivityContact,
    at: number,
    kind: 'callCold' | 'callOut' | 'callIn',
    talk: { subject: string; notes: string[] },
    fill: (s: string) => string,
  ): string {
    const outcome = rng.weighted(outcomes[kind]);
    const connected = outcome === 'connected';
    const minutes = connected ? 3 + Math.floor(42 * rng.next() ** 1.8) : outcome === 'leftVoicemail' ? 1 : 0;
    const notes = connected
      ? fill(rng.pick(talk.notes))
      : outcome === 'leftVoicemail'
        ? fill(rng.pick(voicemailNotes))
        : outcome === 'wrongNumber'
          ? fill(rng.pick(wrongNumberNotes))
          : rng.chance(0.4)
            ? rng.pick(outcome === 'busy' ? busyNotes : noAnswerNotes)
            : null;
    const logged = at + (minutes + rng.int(1, 20)) * minute;
    touch(c, at);
    out.calls.push({
      id: rng.uuid(logged),
      values: {
        subject: fill(talk.subject),
        direction: kind === 'callIn' ? 'inbound' : 'outbound',
        outcome,
        occurredAt: new Date(at).toISOString(),
        durationMinutes: minutes,
        contactId: c.id,
        about: aboutOf(c),
        notes,
        ownerId: actor.id,
      },
      createdAt: logged,
      updatedAt: logged,
      createdBy: actor.id,
      clock: logged,
    });
    return connected ? (notes ?? '') : '';
  }

  function email(actor: ActivityActor, c: ActivityContact, at: number, sent: boolean, subject: string, text: string) {
    if (!c.email) return;
    const colleagues = c.companyId ? (peopleAt.get(c.companyId) ?? []).filter((p) => p.id !== c.id && p.email) : [];
    const team = teamOf(actor);
    const cc =
      sent && team.length && rng.chance(0.12)
        ? [rng.pick(team).email]
        : !sent && colleagues.length && rng.chance(0.15)
          ? [rng.pick(colleagues).email as string]
          : [];
    const me = actor.name.split(' ')[0];
    const them = [c.first, c.last].filter(Boolean).join(' ');
    const body = sent
      ? `Hi ${c.first},\n\n${text}\n\n${rng.pick(['Best regards', 'Kind regards', 'Best', 'Thanks'])},\n${actor.name}`
      : `Hi ${me},\n\n${text}\n\n${rng.pick(['Best regards', 'Kind regards', 'Thanks', 'Cheers'])},\n${them}`;
    const logged = at + rng.int(0, 3) * minute;
    touch(c, at);
    out.emails.push({
      id: rng.uuid(logged),
      values: {
        subject,
        direction: sent ? 'sent' : 'received',
        occurredAt: new Date(at).toISOString(),
        from: sent ? actor.email : c.email,
        to: sent ? [c.email] : [actor.email],
        cc,
        contactId: c.id,
        about: aboutOf(c),
        body,
        ownerId: actor.id,
      },
      createdAt: logged,
      updatedAt: logged,
      createdBy: actor.id,
      clock: logged,
    });
  }

  /** A free slot of 30–60 minutes on `d` (local working hours), or null when the day is full. */
  function slot(actor: ActivityActor, d: Day, others: string[], notBefore = 0): [number, number] | null {
    for (let tries = 0; tries < 8; tries++) {
      const minutes = rng.weighted([
        [30, 5],
        [45, 2],
        [60, 4],
      ]);
      const startMin = 9 * 60 + 30 * rng.int(0, (17 * 60 + 30 - minutes - 9 * 60) / 30);
      const s = wall(actor.timeZone, d, Math.floor(startMin / 60), startMin % 60);
      const e = s + minutes * minute;
      if (s < notBefore) continue;
      if (isFree([actor.id, ...others], s, e)) return [s, e];
    }
    return null;
  }

  function meeting(
    actor: ActivityActor,
    c: ActivityContact,
    d: Day,
    meet: { subject: string; description: string },
    fill: (s: string) => string,
    opts: { bookedAt?: number; notBefore?: number } = {},
  ): number | null {
    const team = teamOf(actor);
    const colleague = team.length && rng.chance(0.25) ? rng.pick(team) : null;
    const at = slot(actor, d, colleague ? [colleague.id] : [], opts.notBefore);
    if (!at) return null;
    const [s, e] = at;
    book([actor.id, ...(colleague ? [colleague.id] : [])], s, e);
    const company = c.companyId ? companyById.get(c.companyId) : undefined;
    const others = c.companyId
      ? rng.sample(
          (peopleAt.get(c.companyId) ?? []).filter((p) => p.id !== c.id && p.createdAt < s),
          rng.weighted([
            [0, 5],
            [1, 3],
            [2, 1],
          ]),
        )
      : [];
    const where = rng.pick(meetingLocations);
    const video = where === 'Video call';
    const code = () => Array.from({ length: 3 }, () => String.fromCharCode(97 + rng.int(0, 25))).join('');
    const upcoming = s > now;
    const bookedAt = Math.min(
      now,
      opts.bookedAt ?? Math.max(c.createdAt, s - rng.int(1, 12) * day - rng.int(0, 8) * hour),
    );
    const id = rng.uuid(bookedAt);
    out.events.push({
      id,
      values: {
        subject: fill(meet.subject),
        startsAt: new Date(s).toISOString(),
        endsAt: new Date(e).toISOString(),
        allDay: false,
        timeZone: actor.timeZone,
        location: where === 'At {company}, {city}' && company ? `At ${company.name}, ${company.city}` : where,
        videoUrl: video ? `https://meet.kith-demo.example/${code()}-${code()}${code()}-${code()}` : null,
        description: fill(meet.description),
        about: aboutOf(c),
        status: upcoming ? (rng.chance(0.1) ? 'tentative' : 'confirmed') : rng.chance(0.04) ? 'cancelled' : 'confirmed',
        recurrence: null,
        // No reminders on seeded meetings: a reminder is a job queued by the write path, which the
        // seed does not run (no mail or notification for demo history).
        reminderMinutes: null,
        organizerId: actor.id,
      },
      createdAt: bookedAt,
      updatedAt: bookedAt,
      createdBy: actor.id,
      clock: bookedAt,
    });
    const answer = (): ActivityAttendee['response'] =>
      upcoming
        ? rng.weighted([
            ['needsAction', 50],
            ['accepted', 45],
            ['tentative', 5],
          ])
        : rng.weighted([
            ['accepted', 85],
            ['tentative', 5],
            ['declined', 4],
            ['needsAction', 6],
          ]);
    const attend = (who: { userId: string | null; contactId: string | null }) => {
      const response = answer();
      const respondedAt =
        response === 'needsAction' ? null : Math.min(now, bookedAt + rng.int(5, 60 * 24) * minute, s - minute);
      out.attendees.push({ id: rng.uuid(bookedAt), eventId: id, ...who, response, respondedAt });
    };
    for (const p of [c, ...others]) attend({ userId: null, contactId: p.id });
    if (colleague) attend({ userId: colleague.id, contactId: null });
    return s;
  }

  function task(
    actor: ActivityActor,
    c: ActivityContact,
    createdAt: number,
    dueAt: number,
    subject: string,
    opts: { open?: boolean; description?: string | null } = {},
  ) {
    const open = opts.open ?? dueAt > now;
    let status: string;
    let completed: number | null = null;
    if (open)
      status = rng.weighted([
        ['todo', 70],
        ['inProgress', 20],
        ['waiting', 10],
      ]);
    else if (rng.chance(0.1)) status = 'cancelled';
    else {
      status = 'done';
      // Mostly done by the due date, some a little late; never after now.
      const late = rng.chance(0.2) ? rng.int(1, 3) * day : 0;
      completed = Math.min(now - hour, createdAt + (dueAt - createdAt) * rng.next() ** 0.6 + late);
      completed = Math.max(completed, createdAt + 10 * minute);
    }
    const about = rng.chance(0.7) || !c.companyId ? { object: 'contact', id: c.id } : aboutOf(c);
    const updatedAt = completed ?? (status === 'cancelled' ? Math.min(now - hour, dueAt) : createdAt);
    out.tasks.push({
      id: rng.uuid(createdAt),
      values: {
        subject,
        status,
        priority: rng.weighted(priorities),
        dueAt: new Date(dueAt).toISOString(),
        about,
        description: opts.description ?? null,
        assigneeId: actor.id,
      },
      createdAt,
      updatedAt: Math.max(updatedAt, createdAt),
      createdBy: actor.id,
      clock: completed ?? createdAt,
    });
  }

  /** A due moment on working day `d`: end of the day or a round hour. */
  const dueOn = (zone: string, d: Day) =>
    wall(zone, d, rng.chance(0.4) ? 17 : rng.int(9, 16), rng.chance(0.7) ? 0 : 30);

  /** A moment in working hours some working days before day `d` (and before now). */
  const workedBefore = (zone: string, d: Day, min: number, max: number) => {
    let w = d - rng.int(min, max);
    while (!isWeekday(w)) w--;
    const at = wall(zone, w, rng.weighted(hourWeights), rng.int(0, 59), rng.int(0, 59));
    return Math.min(at, now - rng.int(5, 90) * minute);
  };

  // The weekly internal meetings first: customer meetings are booked around them.
  if (input.internal !== false) internal(out);

  // ---- each user ----
  for (const actor of actors) {
    const profile = profiles[actor.role] ?? profiles.admin;
    const zone = actor.timeZone;
    const mine = contacts.filter(
      (c) =>
        !c.doNotContact &&
        (c.ownerId === actor.id || (c.companyId && companyById.get(c.companyId)?.ownerId === actor.id)),
    );
    const wider = contacts.filter(
      (c) =>
        !c.doNotContact &&
        (actor.role === 'support_agent'
          ? c.stage === 'customer'
          : actor.role === 'marketing'
            ? c.stage === 'lead' || c.stage === 'subscriber'
            : actor.role !== 'admin'),
    );
    const weigh = (list: ActivityContact[]) =>
      picker(
        rng,
        list.map((c) => [c, actor.role === 'marketing' ? 1 : (stageWeight[c.stage ?? ''] ?? 1)] as const),
      );
    const mineW = weigh(mine);
    const widerW = weigh(wider);
    /** Someone this user works with who was already in the CRM at `at`. */
    const pickContact = (at: number): ActivityContact | null => {
      for (let tries = 0; tries < 8; tries++) {
        const pool = mine.length && (rng.chance(profile.own) || !wider.length) ? mineW : widerW;
        const c = pool();
        if (!c) return null;
        if (c.createdAt < at) return c;
      }
      return null;
    };

    const first = dayOf(from, zone);
    const today = dayOf(now, zone);
    const totalDays = Math.max(1, today - first);

    // The past: episodes started on each weekday, more of them as the company grows.
    for (let d = first; d < today; d++) {
      if (!isWeekday(d)) continue;
      const frac = (d - first) / totalDays;
      const busyness = (0.2 + 0.8 * frac ** 1.4) * season(d);
      const times = (rate: number) => Math.floor(rate) + (rng.chance(rate - Math.floor(rate)) ? 1 : 0);
      for (let k = times(profile.episodes * busyness); k > 0; k--) episode(actor, d, pickContact);
      // Calls on their own: a rep's call block (mostly nobody picks up), the support line.
      for (let k = times(profile.calls * busyness); k > 0; k--) {
        const at = wall(zone, d, rng.weighted(hourWeights), rng.int(0, 59), rng.int(0, 59));
        const c = pickContact(at);
        if (!c?.hasPhone) continue;
        const scenario = scenarioFor(rng, actor, c, at, now);
        if (!scenario) continue;
        const talk = firstOr(c, at, scenarioWords[scenario].calls);
        const kind = actor.role === 'support_agent' ? 'callIn' : rng.chance(0.7) ? 'callCold' : 'callOut';
        call(actor, c, at, kind, talk, words(actor, c));
      }
    }

    // The present: open tasks — a few overdue, some due today, most coming up.
    const open = (dueAt: number, createdAt: number) => {
      const c = pickContact(createdAt);
      if (!c) return;
      const fill = words(actor, c);
      const w = scenarioWords[scenarioFor(rng, actor, c, now, now) ?? 'account'];
      task(actor, c, createdAt, dueAt, fill(forThem(c, w.tasks, (x) => x)), { open: true });
    };
    for (let k = rng.int(2, 4); k > 0; k--) {
      let d = today - rng.int(1, 9);
      while (!isWeekday(d)) d--;
      open(Math.min(dueOn(zone, d), now - hour), workedBefore(zone, d, 2, 10));
    }
    for (let k = rng.int(2, 3); k > 0; k--) {
      // Due later today in the user's zone (at the latest just before midnight).
      const end = wall(zone, today, 17);
      const due = end > now + hour ? end : Math.min(now + rng.int(1, 3) * hour, wall(zone, today, 23, 59));
      open(Math.max(due, now + minute), workedBefore(zone, today, 1, 6));
    }
    for (let k = rng.int(6, 10); k > 0; k--)
      open(dueOn(zone, addWorkdays(today, rng.int(1, 15))), workedBefore(zone, today, 0, 7));

    // The present: meetings booked this week and next.
    let booked = 0;
    for (let i = 0; i < 10; i++) {
      const d = addWorkdays(today, i);
      const n = rng.chance(profile.upcoming) ? (rng.chance(0.3) ? 2 : 1) : 0;
      for (let k = 0; k < n || (i === 9 && booked < 2 && k < 2 - booked); k++) {
        const c = pickContact(now - 2 * day);
        if (!c) break;
        const fill = words(actor, c);
        const w = scenarioWords[scenarioFor(rng, actor, c, now, now) ?? 'account'];
        const bookedAt = workedBefore(zone, today, 0, 9);
        if (
          meeting(
            actor,
            c,
            d,
            forThem(c, w.meetings, (m) => m.subject),
            fill,
            { bookedAt, notBefore: now + hour },
          ) !== null
        )
          booked++;
      }
    }
  }

  function episode(actor: ActivityActor, start: Day, pickContact: (at: number) => ActivityContact | null) {
    const begins = wall(actor.timeZone, start, 0);
    const c = pickContact(begins);
    if (!c) return;
    const scenario = scenarioFor(rng, actor, c, begins, now);
    if (!scenario) return;
    const w = scenarioWords[scenario];
    const fill = words(actor, c);
    const thread = w.threads.length ? firstOr(c, begins, w.threads, true) : null;
    const inbound = w.inbound.length ? firstOr(c, begins, w.inbound, true) : null;
    const talk = firstOr(c, begins, w.calls);
    let d = start;
    let last = wall(actor.timeZone, start, 9);
    let callNotes = '';
    const horizon = now + 14 * day;
    for (const step of plan(rng, scenario)) {
      const at = (() => {
        const h = rng.weighted(hourWeights);
        return wall(actor.timeZone, d, h, rng.int(0, 59), rng.int(0, 59));
      })();
      if (step === 'task') {
        const due = dueOn(actor.timeZone, addWorkdays(d, rng.int(1, 7)));
        const created = Math.min(now, last + rng.int(2, 30) * minute);
        if (due > now + 28 * day) break;
        task(actor, c, created, due, fill(forThem(c, w.tasks, (x) => x)), {
          description: callNotes ? `From the call: ${callNotes}` : null,
        });
        break;
      }
      if (step === 'meeting') {
        if (wall(actor.timeZone, d, 0) > horizon) break;
        const s = meeting(
          actor,
          c,
          d,
          forThem(c, w.meetings, (m) => m.subject),
          fill,
          {
            notBefore: wall(actor.timeZone, d, 0) > now - day ? now + hour : 0,
          },
        );
        if (s !== null) last = s + 30 * minute;
      } else {
        // Calls and emails happen only in the past.
        if (at >= now || at <= c.createdAt) break;
        last = at;
        if (step === 'callCold' || step === 'callOut' || step === 'callIn') {
          if (c.hasPhone) callNotes = call(actor, c, at, step, talk, fill) || callNotes;
        } else if (step === 'emailOut' && thread) email(actor, c, at, true, fill(thread.subject), fill(thread.sent));
        else if (step === 'emailReply' && thread)
          email(actor, c, at, false, re(fill(thread.subject)), fill(thread.reply));
        else if (step === 'emailIn' && inbound) email(actor, c, at, false, fill(inbound.subject), fill(inbound.asks));
        else if (step === 'emailAnswer' && inbound)
          email(actor, c, at, true, re(fill(inbound.subject)), fill(inbound.answer));
      }
      d = addWorkdays(
        d,
        rng.weighted([
          [0, 3],
          [1, 4],
          [2, 3],
          [3, 2],
          [5, 1],
        ]),
      );
    }
  }

  return out;

  /** The weekly internal meetings: organized by the team's manager, its members attend. */
  function internal(o: DemoActivity) {
    for (const m of internalMeetings) {
      const organizer =
        actors.find((a) => a.manager && (m.team === '*' ? a.team === 'Sales' : a.team === m.team)) ?? null;
      if (!organizer) continue;
      const members = actors.filter(
        (a) => a.id !== organizer.id && a.role !== 'admin' && (m.team === '*' ? a.team !== null : a.team === m.team),
      );
      const zone = organizer.timeZone;
      const weekday = ['MO', 'TU', 'WE', 'TH', 'FR'].indexOf(m.weekday) + 1;
      let d = dayOf(from + 14 * day, zone);
      while (weekdayOf(d) !== weekday) d++;
      const s = wall(zone, d, m.hour, m.minute);
      const e = s + m.minutes * minute;
      const recurrence = `FREQ=WEEKLY;BYDAY=${m.weekday}`;
      const createdAt = s - 3 * day;
      const id = rng.uuid(createdAt);
      o.events.push({
        id,
        values: {
          subject: m.subject,
          startsAt: new Date(s).toISOString(),
          endsAt: new Date(e).toISOString(),
          allDay: false,
          timeZone: zone,
          location: 'Video call',
          videoUrl: `https://meet.kith-demo.example/${m.subject.toLowerCase().replace(/[^a-z]+/g, '-')}`,
          description: m.description,
          about: null,
          status: 'confirmed',
          recurrence,
          reminderMinutes: null,
          organizerId: organizer.id,
        },
        createdAt,
        updatedAt: createdAt,
        createdBy: organizer.id,
        clock: createdAt,
      });
      for (const a of members)
        o.attendees.push({
          id: rng.uuid(createdAt),
          eventId: id,
          userId: a.id,
          contactId: null,
          response: 'accepted',
          respondedAt: createdAt + hour,
        });
      const series = { startsAt: new Date(s), endsAt: new Date(e), allDay: false, timeZone: zone, recurrence };
      for (const occ of occurrencesBetween(series, new Date(from), new Date(now + 30 * day)))
        book([organizer.id, ...members.map((a) => a.id)], occ.start.getTime(), occ.end.getTime());
    }
  }
}

/** rng.weighted for a long list picked from many times: cumulative weights, binary search. */
function picker<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): () => T | null {
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of items) {
    total += w;
    cum.push(total);
  }
  return () => {
    if (!items.length) return null;
    const r = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return items[lo][0];
  };
}

const re = (subject: string) => (/^re:/i.test(subject) ? subject : `Re: ${subject}`);
