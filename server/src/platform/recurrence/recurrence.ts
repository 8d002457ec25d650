// Repeating events: an RRULE (RFC 5545) and its exceptions, stored as text on the event and
// expanded on read in the event's own time zone, so that a weekly 09:00 meeting in Berlin stays at
// 09:00 there across the DST changes (decision 018). The rrule package computes the dates on a
// "floating" clock — wall-clock fields written as UTC — and luxon places each one in the zone.
import { DateTime } from 'luxon';
// rrule ships a UMD bundle to Node: its names come off the default export.
import rrule from 'rrule';
import { invalid } from '../errors.ts';
import { instantOf, wallTime } from './time-zones.ts';

const { Frequency, RRule } = rrule;
type RRule = InstanceType<typeof RRule>;

export interface Recurrence {
  rule: string;
  /** Exceptions as wall-clock times in the event's zone (floating ms): occurrences not held. */
  exdates: number[];
}

/** Slower frequencies only: a rule every second or minute would expand without end. */
const allowed = new Set([Frequency.DAILY, Frequency.WEEKLY, Frequency.MONTHLY, Frequency.YEARLY]);
const maxLength = 2000;
const ruleKeys = new Set([
  'FREQ',
  'UNTIL',
  'COUNT',
  'INTERVAL',
  'BYSECOND',
  'BYMINUTE',
  'BYHOUR',
  'BYDAY',
  'BYMONTHDAY',
  'BYYEARDAY',
  'BYWEEKNO',
  'BYMONTH',
  'BYSETPOS',
  'WKST',
]);

const fail = (why: string) => invalid(`recurrence: ${why}`, { recurrence: why });

/** A floating date (wall-clock fields as UTC) from an iCalendar DATE or DATE-TIME, local or UTC. */
function parseIcsTime(value: string, zone: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value.trim());
  if (!m) throw fail(`"${value}" is not an iCalendar date-time such as 20261214T090000`);
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1).map((x) => x ?? undefined) as string[];
  const fields = { year: +y, month: +mo, day: +d, hour: +h, minute: +mi, second: +s };
  if (m[7]) {
    // UTC: the wall-clock time it is in the event's zone.
    const w = DateTime.fromObject(fields, { zone: 'UTC' }).setZone(zone);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  }
  const ms = Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second);
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== fields.day) throw fail(`"${value}" is not a real date`);
  return ms;
}

/**
 * Parses "FREQ=WEEKLY;BYDAY=MO" or lines "RRULE:…" and "EXDATE:20261214T090000,…" (EXDATE in the
 * event's zone unless it ends in Z). Throws a 400 naming `recurrence` for anything else.
 */
export function parseRecurrence(text: string, zone: string): Recurrence {
  if (text.length > maxLength) throw fail(`must be at most ${maxLength} characters`);
  let rule = '';
  const exdates: number[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const [name, ...rest] = line.split(':');
    const head = (name ?? '').split(';')[0]?.toUpperCase();
    if (rest.length && head === 'EXDATE') {
      for (const v of rest.join(':').split(',')) exdates.push(parseIcsTime(v, zone));
    } else if (rest.length && head === 'RRULE') {
      if (rule) throw fail('only one RRULE is supported');
      rule = rest.join(':');
    } else if (!rest.length && !rule) {
      rule = line;
    } else throw fail(`cannot read "${line.slice(0, 80)}": expected RRULE:… or EXDATE:…`);
  }
  if (!rule) throw fail('needs an RRULE such as FREQ=WEEKLY;BYDAY=MO');
  // rrule ignores what it does not know (FREQ=SOMETIMES, FOO=1): name it instead.
  for (const part of rule.split(';')) {
    const [key, value] = part.split('=');
    if (!value || !ruleKeys.has(key?.toUpperCase() ?? '')) throw fail(`"${part.slice(0, 40)}" is not an RRULE part`);
    if (key?.toUpperCase() === 'FREQ' && !['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'].includes(value.toUpperCase()))
      throw fail('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  }
  let opts: ReturnType<typeof RRule.parseString>;
  try {
    opts = RRule.parseString(rule);
  } catch (err) {
    throw fail(`not a valid RRULE (${(err as Error).message})`);
  }
  if (opts.freq === undefined || opts.freq === null) throw fail('the RRULE needs FREQ');
  if (!allowed.has(opts.freq)) throw fail('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY');
  if (opts.dtstart) throw fail('DTSTART comes from the event’s start, not the rule');
  if (opts.count !== undefined && opts.count !== null && (opts.count < 1 || opts.count > 10_000))
    throw fail('COUNT must be from 1 to 10000');
  if (opts.interval !== undefined && (opts.interval < 1 || opts.interval > 1000))
    throw fail('INTERVAL must be from 1 to 1000');
  // Some nonsense (BYDAY=XX) only fails when the rule is built: build it once.
  try {
    makeRule(rule, Date.UTC(2026, 0, 1, 9), zone).after(new Date(Date.UTC(2025, 11, 31)), true);
  } catch (err) {
    throw fail(`not a valid RRULE (${(err as Error).message})`);
  }
  return { rule, exdates };
}

/** The rule on the floating clock from a floating start (UNTIL, given in UTC, moved to wall-clock time). */
function makeRule(rule: string, floatingStart: number, zone: string): RRule {
  const opts = RRule.parseString(rule);
  if (opts.until) {
    const w = wallTime(opts.until, zone);
    opts.until = new Date(Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second));
  }
  return new RRule({ ...opts, dtstart: new Date(floatingStart), tzid: null });
}

/** Rules by rule, zone and start, kept: rrule remembers what `between` answered, for the next reader of the same week. */
const rules = new Map<string, RRule>();
function ruleFrom(rule: string, floatingStart: number, zone: string): RRule {
  const key = `${zone}\n${floatingStart}\n${rule}`;
  let r = rules.get(key);
  if (!r) {
    if (rules.size >= 5000) rules.clear();
    r = makeRule(rule, floatingStart, zone);
    rules.set(key, r);
  }
  return r;
}

export interface SeriesEvent {
  startsAt: Date;
  endsAt: Date;
  allDay: boolean;
  timeZone: string;
  recurrence: string | null;
}

export interface Occurrence {
  start: Date;
  end: Date;
}

const floatingOf = (at: Date, zone: string) => {
  const w = wallTime(at, zone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
};
/**
 * The instant of a floating time in a zone. luxon takes some microseconds for each, and a team's
 * week places about a thousand occurrences, mostly the same ones for every reader: remembered.
 */
const instants = new Map<string, number>();
const instantOfFloating = (ms: number, zone: string): Date => {
  const key = `${zone} ${ms}`;
  let at = instants.get(key);
  if (at === undefined) {
    if (instants.size >= 50_000) instants.clear();
    at = placeFloating(ms, zone).getTime();
    instants.set(key, at);
  }
  return new Date(at);
};
const placeFloating = (ms: number, zone: string) => {
  const d = new Date(ms);
  return instantOf(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    zone,
  );
};

/**
 * A stored rule, parsed once: reads expand the same few rules thousands of times (a team's week),
 * and parsing also builds a trial rule to validate it. Rules were validated when written.
 */
const parsed = new Map<string, Recurrence>();
function storedRule(text: string, zone: string): Recurrence {
  const key = `${zone}\n${text}`;
  let r = parsed.get(key);
  if (!r) {
    if (parsed.size >= 5000) parsed.clear();
    r = parseRecurrence(text, zone);
    parsed.set(key, r);
  }
  return r;
}

/**
 * The occurrences of an event that overlap [from, to), in order. Each keeps the first one's
 * wall-clock start and its wall-clock length in the event's zone (a 09:00–10:00 stays 09:00–10:00
 * whatever the offset that day).
 */
export function occurrencesBetween(e: SeriesEvent, from: Date, to: Date, limit = 5000): Occurrence[] {
  if (!e.recurrence) return e.startsAt < to && e.endsAt > from ? [{ start: e.startsAt, end: e.endsAt }] : [];
  const zone = e.timeZone;
  const { rule, exdates } = storedRule(e.recurrence, zone);
  const start = floatingOf(e.startsAt, zone);
  const length = floatingOf(e.endsAt, zone) - start;
  const skip = new Set(exdates);
  // Floating bounds, a day wider than the zone's offset could shift them, and the length earlier.
  const day = 86_400_000;
  const lo = new Date(floatingOf(from, zone) - length - day);
  const hi = new Date(floatingOf(to, zone) + day);
  const out: Occurrence[] = [];
  for (const d of ruleFrom(rule, nearStart(rule, start, lo.getTime()), zone).between(lo, hi, true)) {
    const f = d.getTime();
    if (skip.has(f)) continue;
    const s = instantOfFloating(f, zone);
    const en = instantOfFloating(f + length, zone);
    if (s < to && en > from) out.push({ start: s, end: en });
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Where to start expanding a series to reach `lo`: rrule walks every occurrence from the start, so
 * a daily stand-up begun two years ago cost hundreds of steps to reach this week. A DAILY or WEEKLY
 * rule without COUNT repeats with a fixed period in floating time (INTERVAL days or weeks), so it
 * may start whole periods later — one period short of `lo`, as the first period after a moved start
 * may miss days before it — and give the same occurrences from `lo` on. COUNT counts from the real
 * start, and months differ in length: those start where they start.
 */
export function nearStart(rule: string, start: number, lo: number): number {
  const opts = RRule.parseString(rule);
  if (opts.count || (opts.freq !== Frequency.DAILY && opts.freq !== Frequency.WEEKLY)) return start;
  const period = (opts.interval || 1) * (opts.freq === Frequency.WEEKLY ? 7 : 1) * 86_400_000;
  const periods = Math.floor((lo - start) / period) - 1;
  return periods > 0 ? start + periods * period : start;
}

/** When the last occurrence ends; null when the rule repeats forever. */
export function seriesEnd(e: SeriesEvent): Date | null {
  if (!e.recurrence) return e.endsAt;
  const zone = e.timeZone;
  const { rule } = parseRecurrence(e.recurrence, zone);
  const opts = RRule.parseString(rule);
  if (!opts.count && !opts.until) return null;
  const start = floatingOf(e.startsAt, zone);
  const length = floatingOf(e.endsAt, zone) - start;
  const all = makeRule(rule, start, zone).all((_, i) => i < 10_000);
  const last = all.at(-1);
  return last ? instantOfFloating(last.getTime() + length, zone) : e.endsAt;
}
