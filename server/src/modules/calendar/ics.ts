// iCalendar text for invitations (iTIP, RFC 5546) and the feed, built with ical.js, which escapes
// and folds lines as RFC 5545 asks. One-off timed events are written in UTC; repeating ones keep
// their wall-clock time with a TZID and a VTIMEZONE made from the zone's real transitions, so a
// client expands the RRULE across DST as Kith does. All-day events are DATE values.
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { parseRecurrence } from '../../platform/recurrence/recurrence.ts';
import { wallTime } from '../../platform/recurrence/time-zones.ts';

export interface IcsPerson {
  name: string | null;
  email: string;
  response?: 'needsAction' | 'accepted' | 'declined' | 'tentative';
}

export interface IcsEvent {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timeZone: string;
  location: string | null;
  videoUrl: string | null;
  description: string | null;
  status: string | null;
  recurrence: string | null;
  sequence: number;
  updatedAt: Date;
  organizer: IcsPerson | null;
  attendees: IcsPerson[];
}

const partstat = { needsAction: 'NEEDS-ACTION', accepted: 'ACCEPTED', declined: 'DECLINED', tentative: 'TENTATIVE' };

/** The event's UID: stable across updates (clients match REQUEST and CANCEL on it). */
export const uidOf = (id: string, host: string) => `${id}@${host}`;

const utc = (d: Date) => ICAL.Time.fromJSDate(d, true);
const localTime = (d: Date, zone: string, isDate: boolean) => {
  const w = wallTime(d, zone);
  return ICAL.Time.fromData(
    isDate
      ? { year: w.year, month: w.month, day: w.day, isDate: true }
      : { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second, isDate: false },
  );
};

function timeProp(name: string, d: Date, e: IcsEvent): ICAL.Property {
  const p = new ICAL.Property(name);
  if (e.allDay) {
    p.resetType('date');
    p.setValue(localTime(d, e.timeZone, true));
  } else if (e.recurrence) {
    p.setParameter('tzid', e.timeZone);
    p.setValue(localTime(d, e.timeZone, false));
  } else p.setValue(utc(d));
  return p;
}

const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}${String(m % 60).padStart(2, '0')}`;
};

/**
 * A VTIMEZONE for a zone over the years an event needs: one observance per real transition
 * (found day by day, then to the minute), or a single one for a zone without changes.
 */
export function vtimezone(zone: string, fromYear: number, years = 3): ICAL.Component {
  const tz = new ICAL.Component('vtimezone');
  tz.addPropertyWithValue('tzid', zone);
  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: 'UTC' });
  const observances: Array<{ at: DateTime; from: number; to: number }> = [];
  let prev = start.setZone(zone).offset;
  for (let d = 1; d <= years * 366; d++) {
    const day = start.plus({ days: d });
    const off = day.setZone(zone).offset;
    if (off === prev) continue;
    // Narrow the change to the minute within that day.
    let lo = day.minus({ days: 1 }).toMillis();
    let hi = day.toMillis();
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (DateTime.fromMillis(mid, { zone }).offset === prev) lo = mid;
      else hi = mid;
    }
    observances.push({ at: DateTime.fromMillis(hi, { zone: 'UTC' }), from: prev, to: off });
    prev = off;
  }
  const addObservance = (kind: 'standard' | 'daylight', localStart: DateTime, from: number, to: number) => {
    const o = new ICAL.Component(kind);
    o.addPropertyWithValue(
      'dtstart',
      ICAL.Time.fromData({
        year: localStart.year,
        month: localStart.month,
        day: localStart.day,
        hour: localStart.hour,
        minute: localStart.minute,
        second: 0,
      }),
    );
    o.addPropertyWithValue('tzoffsetfrom', ICAL.UtcOffset.fromString(offsetText(from)));
    o.addPropertyWithValue('tzoffsetto', ICAL.UtcOffset.fromString(offsetText(to)));
    tz.addSubcomponent(o);
  };
  // The offset in force from the window's start, so no time before the first change is undefined.
  const initial = start.setZone(zone).offset;
  addObservance('standard', start.plus({ minutes: initial }), initial, initial);
  // DTSTART of an observance is the local time before the change (in the offset it leaves).
  for (const o of observances)
    addObservance(o.to > o.from ? 'daylight' : 'standard', o.at.plus({ minutes: o.from }), o.from, o.to);
  return tz;
}

const mailto = (email: string) => `mailto:${email}`;

function personProp(name: 'organizer' | 'attendee', p: IcsPerson, rsvp: boolean): ICAL.Property {
  const prop = new ICAL.Property(name);
  prop.setValue(mailto(p.email));
  if (p.name) prop.setParameter('cn', p.name);
  if (name === 'attendee') {
    prop.setParameter('role', 'REQ-PARTICIPANT');
    prop.setParameter('cutype', 'INDIVIDUAL');
    prop.setParameter('partstat', partstat[p.response ?? 'needsAction']);
    if (rsvp) prop.setParameter('rsvp', 'TRUE');
  }
  return prop;
}

function vevent(e: IcsEvent, host: string, now: Date, method: string | null): ICAL.Component {
  const v = new ICAL.Component('vevent');
  v.addPropertyWithValue('uid', uidOf(e.id, host));
  v.addPropertyWithValue('dtstamp', utc(now));
  v.addPropertyWithValue('sequence', e.sequence);
  v.addPropertyWithValue('last-modified', utc(e.updatedAt));
  v.addProperty(timeProp('dtstart', e.startsAt, e));
  v.addProperty(timeProp('dtend', e.endsAt, e));
  v.addPropertyWithValue('summary', e.title);
  if (e.location) v.addPropertyWithValue('location', e.location);
  const description = [e.description, e.videoUrl ? `Join: ${e.videoUrl}` : null].filter(Boolean).join('\n\n');
  if (description) v.addPropertyWithValue('description', description);
  if (e.videoUrl) v.addPropertyWithValue('url', e.videoUrl);
  const status =
    method === 'CANCEL' || e.status === 'cancelled'
      ? 'CANCELLED'
      : e.status === 'tentative'
        ? 'TENTATIVE'
        : 'CONFIRMED';
  v.addPropertyWithValue('status', status);
  if (e.allDay) v.addPropertyWithValue('transp', 'TRANSPARENT');
  if (e.recurrence) {
    const { rule, exdates } = parseRecurrence(e.recurrence, e.timeZone);
    v.addPropertyWithValue('rrule', ICAL.Recur.fromString(rule));
    for (const f of exdates) {
      const d = new Date(f);
      const p = new ICAL.Property('exdate');
      p.setParameter('tzid', e.timeZone);
      p.setValue(
        ICAL.Time.fromData({
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
        }),
      );
      v.addProperty(p);
    }
  }
  if (e.organizer) v.addProperty(personProp('organizer', e.organizer, false));
  for (const a of e.attendees) v.addProperty(personProp('attendee', a, method === 'REQUEST'));
  return v;
}

function calendar(method: string | null, events: IcsEvent[], host: string, now: Date, name?: string): string {
  const cal = new ICAL.Component('vcalendar');
  cal.addPropertyWithValue('prodid', '-//Kith//Calendar//EN');
  cal.addPropertyWithValue('version', '2.0');
  cal.addPropertyWithValue('calscale', 'GREGORIAN');
  if (method) cal.addPropertyWithValue('method', method);
  if (name) cal.addPropertyWithValue('x-wr-calname', name);
  const zones = new Map<string, number>();
  for (const e of events)
    if (e.recurrence && !e.allDay) {
      const y = wallTime(e.startsAt, e.timeZone).year;
      zones.set(e.timeZone, Math.min(zones.get(e.timeZone) ?? y, y));
    }
  for (const [zone, year] of zones) cal.addSubcomponent(vtimezone(zone, year));
  for (const e of events) cal.addSubcomponent(vevent(e, host, now, method));
  return cal.toString();
}

/** An iTIP message: REQUEST (new or changed, SEQUENCE as stored) or CANCEL. */
export const itipMessage = (method: 'REQUEST' | 'CANCEL', e: IcsEvent, host: string, now: Date) =>
  calendar(method, [e], host, now);

/** A subscribable calendar (the feed): no METHOD, as RFC 5545 publishing without iTIP. */
export const feedCalendar = (events: IcsEvent[], host: string, now: Date, name: string) =>
  calendar(null, events, host, now, name);
