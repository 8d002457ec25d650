// The secret feed (read back with ical.js) and .ics import (all or nothing, a clear 400).
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let ann: { id: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp();
  ann = await createUser(t, { role: 'sales_rep', team: 'Feed', name: 'Ann' });
});
afterAll(() => t?.close());

const ics = (body: string) => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n${body}END:VCALENDAR\r\n`;

describe('calendar feed', () => {
  it('serves the user’s events at a secret address that a new one revokes', async () => {
    await ann.agent.request('POST', '/api/v1/events', {
      subject: 'Weekly sync',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 90_000_000).toISOString(),
      timeZone: 'Europe/Berlin',
      recurrence: 'FREQ=WEEKLY',
    });
    expect((await ann.agent.request('GET', '/api/v1/calendar/feed')).body).toEqual({ active: false, createdAt: null });
    const made = await ann.agent.request('POST', '/api/v1/calendar/feed');
    expect(made.status).toBe(201);
    const path = new URL(made.body.url).pathname;
    const token = /feed\/(.+)\.ics$/.exec(path)?.[1] ?? '';
    // Only a hash is kept.
    expect(JSON.stringify(await t.db.query(sql`SELECT * FROM calendar_feeds`))).not.toContain(token);
    const res = await t.app.inject({ method: 'GET', url: path });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const cal = new ICAL.Component(ICAL.parse(res.body));
    const ev = cal.getFirstSubcomponent('vevent');
    expect(ev?.getFirstPropertyValue('summary')).toBe('Weekly sync');
    expect(String(ev?.getFirstPropertyValue('rrule'))).toBe('FREQ=WEEKLY');
    expect(cal.getFirstPropertyValue('method')).toBeNull();

    await ann.agent.request('POST', '/api/v1/calendar/feed');
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    await ann.agent.request('DELETE', '/api/v1/calendar/feed');
    expect((await ann.agent.request('GET', '/api/v1/calendar/feed')).body.active).toBe(false);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/calendar/feed/not-a-real-token-at-all.ics' })).statusCode,
    ).toBe(404);
  });
});

describe('ics import', () => {
  it('creates the file’s events, in their own zone, repeating ones with their rule', async () => {
    const res = await ann.agent.request('POST', '/api/v1/calendar/import', {
      ics: ics(
        'BEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART:20270320T090000Z\r\nDTEND:20270320T100000Z\r\nSUMMARY:Imported one\r\nLOCATION:Café\r\nEND:VEVENT\r\n' +
          'BEGIN:VEVENT\r\nUID:b@x\r\nDTSTAMP:20270101T000000Z\r\nDTSTART;TZID=Europe/Berlin:20270322T090000\r\nDTEND;TZID=Europe/Berlin:20270322T093000\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Imported weekly\r\nEND:VEVENT\r\n',
      ),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.created).toBe(2);
    const weekly = await ann.agent.request('GET', `/api/v1/events/${res.body.ids[1]}`);
    expect(weekly.body).toMatchObject({
      subject: 'Imported weekly',
      timeZone: 'Europe/Berlin',
      startsAt: '2027-03-22T08:00:00.000Z',
      recurrence: 'RRULE:FREQ=WEEKLY;COUNT=3',
      organizerId: ann.id,
      seriesEndsAt: '2027-04-05T07:30:00.000Z',
    });
  });

  it.each([
    ['not a calendar at all', 'ics'],
    [ics(''), 'no events'],
    [
      ics(
        'BEGIN:VEVENT\r\nUID:c@x\r\nDTSTART:20270320T100000Z\r\nDTEND:20270320T090000Z\r\nSUMMARY:Backwards\r\nEND:VEVENT\r\n',
      ),
      'endsAt',
    ],
  ])('refuses a bad file with a clear 400 and writes nothing (%#)', async (text, why) => {
    const before = await t.db.query(sql`SELECT count(*)::int AS n FROM calendar_events`);
    const res = await ann.agent.request('POST', '/api/v1/calendar/import', { ics: text });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.message).toContain('ics');
    expect(res.body.error.message).toContain(why);
    expect(await t.db.query(sql`SELECT count(*)::int AS n FROM calendar_events`)).toEqual(before);
  });
});
