// Live updates: a change committed by one client reaches another client's socket — and only
// clients allowed to read that record hear of it; sockets close when their session or access ends.
import { realtimeClose } from '@kith/common/realtime';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../test/factories.ts';
import { roleId } from './auth/auth.service.ts';
import { notifyAuthChange } from './auth-events.ts';
import type { Realtime } from './realtime.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ realtime: true });
});
afterAll(() => t.close());

const realtime = () => (t.app as unknown as { realtime: Realtime }).realtime;

async function listen(cookie: string, headers: Record<string, string> = {}) {
  const messages: Array<{ type: string; object?: string; id?: string; action?: string }> = [];
  const closed: { code?: number; reason?: string } = {};
  const ws = await t.app.injectWS('/api/v1/realtime', { headers: { cookie, ...headers } } as never, {
    onInit: (socket) => {
      socket.on('message', (m: unknown) => messages.push(JSON.parse(String(m))));
      socket.on('close', (code: number, reason: Buffer) => Object.assign(closed, { code, reason: String(reason) }));
    },
  });
  return { ws, messages, closed };
}

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a realtime message');
    await new Promise((r) => setTimeout(r, 20));
  }
};

it('tells other tabs which record changed, after commit', async () => {
  const tab = await listen(t.admin.cookie);
  const created = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Live' });
  await until(() => tab.messages.some((m) => m.id === created.body.id && m.action === 'created'));
  await t.admin.request('PATCH', `/api/v1/contacts/${created.body.id}`, { lastName: 'Wire' });
  await until(() => tab.messages.some((m) => m.id === created.body.id && m.action === 'updated'));
  expect(tab.messages.find((m) => m.action === 'updated')).toEqual({
    type: 'record.changed',
    object: 'contact',
    id: created.body.id,
    action: 'updated',
  });
  tab.ws.terminate();
});

it('says nothing of objects the listener may not read', async () => {
  const role = await t.admin.request('POST', '/api/v1/roles', {
    name: 'Companies only',
    description: '',
    permissions: { company: { create: false, read: true, update: false, delete: false, export: false, scope: 'all' } },
  });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  const outsider = await createUser(t, { role: role.body.key });
  const tab = await listen(outsider.agent.cookie);
  const contact = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Secret' });
  const company = await t.admin.request('POST', '/api/v1/companies', { name: 'Public Co' });
  await until(() => tab.messages.some((m) => m.id === company.body.id));
  expect(tab.messages.some((m) => m.id === contact.body.id)).toBe(false);
  tab.ws.terminate();
});

it('refuses sockets without a session', async () => {
  await expect(t.app.injectWS('/api/v1/realtime')).rejects.toThrow();
});

it("keeps to the listener's record scope: a rep hears of their team's records, not of others'", async () => {
  const rep = await createUser(t, { role: 'sales_rep', team: 'North' });
  const mate = await createUser(t, { role: 'sales_rep', team: 'North' });
  const stranger = await createUser(t, { role: 'sales_rep', team: 'South' });
  const tab = await listen(rep.agent.cookie);
  const theirs = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'South', ownerId: stranger.id });
  const unowned = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Nobody' });
  const ours = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'North', ownerId: mate.id });
  expect([theirs.status, unowned.status, ours.status]).toEqual([201, 201, 201]);
  await until(() => tab.messages.some((m) => m.id === ours.body.id));
  // Moved out of the team: the rep hears of the move (their list drops it on refetch), then no more.
  await t.admin.request('PATCH', `/api/v1/contacts/${ours.body.id}`, { ownerId: stranger.id });
  await t.admin.request('PATCH', `/api/v1/contacts/${ours.body.id}`, { lastName: 'Now South' });
  await t.admin.request('PATCH', `/api/v1/contacts/${theirs.body.id}`, { lastName: 'Still South' });
  // Moved into the team: heard of.
  await t.admin.request('PATCH', `/api/v1/contacts/${theirs.body.id}`, { ownerId: mate.id });
  const marker = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Marker', ownerId: rep.id });
  await until(() => tab.messages.some((m) => m.id === marker.body.id));
  expect(tab.messages.filter((m) => m.type === 'record.changed').map((m) => [m.id, m.action])).toEqual([
    [ours.body.id, 'created'],
    [ours.body.id, 'updated'],
    [theirs.body.id, 'updated'],
    [marker.body.id, 'created'],
  ]);
  tab.ws.terminate();
});

it('keeps to a territory scope: a rep hears of records in their territory or their own, and of those leaving it', async () => {
  const roles = (await t.admin.request('GET', '/api/v1/roles')).body.data;
  const salesRep = roles.find((r: { key: string }) => r.key === 'sales_rep');
  const role = await t.admin.request('POST', '/api/v1/roles', {
    name: 'Live territory rep',
    permissions: { ...salesRep.permissions, company: { ...salesRep.permissions.company, scope: 'territory' } },
  });
  const rep = await createUser(t, { role: role.body.key, team: 'West' });
  const stranger = await createUser(t, { role: 'sales_rep', team: 'East' });
  const france = await t.admin.request('POST', '/api/v1/territories', { name: 'Live France', countries: ['FR'] });
  await t.admin.request('PUT', `/api/v1/territories/${france.body.id}/members`, {
    members: [{ userId: rep.id, role: 'rep' }],
  });
  const tab = await listen(rep.agent.cookie);
  const company = (name: string, country: string, ownerId = stranger.id) =>
    t.admin.request('POST', '/api/v1/companies', { name, country, ownerId });
  const inside = await company('Live Paris', 'FR');
  const outside = await company('Live Boston', 'US');
  expect(inside.body.territoryId).toBe(france.body.id);
  await until(() => tab.messages.some((m) => m.id === inside.body.id));
  // Moved out of the territory: heard of (their list drops it on refetch), then no more; moved back in: heard.
  await t.admin.request('PATCH', `/api/v1/companies/${inside.body.id}`, { country: 'US' });
  await t.admin.request('PATCH', `/api/v1/companies/${inside.body.id}`, { phone: '+1 555 0100' });
  await t.admin.request('PATCH', `/api/v1/companies/${outside.body.id}`, { country: 'FR' });
  const marker = await company('Live Mine', 'US', rep.id);
  await until(() => tab.messages.some((m) => m.id === marker.body.id));
  expect(tab.messages.filter((m) => m.type === 'record.changed').map((m) => [m.id, m.action])).toEqual([
    [inside.body.id, 'created'],
    [inside.body.id, 'updated'],
    [outside.body.id, 'updated'],
    [marker.body.id, 'created'],
  ]);
  tab.ws.terminate();
});

it('tells the people a record is shared with of its changes, and a notification only to its recipient', async () => {
  const organizer = await createUser(t, { role: 'sales_rep', team: 'Share East' });
  const guest = await createUser(t, { role: 'sales_rep', team: 'Share West' });
  const bystander = await createUser(t, { role: 'sales_rep', team: 'Share West' });
  const guestTab = await listen(guest.agent.cookie);
  const bystanderTab = await listen(bystander.agent.cookie);
  const booked = await organizer.agent.request('POST', '/api/v1/calendar/bookings', {
    event: {
      subject: 'Shared live',
      startsAt: '2026-12-10T09:00:00Z',
      endsAt: '2026-12-10T10:00:00Z',
      timeZone: 'UTC',
    },
    attendees: [{ userId: guest.id }],
  });
  expect(booked.status, JSON.stringify(booked.body)).toBe(201);
  const id = booked.body.event.id;
  await organizer.agent.request('PATCH', `/api/v1/events/${id}`, { location: 'Room 4' });
  await until(() => guestTab.messages.some((m) => m.id === id && m.action === 'updated'));
  await until(() => guestTab.messages.some((m) => m.type === 'notification'));
  const marker = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Marker', ownerId: bystander.id });
  await until(() => bystanderTab.messages.some((m) => m.id === marker.body.id));
  expect(bystanderTab.messages.some((m) => m.id === id || m.type === 'notification')).toBe(false);
  guestTab.ws.terminate();
  bystanderTab.ws.terminate();
});

it('tells the people of a meeting too large to name in a notification, by looking them up', async () => {
  const organizer = await createUser(t, { role: 'sales_rep', team: 'Big East' });
  // 200 guests, the most a meeting takes: their ids would pass a NOTIFY payload's 8,000 bytes, so
  // the event says "many" and each process looks its listeners up.
  // The guests who do not listen are made without signing in (sign-ins are rate-limited).
  const rep = await roleId(t.db, 'sales_rep');
  const quiet = await t.db.query<{ id: string }>(sql`
    INSERT INTO users (id, email, name, password_hash, role_id)
    SELECT gen_random_uuid(), 'big' || n || '@test.example', 'Big guest ' || n, 'x', ${rep}::uuid
    FROM generate_series(1, 199) n RETURNING id`);
  const listener = await createUser(t, { role: 'sales_rep', team: 'Big West' });
  const guests = [...quiet, listener];
  const outsider = await createUser(t, { role: 'sales_rep', team: 'Big West' });
  const tab = await listen(listener.agent.cookie);
  const outsiderTab = await listen(outsider.agent.cookie);
  try {
    const booked = await organizer.agent.request('POST', '/api/v1/calendar/bookings', {
      event: {
        subject: 'All hands',
        startsAt: '2026-12-11T09:00:00Z',
        endsAt: '2026-12-11T10:00:00Z',
        timeZone: 'UTC',
      },
      attendees: guests.map((g) => ({ userId: g.id })),
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.event.id;
    await organizer.agent.request('PATCH', `/api/v1/events/${id}`, { location: 'Main hall' });
    await until(() => tab.messages.some((m) => m.id === id && m.action === 'updated'));
    const marker = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Marker', ownerId: outsider.id });
    await until(() => outsiderTab.messages.some((m) => m.id === marker.body.id));
    expect(outsiderTab.messages.some((m) => m.id === id)).toBe(false);
  } finally {
    tab.ws.terminate();
    outsiderTab.ws.terminate();
  }
}, 60_000);

it('closes the socket when its session ends', async () => {
  const user = await createUser(t, { role: 'read_only' });
  const tab = await listen(user.agent.cookie);
  expect((await user.agent.request('POST', '/api/v1/auth/logout')).status).toBe(204);
  await until(() => tab.closed.code !== undefined);
  expect(tab.closed.code).toBe(realtimeClose.sessionEnded);
  expect(realtime().clients.size).toBe(0);
});

it('closes the socket when its user is deactivated or given another role', async () => {
  const demoted = await createUser(t, { role: 'sales_manager' });
  const deactivated = await createUser(t, { role: 'sales_manager' });
  const a = await listen(demoted.agent.cookie);
  const b = await listen(deactivated.agent.cookie);
  const readOnly = await roleId(t.db, 'read_only');
  expect((await t.admin.request('PATCH', `/api/v1/users/${demoted.id}`, { roleId: readOnly })).status).toBe(200);
  expect((await t.admin.request('PATCH', `/api/v1/users/${deactivated.id}`, { isActive: false })).status).toBe(200);
  await until(() => a.closed.code !== undefined && b.closed.code !== undefined);
  expect(a.closed.code).toBe(realtimeClose.accessChanged);
  expect(b.closed.code).toBe(realtimeClose.sessionEnded);
});

it('closes at once on an announced change that no trigger saw', async () => {
  const user = await createUser(t, { role: 'read_only' });
  const tab = await listen(user.agent.cookie);
  const client = [...realtime().clients].find((c) => c.principal.userId === user.id);
  await notifyAuthChange(t.db, { kind: 'session', id: client?.sessionId as string });
  await until(() => tab.closed.code !== undefined);
  expect(tab.closed.code).toBe(realtimeClose.sessionEnded);
});

it('finds out on its periodic re-check what no notification said', async () => {
  const user = await createUser(t, { role: 'read_only' });
  const tab = await listen(user.agent.cookie);
  // Expired, quietly: no trigger fires for this, and no process was told.
  await t.db.query(sql`UPDATE sessions SET expires_at = now() - interval '1 minute' WHERE user_id = ${user.id}`);
  await realtime().recheck();
  await until(() => tab.closed.code !== undefined);
  expect(tab.closed.code).toBe(realtimeClose.sessionEnded);
});

it("refuses pages from another origin, and allows the app's own", async () => {
  await expect(
    t.app.injectWS('/api/v1/realtime', {
      headers: { cookie: t.admin.cookie, origin: 'https://evil.example' },
    } as never),
  ).rejects.toThrow(/403/);
  await expect(
    t.app.injectWS('/api/v1/realtime', { headers: { cookie: t.admin.cookie, origin: 'null' } } as never),
  ).rejects.toThrow(/403/);
  const own = await listen(t.admin.cookie, { origin: 'http://kith.test' });
  const sameHost = await listen(t.admin.cookie, { origin: 'http://kith.internal:3000', host: 'kith.internal:3000' });
  await until(() => own.messages.length > 0 && sameHost.messages.length > 0);
  own.ws.terminate();
  sameHost.ws.terminate();
});

it('caps live sockets per user with a clear close code', async () => {
  const user = await createUser(t, { role: 'read_only' });
  const tabs: Array<Awaited<ReturnType<typeof listen>>> = [];
  for (let i = 0; i < 20; i++) tabs.push(await listen(user.agent.cookie));
  await until(() => tabs.every((tab) => tab.messages.length > 0));
  const extra = await listen(user.agent.cookie);
  await until(() => extra.closed.code !== undefined);
  expect(extra.closed.code).toBe(realtimeClose.tooMany);
  // Another user is not affected.
  const other = await listen(t.admin.cookie);
  await until(() => other.messages.length > 0);
  for (const tab of [...tabs, other]) tab.ws.terminate();
});
