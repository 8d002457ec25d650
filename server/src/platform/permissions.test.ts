// The authorization matrix: every record route × every built-in role × every registry object
// (built-in and test-only) × a record of one's own and a record of another team. What
// each role may do is derived from the entry's `access` declaration, so a new entry is covered the
// day it is added; contacts' expectation is also written out by hand below, so that a mistake in
// the derivation cannot pass unnoticed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinObjects } from '../modules/index.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../test/factories.ts';
import {
  createBody,
  expectedRoutes,
  type MatrixRoute,
  makeRecord,
  matrixRoutes,
  requiredIds,
  updateBody,
} from '../test/registry-samples.ts';
import { gadgetObject } from '../test/test-objects.ts';
import { builtinRoles } from './permissions.ts';
import { access, defineObject } from './registry/define-object.ts';
import { field } from './registry/fields.ts';
import type { ResolvedObject } from './registry/registry.ts';

/**
 * A second test-only entry, declared unlike the built-in ones, so that the derivation is tried on
 * more than one shape: its owner field is not called ownerId, one role sees only its own records,
 * one its team's, one reads only its own, and one (marketing) is left out, so may do nothing.
 */
const memoObject = defineObject({
  name: 'memo',
  plural: 'memos',
  label: 'Memo',
  labelPlural: 'Memos',
  icon: 'file',
  table: 'test_memos',
  titleFields: ['subject'],
  access: {
    sales_manager: access.full('team'),
    sales_rep: access.full('own', ['delete']),
    support_agent: access.read('own'),
    read_only: access.read(),
  },
  fields: { subject: field.text({ required: true, max: 200 }), keeperId: field.owner({ label: 'Keeper' }) },
});

let t: TestApp;
const agents: Record<string, Agent> = {};
let otherTeamUser: string;

beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject, memoObject] });
  for (const r of builtinRoles)
    agents[r.key] = r.key === 'admin' ? t.admin : (await createUser(t, { role: r.key, team: 'North' })).agent;
  otherTeamUser = (await createUser(t, { role: 'sales_rep', team: 'South' })).id;
});
afterAll(() => t.close());

/** Contacts, written out by hand: what each role may do with its own record and another team's. */
const contactsByHand: Record<string, Record<'own' | 'other', MatrixRoute[]>> = {
  admin: { own: matrixRoutes, other: matrixRoutes },
  sales_manager: { own: matrixRoutes, other: matrixRoutes },
  sales_rep: { own: matrixRoutes, other: ['create'] },
  support_agent: { own: ['list', 'get', 'create', 'update'], other: ['list', 'get', 'create', 'update'] },
  marketing: { own: ['list', 'get', 'create', 'update'], other: ['list', 'get', 'create', 'update'] },
  read_only: { own: ['list', 'get'], other: ['list', 'get'] },
};

let n = 0;

async function attempt(agent: Agent, obj: ResolvedObject, route: MatrixRoute, id: string): Promise<boolean> {
  const plural = obj.plural;
  switch (route) {
    case 'list': {
      const r = await agent.request('GET', `/api/v1/${plural}?limit=500`);
      return r.status === 200 && r.body.data.some((x: { id: string }) => x.id === id);
    }
    case 'get':
      return (await agent.request('GET', `/api/v1/${plural}/${id}`)).status === 200;
    case 'create': {
      // Its required relations (a junction's ends) are made by the admin as the actor's own.
      const ids = await requiredIds(t.admin, t.registry, obj, { n: ++n, owner: agent.userId });
      const body = createBody(obj, n, ids);
      return (await agent.request('POST', `/api/v1/${plural}?allowDuplicate=true`, body)).status === 201;
    }
    case 'update':
      return (await agent.request('PATCH', `/api/v1/${plural}/${id}`, updateBody(obj, ++n))).status === 200;
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

it('the derivation from `access` agrees with what is written out by hand for contacts', () => {
  const contact = t.registry.get('contact') as ResolvedObject;
  for (const r of builtinRoles)
    expect(expectedRoutes(t.registry, contact, r.key, r.isAdmin), r.key).toEqual(contactsByHand[r.key]);
});

// The entries, known before the app starts as describe.each needs them: the built-in ones and the
// test-only ones. The app's registry must hold exactly these (checked below), so none is missed.
const entries = [...builtinObjects, gadgetObject, memoObject];

it('every registry object is in the matrix, the test-only ones too', () => {
  expect(t.registry.all().map((o) => o.plural)).toEqual(entries.map((o) => o.plural));
  expect(entries.map((o) => o.plural)).toEqual(expect.arrayContaining(['contacts', 'companies', 'gadgets', 'memos']));
});

describe.each(entries.map((o) => o.plural))('%s', (plural) => {
  it.each(builtinRoles.map((r) => [r.key, r.isAdmin] as const))('role %s', async (role, isAdmin) => {
    const agent = agents[role];
    const obj = t.registry.byPlural(plural) as ResolvedObject;
    // Made by the admin: one owned by the actor (its required relations too), one by another team.
    const own = await makeRecord(t.admin, t.registry, obj, { n: ++n, owner: agent.userId });
    const other = await makeRecord(t.admin, t.registry, obj, { n: ++n, owner: otherTeamUser });
    const actual: Record<'own' | 'other', MatrixRoute[]> = { own: [], other: [] };
    for (const route of matrixRoutes) {
      if (await attempt(agent, obj, route, own.id)) actual.own.push(route);
      if (await attempt(agent, obj, route, other.id)) actual.other.push(route);
    }
    expect(actual).toEqual(expectedRoutes(t.registry, obj, role, isAdmin));
    if (plural === 'contacts') expect(actual).toEqual(contactsByHand[role]);
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
