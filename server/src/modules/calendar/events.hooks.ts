// What the write path does for an event beyond storing its fields: the checks no field type can
// make alone, the values the server keeps (iTIP sequence, end of the series), and after the write
// the invitations and the reminder.

import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { parseRecurrence, seriesEnd } from '../../platform/recurrence/recurrence.ts';
import { isTimeZone } from '../../platform/recurrence/time-zones.ts';
import { afterEventWrite } from './invitations.ts';

/** Changes attendees must be sent again (RFC 5546: a new SEQUENCE). */
const significant = [
  'subject',
  'startsAt',
  'endsAt',
  'allDay',
  'timeZone',
  'location',
  'videoUrl',
  'recurrence',
  'status',
];

const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

export const eventHooks: ObjectHooks = {
  compute(_ctx, change) {
    const a = change.after;
    const bump = change.action === 'update' && change.changed.some((k) => significant.includes(k));
    const seq = Number(change.before?.sequence ?? 0);
    let ends: Date | null = null;
    if (a.startsAt && a.endsAt && isTimeZone(a.timeZone)) {
      try {
        ends = seriesEnd({
          startsAt: asDate(a.startsAt),
          endsAt: asDate(a.endsAt),
          allDay: !!a.allDay,
          timeZone: a.timeZone,
          recurrence: (a.recurrence as string | null) ?? null,
        });
      } catch {
        ends = null; // validate names the bad rule
      }
    }
    return {
      sequence: change.action === 'create' ? 0 : bump ? seq + 1 : seq,
      seriesEndsAt: ends?.toISOString() ?? null,
    };
  },
  validate(_ctx, change) {
    const a = change.after;
    if (!a) return;
    if (!isTimeZone(a.timeZone))
      throw invalid(`timeZone: "${String(a.timeZone)}" is not an IANA time zone such as Europe/Berlin`, {
        timeZone: 'is not an IANA time zone',
      });
    if (a.startsAt && a.endsAt && asDate(a.endsAt) <= asDate(a.startsAt))
      throw invalid('endsAt: must be after startsAt', { endsAt: 'must be after startsAt' });
    if (a.recurrence) parseRecurrence(String(a.recurrence), a.timeZone);
    if (a.reminderMinutes !== null && a.reminderMinutes !== undefined) {
      const m = Number(a.reminderMinutes);
      if (m < 0 || m > 40_320)
        throw invalid('reminderMinutes: must be from 0 to 40320 (four weeks)', { reminderMinutes: 'out of range' });
    }
  },
  afterWrite: afterEventWrite,
};
