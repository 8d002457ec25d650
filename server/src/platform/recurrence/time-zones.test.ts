// The remembered zones give the offsets luxon's own zones give, around every kind of change: DST
// in both hemispheres, zones a quarter or half an hour off the hour (Kathmandu, Chatham, Lord
// Howe's half-hour DST), a zone that left DST (Tehran, 2022) and one that skipped a day (Apia, 2011).
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { expect, it } from 'vitest';
import { instantOf, wallTime, zoneOf } from './time-zones.ts';

const names = [
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Pacific/Apia',
  'Asia/Kolkata',
  'UTC',
];
const from = Date.UTC(1970, 0, 1);
const to = Date.UTC(2110, 0, 1);

it('gives the offset luxon gives at any instant, in any zone', () => {
  fc.assert(
    fc.property(fc.constantFrom(...names), fc.integer({ min: from, max: to }), (name, ts) => {
      const zone = zoneOf(name);
      const offset = typeof zone === 'string' ? 0 : zone.offset(ts);
      expect(offset).toBe(IANAZone.create(name).offset(ts));
    }),
    { numRuns: 20_000 },
  );
});

it('gives the offset luxon gives on each side of every change, 1990–2040', () => {
  const day = 86_400_000;
  for (const name of names) {
    const zone = zoneOf(name);
    if (typeof zone === 'string') continue;
    const own = IANAZone.create(name);
    for (let t = Date.UTC(1990, 0, 1); t < Date.UTC(2040, 0, 1); t += day) {
      if (own.offset(t) === own.offset(t + day)) continue;
      // The change's minute, then every minute of the hour around it.
      let [lo, hi] = [t, t + day];
      while (hi - lo > 60_000) {
        const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
        if (own.offset(mid) === own.offset(lo)) lo = mid;
        else hi = mid;
      }
      for (let m = hi - 1_800_000; m <= hi + 1_800_000; m += 60_000)
        expect(zone.offset(m), `${name} ${new Date(m).toISOString()}`).toBe(own.offset(m));
    }
  }
});

it('converts between wall time and instants as luxon does with the zone name', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...names),
      fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2060, 0, 1) }),
      (name, ts) => {
        const at = new Date(ts);
        const mine = wallTime(at, name);
        const theirs = DateTime.fromJSDate(at, { zone: name });
        expect(mine.toISO()).toBe(theirs.toISO());
        const wall = {
          year: theirs.year,
          month: theirs.month,
          day: theirs.day,
          hour: theirs.hour,
          minute: theirs.minute,
        };
        expect(instantOf(wall, name).getTime()).toBe(DateTime.fromObject(wall, { zone: name }).toMillis());
      },
    ),
    { numRuns: 5_000 },
  );
});
