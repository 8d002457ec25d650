// IANA time zones, checked with luxon (the ICU data Node carries): "Europe/Berlin" and "UTC" are
// zones, "Mars/Olympus" and "+02:00" are not — an offset is not a zone, it has no DST rules.
import { DateTime, IANAZone } from 'luxon';

/** Zones found valid: luxon asks ICU with a new Intl.DateTimeFormat every time (a tenth of a millisecond). */
const knownZones = new Set<string>();

export const isTimeZone = (zone: unknown): zone is string => {
  if (typeof zone !== 'string') return false;
  if (knownZones.has(zone)) return true;
  // Only valid zones are remembered: there are a few hundred of them, while bad input is unbounded.
  const valid = zone.length <= 64 && /^[A-Za-z]/.test(zone) && IANAZone.isValidZone(zone);
  if (valid) knownZones.add(zone);
  return valid;
};

/** A quarter of an hour: every zone's offset changes on such a boundary in UTC (see RememberedZone). */
const quarterHour = 15 * 60_000;
const remembersFrom = Date.UTC(1980, 0, 1);
const remembersUntil = Date.UTC(2100, 0, 1);

/**
 * An IANA zone that remembers its offsets per quarter hour. Luxon asks ICU for every offset
 * (Intl formatToParts, most of a week view's time zone work: about 1 ms a request). Since 1980 every
 * zone's offsets are whole quarter hours and change at a local time on the hour or half hour, so
 * they change only on quarter-hour boundaries in UTC: the offset at a quarter hour's start holds
 * for all of it. Instants outside 1980–2099 are asked of ICU as before.
 */
class RememberedZone extends IANAZone {
  private readonly offsets = new Map<number, number>();

  override offset(ts: number): number {
    if (!(ts >= remembersFrom && ts < remembersUntil)) return super.offset(ts);
    const slot = Math.floor(ts / quarterHour);
    let minutes = this.offsets.get(slot);
    if (minutes === undefined) {
      minutes = super.offset(slot * quarterHour);
      // A year of quarter hours is 35,040: past that, start again rather than grow.
      if (this.offsets.size >= 40_000) this.offsets.clear();
      this.offsets.set(slot, minutes);
    }
    return minutes;
  }
}

const zones = new Map<string, RememberedZone>();

/** The zone luxon computes with (a valid IANA name; isTimeZone checks input). UTC stays luxon's own. */
export function zoneOf(name: string): RememberedZone | string {
  if (name === 'UTC') return name;
  let zone = zones.get(name);
  if (!zone) {
    zone = new RememberedZone(name);
    if (zones.size < 1000) zones.set(name, zone);
  }
  return zone;
}

/** The wall-clock date and time of an instant in a zone. */
export const wallTime = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone: zoneOf(zone) });

/** The instant a wall-clock time in a zone names (a time skipped by DST moves forward, as luxon does). */
export const instantOf = (
  wall: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  zone: string,
): Date => DateTime.fromObject(wall, { zone: zoneOf(zone) }).toJSDate();
