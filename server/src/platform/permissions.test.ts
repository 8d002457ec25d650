// The authorization matrix: every record route × every built-in role × a record of one's own
// and a record of another team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../test/factories.ts';
import { builtinRoles } from './permissions.ts';

let t: TestApp;
const agents: Record<string, Agent> = {};
let otherTeamUser: string;

beforeAll(async () => {
  t = await createTestApp();
  for (const r of builtinRoles)
    agents[r.key] = r.key === 'admin' ? t.admin : (await createUser(t, { role: r.key, team: 'North' })).agent;
  otherTeamUser = (await createUser(t, { role: 'sales_rep', team: 'South' })).id;
});
afterAll(() => t.close());

type Route = 'list' | 'get' | 'create' | 'update' | 'delete' | 'restore';
const routes: Route[] = ['list', 'get', 'create', 'update', 'delete', 'restore'];

/** What each role may do with a record it owns ('own') and one owned in another team ('other'). */
const expected: Record<string, Record<'own' | 'other', Route[]>> = {
  admin: { own: routes, other: routes },
  sales_manager: { own: routes, other: routes },
  sales_rep: { own: routes, other: ['create'] },
  support_agent: { own: ['list', 'get', 'create', 'update'], other: ['list', 'get', 'create', 'update'] },
  marketing: { own: ['list', 'get', 'create', 'update'], other: ['list', 'get', 'create', 'update'] },
  read_only: { own: ['list', 'get'], other: ['list', 'get'] },
};

async function attempt(agent: Agent, plural: string, route: Route, id: string): Promise<boolean> {
  switch (route) {
    case 'list': {
      const r = await agent.request('GET', `/api/v1/${plural}?limit=500`);
      return r.status === 200 && r.body.data.some((x: { id: string }) => x.id === id);
    }
    case 'get':
      return (await agent.request('GET', `/api/v1/${plural}/${id}`)).status === 200;
    case 'create':
      return (
        (
          await agent.request(
            'POST',
            `/api/v1/${plural}?allowDuplicate=true`,
            plural === 'contacts' ? { firstName: 'Made' } : { name: 'Made' },
          )
        ).status === 201
      );
    case 'update':
      return (
        (await agent.request('PATCH', `/api/v1/${plural}/${id}`, { tags: [`t${Date.now()}${Math.random()}`] }))
          .status === 200
      );
    case 'delete': {
      const ok = (await agent.request('DELETE', `/api/v1/${plural}/${id}`)).status === 204;
      if (ok) await t.admin.request('POST', `/api/v1/${plural}/${id}/restore`);
      return ok;
    }
    case 'restore': {
      await t.admin.request('DELETE', `/api/v1/${plural}/${id}`);
      const ok = (await agent.request('POST', `/api/v1/${plural}/${id}/restore`)).status === 200;
      if (!ok) await t.admin.request('POST', `/api/v1/${plural}/${id}/restore`);
      return ok;
    }
  }
}

describe.each(['contacts', 'companies'])('%s', (plural) => {
  it.each(builtinRoles.map((r) => r.key))('role %s', async (role) => {
    const agent = agents[role];
    const body = (owner: string) =>
      plural === 'contacts'
        ? { firstName: `Own ${role}`, ownerId: owner }
        : { name: `Co ${role} ${owner}`, ownerId: owner };
    const own = await t.admin.request('POST', `/api/v1/${plural}?allowDuplicate=true`, body(agent.userId));
    const other = await t.admin.request('POST', `/api/v1/${plural}?allowDuplicate=true`, body(otherTeamUser));
    const actual: Record<'own' | 'other', Route[]> = { own: [], other: [] };
    for (const route of routes) {
      if (await attempt(agent, plural, route, own.body.id)) actual.own.push(route);
      if (await attempt(agent, plural, route, other.body.id)) actual.other.push(route);
    }
    expect(actual).toEqual(expected[role]);
  });

  it('nobody reads anything without signing in', async () => {
    for (const url of [
      `/api/v1/${plural}`,
      `/api/v1/${plural}/01234567-89ab-7def-8123-456789abcdef`,
      '/api/v1/meta/objects',
      '/api/v1/search?q=a',
    ]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    }
  });
});

it('only admins read the audit log and outbox', async () => {
  for (const role of ['sales_manager', 'read_only']) {
    expect((await agents[role].request('GET', '/api/v1/audit')).status).toBe(403);
    expect((await agents[role].request('GET', '/api/v1/outbox')).status).toBe(403);
  }
  expect((await t.admin.request('GET', '/api/v1/audit')).status).toBe(200);
});

it('search only finds what the role may see', async () => {
  await t.admin.request('POST', '/api/v1/contacts', {
    firstName: 'Zebulon',
    lastName: 'Southpaw',
    ownerId: otherTeamUser,
  });
  expect((await t.admin.request('GET', '/api/v1/search?q=zebulon')).body.data).toHaveLength(1);
  expect((await agents.sales_rep.request('GET', '/api/v1/search?q=zebulon')).body.data).toHaveLength(0);
});

describe('administration is for admins', () => {
  const someId = '01234567-89ab-7def-8123-456789abcdef';
  const adminRoutes: Array<['GET' | 'POST' | 'PATCH' | 'DELETE', string, unknown?]> = [
    ['GET', '/api/v1/audit'],
    ['GET', '/api/v1/outbox'],
    ['GET', `/api/v1/users/${someId}`],
    ['PATCH', `/api/v1/users/${someId}`, { name: 'X' }],
    ['POST', '/api/v1/roles', { name: 'Sneaky', description: '', permissions: {} }],
    ['PATCH', `/api/v1/roles/${someId}`, { name: 'X' }],
    ['DELETE', `/api/v1/roles/${someId}`],
    ['POST', '/api/v1/teams', { name: 'Sneaky team', memberIds: [] }],
    ['PATCH', `/api/v1/teams/${someId}`, { name: 'X' }],
    ['DELETE', `/api/v1/teams/${someId}`],
    ['GET', '/api/v1/api-keys'],
    ['POST', '/api/v1/api-keys', { name: 'k', roleId: someId }],
    ['DELETE', `/api/v1/api-keys/${someId}`],
    ['GET', '/api/v1/invitations'],
    ['POST', '/api/v1/invitations', { email: 'new@test.example', roleId: someId }],
    ['DELETE', `/api/v1/invitations/${someId}`],
    ['POST', '/api/v1/custom-fields', { objectType: 'contact', name: 'sneaky', label: 'Sneaky', type: 'text' }],
    ['PATCH', `/api/v1/custom-fields/${someId}`, { label: 'X' }],
    ['DELETE', `/api/v1/custom-fields/${someId}`],
  ];
  it.each(builtinRoles.filter((r) => !r.isAdmin).map((r) => r.key))(
    'role %s is refused every admin route',
    async (role) => {
      const refused: string[] = [];
      for (const [method, url, body] of adminRoutes) {
        const r = await agents[role].request(method, url, body);
        if (r.status !== 403) refused.push(`${method} ${url} → ${r.status}`);
      }
      expect(refused).toEqual([]);
    },
  );
});
