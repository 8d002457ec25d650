// One timeline per record: notes and every activity linked to it (a call's contact and its
// subject both show it), newest first, by kind, in the reader's scope; pages that never skip or
// repeat an item, whatever the mix of kinds and equal times.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let teammate: { id: string; agent: Agent };
let manager: { id: string; agent: Agent };
let contactId: string;
let companyId: string;

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Timeline A' });
  teammate = await createUser(t, { role: 'sales_rep', team: 'Timeline A' });
  manager = await createUser(t, { role: 'sales_manager', team: 'Timeline M' });
  companyId = (await t.admin.request('POST', '/api/v1/companies', { name: 'Acme Timeline', ownerId: rep.id })).body.id;
  contactId = (
    await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Tim', lastName: 'Line', ownerId: rep.id })
  ).body.id;
});
afterAll(() => t?.close());

type Item = { kind: string; id: string; at: string; record?: { subject?: string }; body?: string };
const timelineOf = async (agent: Agent, path: string, query = '') => {
  const res = await agent.request('GET', `/api/v1/${path}/timeline${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { data: Item[]; nextCursor: string | null };
};
const label = (i: Item) => `${i.kind}:${i.record?.subject ?? i.body}`;

describe('the timeline', () => {
  it('holds calls, emails, tasks and notes on every record they concern, newest first, filterable by kind', async () => {
    const call = await rep.agent.request('POST', '/api/v1/calls', {
      subject: 'Discovery call',
      direction: 'outbound',
      outcome: 'connected',
      occurredAt: '2026-11-20T10:00:00Z',
      durationMinutes: 25,
      contactId,
      about: { object: 'company', id: companyId },
      ownerId: rep.id,
    });
    expect(call.status, JSON.stringify(call.body)).toBe(201);
    const email = await rep.agent.request('POST', '/api/v1/emails', {
      subject: 'Follow-up: pricing',
      direction: 'sent',
      occurredAt: '2026-11-21T08:30:00Z',
      from: 'rep@kith.example',
      to: ['tim@acme.example'],
      contactId,
      ownerId: rep.id,
    });
    expect(email.status, JSON.stringify(email.body)).toBe(201);
    const task = await rep.agent.request('POST', '/api/v1/tasks', {
      subject: 'Send the proposal',
      about: { object: 'contact', id: contactId },
      assigneeId: rep.id,
    });
    expect(task.status).toBe(201);
    await rep.agent.request('POST', '/api/v1/notes', {
      objectType: 'contact',
      recordId: contactId,
      body: 'Likes golf',
    });

    const contact = await timelineOf(rep.agent, `contacts/${contactId}`);
    // The task and the note were made now; the email and the call happened in November.
    expect(contact.data.map(label)).toEqual([
      'note:Likes golf',
      'task:Send the proposal',
      'email:Follow-up: pricing',
      'call:Discovery call',
    ]);
    const callItem = contact.data[3];
    expect(callItem).toMatchObject({
      kind: 'call',
      at: '2026-11-20T10:00:00.000Z',
      record: { outcome: 'connected', durationMinutes: 25, about: { object: 'company', title: 'Acme Timeline' } },
    });
    // The call concerns the company too: it shows there, once.
    expect((await timelineOf(rep.agent, `companies/${companyId}`)).data.map(label)).toEqual(['call:Discovery call']);

    const onlyTalk = await timelineOf(rep.agent, `contacts/${contactId}`, '?kinds=call,email');
    expect(onlyTalk.data.map(label)).toEqual(['email:Follow-up: pricing', 'call:Discovery call']);
    expect((await timelineOf(rep.agent, `contacts/${contactId}`, '?kinds=note')).data.map(label)).toEqual([
      'note:Likes golf',
    ]);
  });

  it('shows a meeting with two contacts of a company on all three timelines', async () => {
    const other = (
      await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Otto', lastName: 'Other', ownerId: rep.id })
    ).body.id;
    const booked = await rep.agent.request('POST', '/api/v1/calendar/bookings', {
      event: {
        subject: 'Pilot kick-off',
        startsAt: '2026-12-10T09:00:00Z',
        endsAt: '2026-12-10T10:00:00Z',
        timeZone: 'Europe/Berlin',
        about: { object: 'company', id: companyId },
        organizerId: rep.id,
      },
      attendees: [{ contactId }, { contactId: other }, { userId: teammate.id }],
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    for (const path of [`contacts/${contactId}`, `contacts/${other}`, `companies/${companyId}`]) {
      const meetings = await timelineOf(rep.agent, path, '?kinds=event');
      expect(meetings.data.map(label), path).toEqual(['event:Pilot kick-off']);
    }
    // Newest first among the rest: the meeting is in December, ahead of everything else.
    expect((await timelineOf(rep.agent, `contacts/${contactId}`)).data[0]).toMatchObject({
      kind: 'event',
      at: '2026-12-10T09:00:00.000Z',
    });
    // Moved, it moves on every timeline, the attendees' included.
    const moved = await rep.agent.request('PATCH', `/api/v1/events/${booked.body.event.id}`, {
      startsAt: '2026-11-01T09:00:00Z',
      endsAt: '2026-11-01T10:00:00Z',
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    for (const path of [`contacts/${other}`, `companies/${companyId}`]) {
      const [meeting] = (await timelineOf(rep.agent, path, '?kinds=event')).data;
      expect(meeting, path).toMatchObject({ kind: 'event', at: '2026-11-01T09:00:00.000Z' });
    }
    const page = (await timelineOf(rep.agent, `contacts/${contactId}`)).data.map(label);
    expect(page.indexOf('event:Pilot kick-off')).toBeGreaterThan(page.indexOf('email:Follow-up: pricing'));
  });

  it("keeps to each reader's scope on every kind: a teammate sees the team's calls, not the manager's own", async () => {
    const mine = await manager.agent.request('POST', '/api/v1/calls', {
      subject: "Manager's private call",
      occurredAt: '2026-11-25T12:00:00Z',
      contactId,
      ownerId: manager.id,
    });
    expect(mine.status).toBe(201);
    const seenByManager = await timelineOf(manager.agent, `contacts/${contactId}`, '?kinds=call');
    expect(seenByManager.data.map(label)).toEqual(["call:Manager's private call", 'call:Discovery call']);
    const seenByTeammate = await timelineOf(teammate.agent, `contacts/${contactId}`, '?kinds=call');
    expect(seenByTeammate.data.map(label)).toEqual(['call:Discovery call']);
    // A deleted activity leaves every timeline.
    await manager.agent.request('DELETE', `/api/v1/calls/${mine.body.id}`);
    expect((await timelineOf(manager.agent, `contacts/${contactId}`, '?kinds=call')).data).toHaveLength(1);
  });

  it('refuses bad input naming the parameter', async () => {
    for (const query of ['?cursor=garbage', '?kinds=call;drop', '?limit=0']) {
      const res = await rep.agent.request('GET', `/api/v1/contacts/${contactId}/timeline${query}`);
      expect(res.status, query).toBe(400);
    }
    const res = await rep.agent.request('GET', `/api/v1/contacts/${contactId}/timeline?cursor=garbage`);
    expect(res.body.error.message).toContain('cursor');
    const badCall = await rep.agent.request('POST', '/api/v1/calls', {
      subject: 'Too long',
      occurredAt: '2026-11-25T12:00:00Z',
      durationMinutes: 100_000,
    });
    expect(badCall.status).toBe(400);
    expect(badCall.body.error.message).toContain('durationMinutes');
  });

  it('pages through any mix of kinds and equal times without skipping or repeating', async () => {
    const times = ['2025-01-01T00:00:00Z', '2025-01-02T00:00:00Z', '2025-01-03T00:00:00Z'];
    const item = fc.record({ kind: fc.constantFrom('call', 'email', 'note'), at: fc.constantFrom(...times) });
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { minLength: 0, maxLength: 12 }),
        fc.integer({ min: 1, max: 5 }),
        async (items, limit) => {
          const target = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Paged', ownerId: rep.id }))
            .body.id as string;
          const made: string[] = [];
          for (const [n, it] of items.entries()) {
            if (it.kind === 'note') {
              const note = await rep.agent.request('POST', '/api/v1/notes', {
                objectType: 'contact',
                recordId: target,
                body: `n${n}`,
              });
              // Notes take their time from when they are written: place them at the drawn time.
              await t.db.query(
                sql`UPDATE notes SET created_at = ${it.at}::timestamptz WHERE id = ${note.body.id}::uuid`,
              );
              made.push(note.body.id);
            } else {
              const res = await rep.agent.request('POST', `/api/v1/${it.kind}s`, {
                subject: `s${n}`,
                occurredAt: it.at,
                contactId: target,
                ownerId: rep.id,
              });
              expect(res.status, JSON.stringify(res.body)).toBe(201);
              made.push(res.body.id);
            }
          }
          const seen: Item[] = [];
          let cursor: string | null = null;
          do {
            const page = await timelineOf(
              rep.agent,
              `contacts/${target}`,
              `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
            );
            expect(page.data.length).toBeLessThanOrEqual(limit);
            seen.push(...page.data);
            cursor = page.nextCursor;
            // A cursor that does not move on would page forever: fail instead.
            expect(seen.length).toBeLessThanOrEqual(items.length);
          } while (cursor);
          expect(seen.map((i) => i.id).sort()).toEqual([...made].sort());
          // Newest first, ties by id descending.
          const order = [...seen].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
          expect(seen.map((i) => i.id)).toEqual(order.map((i) => i.id));
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});
