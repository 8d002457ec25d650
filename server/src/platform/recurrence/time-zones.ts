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

/** The wall-clock date and time of an instant in a zone. */
export const wallTime = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone });

/** The instant a wall-clock time in a zone names (a time skipped by DST moves forward, as luxon does). */
export const instantOf = (
  wall: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  zone: string,
): Date => DateTime.fromObject(wall, { zone }).toJSDate();
