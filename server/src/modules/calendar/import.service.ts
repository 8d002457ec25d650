// Import of an .ics file (ical.js): each VEVENT becomes an event the importer organises, through
// the records path (validation, audit, events), all in one transaction — a file with one bad
// event imports nothing and the 400 says which and why.
import type { IcsImportResult } from '@kith/common/api/calendar';
import ICAL from 'ical.js';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { assertCan } from '../../platform/permissions.ts';
import { insertRecord, objectOf } from '../../platform/records/records.service.ts';
import { validateValues } from '../../platform/records/validate.ts';
import { instantOf, isTimeZone } from '../../platform/recurrence/time-zones.ts';

const maxEvents = 2000;

function readCalendar(text: string): ICAL.Component {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (err) {
    throw invalid(`ics: not an iCalendar file (${(err as Error).message.slice(0, 200)})`, {
      ics: 'not an iCalendar file',
    });
  }
  const comp = new ICAL.Component(
    Array.isArray(parsed) && typeof parsed[0] === 'string' ? (parsed as never) : ((parsed as never[])[0] ?? []),
  );
  if (comp.name !== 'vcalendar') throw invalid('ics: the file holds no VCALENDAR', { ics: 'no VCALENDAR' });
  return comp;
}

/** The VEVENT's fields as an event's input; its own zone when it names a known one. */
function toInput(v: ICAL.Component, fallbackZone: string): Record<string, unknown> {
  const e = new ICAL.Event(v);
  if (!e.startDate) throw new Error('it has no DTSTART');
  const allDay = e.startDate.isDate;
  const tzid = v.getFirstProperty('dtstart')?.getParameter('tzid');
  const zone = typeof tzid === 'string' && isTimeZone(tzid) ? tzid : fallbackZone;
  // A local or floating time is a wall-clock time in its zone (IANA's rules, whatever VTIMEZONE the file carries).
  const at = (t: ICAL.Time) =>
    t.zone?.tzid === 'UTC' && !t.isDate
      ? t.toJSDate()
      : instantOf(
          {
            year: t.year,
            month: t.month,
            day: t.day,
            hour: t.isDate ? 0 : t.hour,
            minute: t.isDate ? 0 : t.minute,
            second: t.isDate ? 0 : t.second,
          },
          zone,
        );
  const start = at(e.startDate);
  const end = e.endDate ? at(e.endDate) : new Date(start.getTime() + (allDay ? 86_400_000 : 3_600_000));
  const rrule = v.getFirstPropertyValue('rrule');
  const exdates = v.getAllProperties('exdate').flatMap((p) =>
    p.getValues().map((t) =>
      (t as ICAL.Time)
        .toJSDate()
        .toISOString()
        .replace(/[-:]|\.\d{3}/g, ''),
    ),
  );
  const status = String(v.getFirstPropertyValue('status') ?? '').toLowerCase();
  return {
    subject: (e.summary || '(no title)').slice(0, 300),
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    allDay,
    timeZone: zone,
    ...(e.location ? { location: e.location.slice(0, 500) } : {}),
    ...(e.description ? { description: e.description.slice(0, 20_000) } : {}),
    ...(['confirmed', 'tentative', 'cancelled'].includes(status) ? { status } : {}),
    ...(rrule
      ? {
          recurrence: [`RRULE:${rrule.toString()}`, ...(exdates.length ? [`EXDATE:${exdates.join(',')}`] : [])].join(
            '\n',
          ),
        }
      : {}),
  };
}

export async function importIcs(ctx: Ctx, text: string, userZone: string): Promise<IcsImportResult> {
  const obj = objectOf(ctx, 'event');
  assertCan(ctx.principal, 'event', 'create', obj.label);
  const cal = readCalendar(text);
  // Occurrences moved in a series (RECURRENCE-ID) are left out: the series itself is imported.
  const vevents = cal.getAllSubcomponents('vevent').filter((v) => !v.hasProperty('recurrence-id'));
  if (!vevents.length) throw invalid('ics: the file holds no events', { ics: 'no VEVENT' });
  if (vevents.length > maxEvents)
    throw invalid(`ics: at most ${maxEvents} events per file`, { ics: 'too many events' });
  const zone = isTimeZone(userZone) ? userZone : 'UTC';
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const ids: string[] = [];
    for (const [i, v] of vevents.entries()) {
      try {
        const values = validateValues(obj, toInput(v, zone), 'create');
        values.organizerId = ctx.principal.userId;
        ids.push(await insertRecord(c, obj, values, { allowDuplicate: true }));
      } catch (err) {
        const why = err instanceof AppError ? err.message : (err as Error).message;
        throw invalid(
          `ics: event ${i + 1} (${String(v.getFirstPropertyValue('summary') ?? 'no title').slice(0, 80)}): ${why}`,
          {
            ics: `event ${i + 1}: ${why}`,
          },
        );
      }
    }
    return { created: ids.length, ids };
  });
}
