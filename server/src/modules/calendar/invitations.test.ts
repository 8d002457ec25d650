// Invitations as a calendar client reads them: ical.js parses the outbox's .ics, and its times,
// method, sequence, organizer and attendees are the event's.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let ann: { id: string; email: string; agent: Agent };
let ben: { id: string; email: string; agent: Agent };
let contactId: string;

interface Mail {
  to: string;
  subject: string;
  attachments: Array<{ filename: string; contentType: string; content: string }>;
}
const mailTo = async (to: string): Promise<Mail[]> =>
  (await t.admin.request('GET', '/api/v1/outbox')).body.data.filter((m: Mail) => m.to === to).reverse();
const parse = (ics: string) => {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevent = cal.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { cal, vevent, event: new ICAL.Event(vevent) };
};

beforeAll(async () => {
  t = await createTestApp();
  ann = await createUser(t, { role: 'sales_rep', team: 'Inv', name: 'Ann Organizer' });
  ben = await createUser(t, { role: 'sales_rep', team: 'Inv', name: 'Ben Attendee' });
  const c = await t.admin.request('POST', '/api/v1/contacts', {
    firstName: 'Carla',
    lastName: 'Client',
    email: 'carla@client.example',
    ownerId: ann.id,
  });
  contactId = c.body.id;
});
afterAll(() => t?.close());

describe('invitations', () => {
  let eventId: string;

  it('go to users and contacts as METHOD:REQUEST with the right times, organizer and attendees', async () => {
    const res = await ann.agent.request('POST', '/api/v1/calendar/bookings', {
      event: {
        subject: 'Contract review',
        startsAt: '2027-03-15T08:00:00Z',
        endsAt: '2027-03-15T09:30:00Z',
        timeZone: 'Europe/Berlin',
        location: 'Room 4',
        videoUrl: 'https://video.example/room4',
      },
      attendees: [{ userId: ben.id }, { contactId }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    eventId = res.body.event.id;
    for (const to of [ben.email, 'carla@client.example']) {
      const [mail] = await mailTo(to);
      expect(mail?.subject).toBe('Invitation: Contract review — Mon 15 Mar 2027, 09:00–10:30 (Europe/Berlin)');
      const ics = mail?.attachments[0];
      expect(ics?.contentType).toBe('text/calendar; method=REQUEST; charset=UTF-8');
      const { cal, vevent, event } = parse(ics?.content ?? '');
      expect(cal.getFirstPropertyValue('method')).toBe('REQUEST');
      expect(event.uid).toBe(`${eventId}@kith.test`);
      expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-15T08:00:00.000Z');
      expect(event.endDate.toJSDate().toISOString()).toBe('2027-03-15T09:30:00.000Z');
      expect(event.sequence).toBe(0);
      expect(event.location).toBe('Room 4');
      expect(vevent.getFirstPropertyValue('organizer')).toBe(`mailto:${ann.email}`);
      expect(vevent.getFirstPropertyValue('dtstamp')).toBeTruthy();
      const people = vevent
        .getAllProperties('attendee')
        .map((p) => [p.getFirstValue(), p.getParameter('partstat'), p.getParameter('rsvp')]);
      expect(people).toEqual([
        [`mailto:${ben.email}`, 'NEEDS-ACTION', 'TRUE'],
        ['mailto:carla@client.example', 'NEEDS-ACTION', 'TRUE'],
      ]);
    }
    // The organizer gets no invitation to their own meeting; Ben is told in the app.
    expect(await mailTo(ann.email)).toEqual([]);
    const told = await ben.agent.request('GET', '/api/v1/notifications');
    expect(told.body.data[0]).toMatchObject({ kind: 'invitation', record: { object: 'event', id: eventId } });
  });

  it('send a change as an update with SEQUENCE + 1, and a cancellation as METHOD:CANCEL', async () => {
    const moved = await ann.agent.request('PATCH', `/api/v1/events/${eventId}`, {
      startsAt: '2027-03-15T10:00:00Z',
      endsAt: '2027-03-15T11:00:00Z',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.sequence).toBe(1);
    const update = (await mailTo(ben.email)).at(-1);
    expect(update?.subject).toMatch(/^Updated invitation: Contract review — Mon 15 Mar 2027, 11:00–12:00/);
    const { event } = parse(update?.attachments[0]?.content ?? '');
    expect(event.sequence).toBe(1);
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-15T10:00:00.000Z');
    // A note in the description is not worth re-sending.
    await ann.agent.request('PATCH', `/api/v1/events/${eventId}`, { description: 'Bring the draft' });
    expect(await mailTo(ben.email)).toHaveLength(2);

    const cancelled = await ann.agent.request('PATCH', `/api/v1/events/${eventId}`, { status: 'cancelled' });
    expect(cancelled.body.sequence).toBe(2);
    const cancel = (await mailTo('carla@client.example')).at(-1);
    expect(cancel?.attachments[0]?.contentType).toContain('method=CANCEL');
    const parsed = parse(cancel?.attachments[0]?.content ?? '');
    expect(parsed.cal.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(parsed.vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(parsed.event.sequence).toBe(2);
  });

  it('carry a repeating event in its own zone with a VTIMEZONE, so clients keep 09:00 across DST', async () => {
    const res = await ann.agent.request('POST', '/api/v1/calendar/bookings', {
      event: {
        subject: 'Weekly sync',
        startsAt: '2027-03-15T08:00:00Z',
        endsAt: '2027-03-15T08:30:00Z',
        timeZone: 'Europe/Berlin',
        recurrence: 'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4\nEXDATE:20270322T090000',
      },
      attendees: [{ userId: ben.id }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const mail = (await mailTo(ben.email)).at(-1);
    const { event } = parse(mail?.attachments[0]?.content ?? '');
    expect(event.startDate.zone?.tzid).toBe('Europe/Berlin');
    const it = event.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next; next = it.next()) {
      if (event.component.getAllProperties('exdate').some((p) => (p.getFirstValue() as ICAL.Time).compare(next) === 0))
        continue;
      starts.push(next.toJSDate().toISOString());
    }
    expect(starts).toEqual(['2027-03-15T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-04-05T07:00:00.000Z']);
  });

  it('tell those taken off with a CANCEL, and a deleted event cancels for everyone', async () => {
    const [e] = await t.db.query<{ id: string }>(sql`SELECT id FROM calendar_events WHERE title = 'Weekly sync'`);
    const before = (await mailTo(ben.email)).length;
    await ann.agent.request('PUT', `/api/v1/events/${e?.id}/attendees`, { attendees: [] });
    const mails = await mailTo(ben.email);
    expect(mails).toHaveLength(before + 1);
    expect(mails.at(-1)?.subject).toMatch(/^Cancelled: Weekly sync/);
    await ann.agent.request('PUT', `/api/v1/events/${e?.id}/attendees`, { attendees: [{ contactId }] });
    expect((await ann.agent.request('DELETE', `/api/v1/events/${e?.id}`)).status).toBe(204);
    expect((await mailTo('carla@client.example')).at(-1)?.subject).toMatch(/^Cancelled: Weekly sync/);
  });
});
