// Events through the API: the checks that name their field, attendees written with the event,
// answers, and who sees what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let ann: { id: string; agent: Agent };
let ben: { id: string; agent: Agent };
let other: { id: string; agent: Agent };
let contactId: string;
let hiddenContactId: string;

const meeting = (over: Record<string, unknown> = {}) => ({
  subject: 'Quarterly review',
  startsAt: '2027-03-15T08:00:00Z',
  endsAt: '2027-03-15T09:00:00Z',
  timeZone: 'Europe/Berlin',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  ann = await createUser(t, { role: 'sales_rep', team: 'Cal A', name: 'Ann Organizer' });
  ben = await createUser(t, { role: 'sales_rep', team: 'Cal A', name: 'Ben Attendee' });
  other = await createUser(t, { role: 'sales_rep', team: 'Cal B', name: 'Olga Other' });
  const c = await t.admin.request('POST', '/api/v1/contacts', {
    firstName: 'Carla',
    lastName: 'Client',
    emails: ['carla@client.example'],
    ownerId: ann.id,
  });
  contactId = c.body.id;
  const h = await t.admin.request('POST', '/api/v1/contacts', {
    firstName: 'Hidden',
    lastName: 'Person',
    ownerId: other.id,
  });
  hiddenContactId = h.body.id;
});
afterAll(() => t?.close());

describe('events', () => {
  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ timeZone: '+02:00' }, 'timeZone'],
    [{ endsAt: '2027-03-15T08:00:00Z' }, 'endsAt'],
    [{ endsAt: '2027-03-15T07:00:00Z' }, 'endsAt'],
    [{ recurrence: 'FREQ=HOURLY' }, 'recurrence'],
    [{ recurrence: 'every monday' }, 'recurrence'],
  ])('refuse %j with a 400 naming %s, writing nothing', async (bad, name) => {
    const res = await ann.agent.request('POST', '/api/v1/events', meeting({ ...bad, subject: `Bad ${name}` }));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.message).toContain(name);
    const [n] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM calendar_events WHERE title = ${`Bad ${name}`}`,
    );
    expect(n?.n).toBe(0);
  });

  it('are created with the organizer as owner, revision 0, and the end of their series', async () => {
    const res = await ann.agent.request('POST', '/api/v1/events', meeting({ recurrence: 'FREQ=WEEKLY;COUNT=2' }));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ organizerId: ann.id, sequence: 0, seriesEndsAt: '2027-03-22T09:00:00.000Z' });
    const bad = await ann.agent.request('PATCH', `/api/v1/events/${res.body.id}`, { endsAt: '2027-03-15T07:59:00Z' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('endsAt');
  });

  it('are booked with attendees in one transaction; a contact the booker may not read refuses the whole booking', async () => {
    const refused = await ann.agent.request('POST', '/api/v1/calendar/bookings', {
      event: meeting({ subject: 'Never booked' }),
      attendees: [{ userId: ben.id }, { contactId: hiddenContactId }],
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.message).toContain('attendees.1');
    expect(await t.db.query(sql`SELECT 1 FROM calendar_events WHERE title = 'Never booked'`)).toEqual([]);

    const res = await ann.agent.request('POST', '/api/v1/calendar/bookings', {
      event: meeting({ subject: 'Kick-off', about: { object: 'contact', id: contactId } }),
      attendees: [{ userId: ben.id }, { contactId }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.attendees.map((a: { name: string; response: string }) => [a.name, a.response])).toEqual([
      ['Ben Attendee', 'needsAction'],
      ['Carla Client', 'needsAction'],
    ]);
  });

  it('let an invited user answer, tell the organizer, and show it on the organizer’s calendar', async () => {
    const [e] = await t.db.query<{ id: string }>(sql`SELECT id FROM calendar_events WHERE title = 'Kick-off'`);
    const id = e?.id as string;
    expect((await other.agent.request('POST', `/api/v1/events/${id}/respond`, { response: 'accepted' })).status).toBe(
      404,
    );
    const bad = await ben.agent.request('POST', `/api/v1/events/${id}/respond`, { response: 'maybe' });
    expect(bad.status).toBe(400);
    const ok = await ben.agent.request('POST', `/api/v1/events/${id}/respond`, { response: 'accepted' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const told = await ann.agent.request('GET', '/api/v1/notifications');
    expect(told.body.data.map((n: { title: string }) => n.title)).toContain('Ben Attendee accepted: Kick-off');
    const cal = await ann.agent.request(
      'GET',
      `/api/v1/calendar/occurrences?start=2027-03-15T00:00:00Z&end=2027-03-16T00:00:00Z&users=${ann.id},${ben.id}`,
    );
    expect(cal.status, JSON.stringify(cal.body)).toBe(200);
    const kick = cal.body.data.find((o: { title: string }) => o.title === 'Kick-off');
    expect(kick.responses).toEqual({ [ann.id]: 'accepted', [ben.id]: 'accepted' });
  });

  it('show someone else’s event to a reader who may not read it as busy only', async () => {
    await other.agent.request(
      'POST',
      '/api/v1/events',
      meeting({ subject: 'Secret interview', startsAt: '2027-03-16T10:00:00Z', endsAt: '2027-03-16T11:00:00Z' }),
    );
    const cal = await ann.agent.request(
      'GET',
      `/api/v1/calendar/occurrences?start=2027-03-16T00:00:00Z&end=2027-03-17T00:00:00Z&users=${other.id}`,
    );
    expect(cal.body.data).toHaveLength(1);
    expect(cal.body.data[0]).toMatchObject({ eventId: null, title: null, busy: true, userIds: [other.id] });
    expect(JSON.stringify(cal.body)).not.toContain('Secret');
  });

  it('replace attendees only for those who may update the event', async () => {
    const [e] = await t.db.query<{ id: string }>(sql`SELECT id FROM calendar_events WHERE title = 'Kick-off'`);
    const id = e?.id as string;
    expect((await other.agent.request('PUT', `/api/v1/events/${id}/attendees`, { attendees: [] })).status).toBe(404);
    const bad = await ann.agent.request('PUT', `/api/v1/events/${id}/attendees`, { attendees: [{ userId: 'nope' }] });
    expect(bad.status).toBe(400);
    const res = await ann.agent.request('PUT', `/api/v1/events/${id}/attendees`, { attendees: [{ userId: ben.id }] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    // Ben kept his answer; Carla was taken off.
    expect(res.body.data).toMatchObject([{ userId: ben.id, response: 'accepted' }]);
  });
});
