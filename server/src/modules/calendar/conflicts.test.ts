// Conflicts and free/busy, edge by edge: touching is no clash; all-day, cancelled and declined
// events do not block; repeating events clash on their occurrences; the next free slot skips
// busy times, evenings and weekends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { nextFree } from './busy.service.ts';

let t: TestApp;
let ann: { id: string; agent: Agent };
let ben: { id: string; agent: Agent };

const ev = async (
  who: { agent: Agent },
  subject: string,
  startsAt: string,
  endsAt: string,
  more: Record<string, unknown> = {},
) => {
  const res = await who.agent.request('POST', '/api/v1/events', {
    subject,
    startsAt,
    endsAt,
    timeZone: 'Europe/Berlin',
    ...more,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const check = (start: string, end: string, users: string[]) =>
  ann.agent.request(
    'GET',
    `/api/v1/events/conflicts?start=${start}&end=${end}&attendees=${users.join(',')}&timeZone=Europe/Berlin`,
  );

beforeAll(async () => {
  t = await createTestApp();
  ann = await createUser(t, { role: 'sales_rep', team: 'Conf', name: 'Ann' });
  ben = await createUser(t, { role: 'sales_rep', team: 'Conf', name: 'Ben' });
  // Ben's Monday 15 March 2027 (Berlin, UTC+1): 10:00–11:00 busy.
  await ev(ben, 'Ben busy', '2027-03-15T09:00:00Z', '2027-03-15T10:00:00Z');
  await ev(ben, 'Ben all day', '2027-03-15T00:00:00Z', '2027-03-16T00:00:00Z', { allDay: true });
  await ev(ben, 'Ben cancelled', '2027-03-15T12:00:00Z', '2027-03-15T13:00:00Z', { status: 'cancelled' });
  // Weekly on Tuesdays 09:00 Berlin.
  await ev(ben, 'Ben weekly', '2027-03-02T08:00:00Z', '2027-03-02T09:00:00Z', { recurrence: 'FREQ=WEEKLY;BYDAY=TU' });
  // Ann invites Ben at 14:00; he declines.
  const b = await ann.agent.request('POST', '/api/v1/calendar/bookings', {
    event: {
      subject: 'Declined one',
      startsAt: '2027-03-15T13:00:00Z',
      endsAt: '2027-03-15T14:00:00Z',
      timeZone: 'Europe/Berlin',
    },
    attendees: [{ userId: ben.id }],
  });
  await ben.agent.request('POST', `/api/v1/events/${b.body.event.id}/respond`, { response: 'declined' });
});
afterAll(() => t?.close());

describe('conflicts', () => {
  it('find an overlapping event and offer the next free slot of the same length', async () => {
    const res = await check('2027-03-15T09:30:00Z', '2027-03-15T10:30:00Z', [ben.id]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.clashes.map((c: { title: string }) => c.title)).toEqual(['Ben busy']);
    expect(res.body.nextFreeSlot).toEqual({ start: '2027-03-15T10:00:00.000Z', end: '2027-03-15T11:00:00.000Z' });
  });

  it('are none for back-to-back events', async () => {
    expect((await check('2027-03-15T10:00:00Z', '2027-03-15T11:00:00Z', [ben.id])).body.clashes).toEqual([]);
    expect((await check('2027-03-15T08:00:00Z', '2027-03-15T09:00:00Z', [ben.id])).body.clashes).toEqual([]);
  });

  it('ignore all-day, cancelled and declined events', async () => {
    const res = await check('2027-03-15T11:00:00Z', '2027-03-15T15:00:00Z', [ben.id]);
    expect(res.body.clashes).toEqual([]);
    expect(res.body.nextFreeSlot.start).toBe('2027-03-15T11:00:00.000Z');
  });

  it('clash with a repeating event on its occurrences only, at its local time after the DST change', async () => {
    // 30 March 2027 is after the change: 09:00 Berlin is 07:00 UTC.
    const on = await check('2027-03-30T07:30:00Z', '2027-03-30T08:00:00Z', [ben.id]);
    expect(on.body.clashes.map((c: { title: string; start: string }) => [c.title, c.start])).toEqual([
      ['Ben weekly', '2027-03-30T07:00:00.000Z'],
    ]);
    expect((await check('2027-03-31T07:30:00Z', '2027-03-31T08:00:00Z', [ben.id])).body.clashes).toEqual([]);
  });

  it('refuse a bad window or zone with a 400 naming the field', async () => {
    const back = await check('2027-03-15T10:00:00Z', '2027-03-15T09:00:00Z', [ben.id]);
    expect(back.status).toBe(400);
    expect(back.body.error.message).toContain('end');
    const zone = await ann.agent.request(
      'GET',
      `/api/v1/events/conflicts?start=2027-03-15T09:00:00Z&end=2027-03-15T10:00:00Z&attendees=${ben.id}&timeZone=Nowhere/Land`,
    );
    expect(zone.status).toBe(400);
    expect(zone.body.error.message).toContain('timeZone');
    const who = await ann.agent.request(
      'GET',
      '/api/v1/events/conflicts?start=2027-03-15T09:00:00Z&end=2027-03-15T10:00:00Z&attendees=x',
    );
    expect(who.status).toBe(400);
    expect(who.body.error.message).toContain('attendees');
  });
});

describe('free/busy', () => {
  it('lists merged busy times per person, no titles', async () => {
    const res = await ann.agent.request(
      'GET',
      `/api/v1/events/free-busy?users=${ben.id},${ann.id}&start=2027-03-15T00:00:00Z&end=2027-03-16T00:00:00Z`,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toEqual([
      { userId: ben.id, busy: [{ start: '2027-03-15T09:00:00.000Z', end: '2027-03-15T10:00:00.000Z' }] },
      { userId: ann.id, busy: [{ start: '2027-03-15T13:00:00.000Z', end: '2027-03-15T14:00:00.000Z' }] },
    ]);
  });
});

describe('next free slot', () => {
  it('skips the evening and the weekend in the organizer’s zone', () => {
    // Friday 19 March 2027 17:30 Berlin (16:30 UTC), an hour long: Monday 08:00 Berlin.
    const slot = nextFree([], new Date('2027-03-19T16:30:00Z'), 3_600_000, 'Europe/Berlin', new Date('2027-05-01Z'));
    expect(slot).toEqual({ start: '2027-03-22T07:00:00.000Z', end: '2027-03-22T08:00:00.000Z' });
  });
});
