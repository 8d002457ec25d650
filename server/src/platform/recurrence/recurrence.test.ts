// Recurrence in the event's own zone, against known values: a weekly 09:00 in Berlin is 08:00 UTC
// in winter and 07:00 UTC in summer, on either side of the March and October changes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nearStart, occurrencesBetween, parseRecurrence, seriesEnd } from './recurrence.ts';

const berlinWeekly = (recurrence: string) => ({
  startsAt: new Date('2027-03-15T08:00:00Z'), // Monday 09:00 CET
  endsAt: new Date('2027-03-15T09:00:00Z'),
  allDay: false,
  timeZone: 'Europe/Berlin',
  recurrence,
});
const iso = (o: { start: Date; end: Date }[]) => o.map((x) => `${x.start.toISOString()}/${x.end.toISOString()}`);

describe('recurrence', () => {
  it('keeps a weekly 09:00 in Berlin at 09:00 local across the March change (CET → CEST)', () => {
    const got = occurrencesBetween(
      berlinWeekly('FREQ=WEEKLY;BYDAY=MO'),
      new Date('2027-03-15T00:00:00Z'),
      new Date('2027-04-06T00:00:00Z'),
    );
    expect(iso(got)).toEqual([
      '2027-03-15T08:00:00.000Z/2027-03-15T09:00:00.000Z',
      '2027-03-22T08:00:00.000Z/2027-03-22T09:00:00.000Z',
      // 28 March 2027: clocks go forward; Mondays after are at 07:00 UTC.
      '2027-03-29T07:00:00.000Z/2027-03-29T08:00:00.000Z',
      '2027-04-05T07:00:00.000Z/2027-04-05T08:00:00.000Z',
    ]);
  });

  it('and across the October change back (CEST → CET)', () => {
    const got = occurrencesBetween(
      berlinWeekly('FREQ=WEEKLY;BYDAY=MO'),
      new Date('2027-10-18T00:00:00Z'),
      new Date('2027-11-02T00:00:00Z'),
    );
    expect(iso(got)).toEqual([
      '2027-10-18T07:00:00.000Z/2027-10-18T08:00:00.000Z',
      '2027-10-25T07:00:00.000Z/2027-10-25T08:00:00.000Z',
      // 31 October 2027: clocks go back; 09:00 CET is 08:00 UTC again.
      '2027-11-01T08:00:00.000Z/2027-11-01T09:00:00.000Z',
    ]);
  });

  it('keeps New York meetings at their local time across the US change, a different week from Europe', () => {
    const e = {
      ...berlinWeekly('FREQ=DAILY;COUNT=3'),
      startsAt: new Date('2027-03-13T14:00:00Z'),
      endsAt: new Date('2027-03-13T14:30:00Z'),
      timeZone: 'America/New_York',
    };
    // 14 March 2027 the US goes to EDT: 09:00 local is 14:00 UTC, then 13:00 UTC.
    expect(iso(occurrencesBetween(e, new Date('2027-03-01T00:00:00Z'), new Date('2027-04-01T00:00:00Z')))).toEqual([
      '2027-03-13T14:00:00.000Z/2027-03-13T14:30:00.000Z',
      '2027-03-14T13:00:00.000Z/2027-03-14T13:30:00.000Z',
      '2027-03-15T13:00:00.000Z/2027-03-15T13:30:00.000Z',
    ]);
    expect(seriesEnd(e)?.toISOString()).toBe('2027-03-15T13:30:00.000Z');
  });

  it('skips exceptions (EXDATE), given in local time or UTC', () => {
    const local = berlinWeekly('RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4\nEXDATE:20270322T090000');
    expect(
      occurrencesBetween(local, new Date('2027-03-01Z'), new Date('2027-05-01Z')).map((o) => o.start.toISOString()),
    ).toEqual(['2027-03-15T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);
    const utc = berlinWeekly('RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4\nEXDATE:20270329T070000Z');
    expect(occurrencesBetween(utc, new Date('2027-03-01Z'), new Date('2027-05-01Z'))).toHaveLength(3);
  });

  it('ends at UNTIL and knows when the series ends; repeats forever without COUNT or UNTIL', () => {
    const until = berlinWeekly('FREQ=WEEKLY;UNTIL=20270405T235959Z');
    expect(occurrencesBetween(until, new Date('2027-01-01Z'), new Date('2028-01-01Z'))).toHaveLength(4);
    expect(seriesEnd(until)?.toISOString()).toBe('2027-04-05T08:00:00.000Z');
    expect(seriesEnd(berlinWeekly('FREQ=MONTHLY'))).toBeNull();
  });

  it('finds occurrences that started before the window and still run', () => {
    const e = { ...berlinWeekly('FREQ=DAILY'), endsAt: new Date('2027-03-15T11:00:00Z') };
    expect(occurrencesBetween(e, new Date('2027-03-16T10:00:00Z'), new Date('2027-03-16T10:30:00Z'))).toHaveLength(1);
  });

  it.each([
    ['FREQ=SOMETIMES', 'FREQ must be'],
    ['FREQ=DAILY;FOO=1', 'not an RRULE part'],
    ['FREQ=WEEKLY;BYDAY=XX', 'not a valid RRULE'],
    ['FREQ=SECONDLY', 'FREQ must be'],
    ['BYDAY=MO', 'needs FREQ'],
    ['FREQ=WEEKLY;COUNT=0', 'COUNT'],
    ['RRULE:FREQ=DAILY\nEXDATE:2027-03-22', 'not an iCalendar date-time'],
    ['hello: world', 'cannot read'],
    ['', 'needs an RRULE'],
  ])('refuses %j with a 400 naming recurrence', (rule, why) => {
    let err: unknown;
    try {
      parseRecurrence(rule, 'Europe/Berlin');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INVALID', details: { fields: { recurrence: expect.any(String) } } });
    expect((err as Error).message).toContain('recurrence');
    expect((err as Error).message).toContain(why);
  });
});

describe('expanding from near the window', () => {
  it('gives exactly the occurrences expanding from the start gives, for any daily or weekly rule', () => {
    const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
    const rule = fc
      .record({
        freq: fc.constantFrom('DAILY', 'WEEKLY'),
        interval: fc.integer({ min: 1, max: 4 }),
        byday: fc.subarray(days),
        until: fc.option(fc.integer({ min: 30, max: 900 }), { nil: null }),
      })
      .map(
        (r) =>
          `FREQ=${r.freq};INTERVAL=${r.interval}${r.byday.length ? `;BYDAY=${r.byday.join(',')}` : ''}${
            r.until === null
              ? ''
              : `;UNTIL=${new Date(Date.UTC(2025, 0, 6) + r.until * 86_400_000).toISOString().replace(/[-:]|\.\d+/g, '')}`
          }`,
      );
    fc.assert(
      fc.property(
        rule,
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'UTC', 'Asia/Kolkata'),
        (rrule, startDay, fromDay, spanDays, timeZone) => {
          const startsAt = new Date(Date.UTC(2025, 0, 6 + startDay, 8, 30));
          const e = {
            startsAt,
            endsAt: new Date(startsAt.getTime() + 3_600_000),
            allDay: false,
            timeZone,
            recurrence: rrule,
          };
          const from = new Date(Date.UTC(2025, 0, 6 + fromDay));
          const to = new Date(from.getTime() + spanDays * 86_400_000);
          const fast = occurrencesBetween(e, from, to);
          // The same from the real start: the window's own occurrences, filtered from all of them.
          const all = occurrencesBetween(e, startsAt, to, 100_000).filter((o) => o.start < to && o.end > from);
          expect(fast).toEqual(all);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('moves the start whole periods only, never for COUNT or monthly rules', () => {
    const start = Date.UTC(2024, 0, 1, 9);
    const lo = Date.UTC(2026, 0, 1);
    const moved = nearStart('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', start, lo);
    expect((moved - start) % (14 * 86_400_000)).toBe(0);
    expect(lo - moved).toBeGreaterThanOrEqual(14 * 86_400_000);
    expect(lo - moved).toBeLessThan(28 * 86_400_000);
    expect(nearStart('FREQ=DAILY;COUNT=900', start, lo)).toBe(start);
    expect(nearStart('FREQ=MONTHLY;BYMONTHDAY=31', start, lo)).toBe(start);
  });
});
