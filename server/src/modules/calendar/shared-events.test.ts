// A meeting is read by the people invited to it, whatever their team (the registry's sharedWith):
// on its page, in lists, counts and search — but only its organizer's scope may change it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let organizer: { id: string; agent: Agent };
let guest: { id: string; agent: Agent };
let stranger: { id: string; agent: Agent };
let eventId: string;

beforeAll(async () => {
  t = await createTestApp();
  organizer = await createUser(t, { role: 'sales_rep', team: 'Shared A' });
  guest = await createUser(t, { role: 'sales_rep', team: 'Shared B' });
  stranger = await createUser(t, { role: 'sales_rep', team: 'Shared C' });
  const booked = await organizer.agent.request('POST', '/api/v1/calendar/bookings', {
    event: {
      subject: 'Cross-team kickoff',
      startsAt: '2026-12-09T09:00:00Z',
      endsAt: '2026-12-09T10:00:00Z',
      timeZone: 'UTC',
      status: 'confirmed',
    },
    attendees: [{ userId: guest.id }],
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  eventId = booked.body.event.id;
});
afterAll(() => t?.close());

it('lets an invited person of another team read the meeting, and nobody else', async () => {
  expect((await guest.agent.request('GET', `/api/v1/events/${eventId}`)).body.title).toBe('Cross-team kickoff');
  expect((await stranger.agent.request('GET', `/api/v1/events/${eventId}`)).status).toBe(404);
  const listed = await guest.agent.request('GET', '/api/v1/events');
  expect(listed.body.data.map((e: { id: string }) => e.id)).toEqual([eventId]);
  expect((await stranger.agent.request('GET', '/api/v1/events')).body.data).toEqual([]);
  const found = await guest.agent.request('GET', '/api/v1/search?q=kickoff');
  expect(found.body.data.map((h: { id: string }) => h.id)).toContain(eventId);
  const counted = await guest.agent.request('GET', '/api/v1/events/aggregate?groupBy=status');
  expect(counted.status, JSON.stringify(counted.body)).toBe(200);
  expect(JSON.stringify(counted.body)).toContain('"count":1');
  // The invitation links to the meeting, which the guest may open.
  const told = await guest.agent.request('GET', '/api/v1/notifications?kind=invitation');
  expect(told.body.data[0]).toMatchObject({ record: { object: 'event', id: eventId } });
});

it('keeps changing it to the organizer: the guest can neither edit, delete nor bulk-change it', async () => {
  expect((await guest.agent.request('PATCH', `/api/v1/events/${eventId}`, { subject: 'Hijacked' })).status).toBe(404);
  expect((await guest.agent.request('DELETE', `/api/v1/events/${eventId}`)).status).toBe(404);
  const bulk = await guest.agent.request('POST', '/api/v1/events/bulk', {
    ids: [eventId],
    action: 'update',
    values: { subject: 'Hijacked' },
  });
  expect(bulk.body.updated ?? 0).toBe(0);
  expect((await organizer.agent.request('GET', `/api/v1/events/${eventId}`)).body.title).toBe('Cross-team kickoff');
});
