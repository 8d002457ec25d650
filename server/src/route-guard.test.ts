// Every route checks who is asking: knocked on without a session or key, each /api/v1 route
// answers 401 — except the few that are public on purpose, listed here for review. The routes of
// every registry object (/api/v1/{plural}/…) are knocked on for each object, the test-only gadget
// included, and also by a signed-in user whose role may do nothing with that object.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ResolvedObject } from './platform/registry/registry.ts';
import { type Agent, createTestApp, createUser, type TestApp } from './test/factories.ts';
import { makeRecord, updateBody } from './test/registry-samples.ts';
import { gadgetObject } from './test/test-objects.ts';

const publicRoutes = new Set([
  'GET /api/v1/health',
  'GET /api/v1/ready',
  'GET /api/v1/openapi.json',
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  'GET /api/v1/invitations/lookup',
  'POST /api/v1/invitations/accept',
  // Calendar apps subscribe without signing in: the secret token in the address is the credential.
  'GET /api/v1/calendar/feed/:file',
  // A company's website forms post leads without signing in: off until an admin turns it on, limited
  // per address, size-bounded, honeypot-guarded; its CORS preflight likewise.
  'POST /api/v1/web-to-lead',
  'OPTIONS /api/v1/web-to-lead',
  // A customer sees, downloads and accepts or declines a quote through its signed link: the random
  // token in the address is the credential (only its hash is stored); limited per address.
  'GET /api/v1/public/quotes/:token',
  'GET /api/v1/public/quotes/:token/pdf',
  'GET /api/v1/public/quotes/:token/logo',
  'POST /api/v1/public/quotes/:token/accept',
  'POST /api/v1/public/quotes/:token/decline',
]);

const someId = '01234567-89ab-7def-8123-456789abcdef';

let t: TestApp;
let nobody: Agent;
beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject] });
  // A role that names no object may do nothing with any of them (admins made it; it is not built in).
  const role = await t.admin.request('POST', '/api/v1/roles', { name: 'Route guard nobody', permissions: {} });
  expect(role.status, JSON.stringify(role.body)).toBe(201);
  nobody = (await createUser(t, { role: role.body.key })).agent;
});
afterAll(() => t.close());

const apiRoutes = () =>
  t.app.routeList.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && r.url !== '/api/v1/realtime');
/** The URL to knock on: each :plural one of the registry's, every other parameter an id. */
const urlOf = (url: string, plural: string, id = someId) =>
  url
    .replace(':plural', plural)
    .replace(/:[a-zA-Z]+/g, id)
    .replace('*', 'x');
const payloadOf = (method: string) => (method === 'GET' || method === 'DELETE' ? undefined : {});

it('no route answers a stranger unless it is public on purpose', async () => {
  const routes = apiRoutes();
  expect(routes.length).toBeGreaterThan(20);
  // A route made public must be added to the list above: a deliberate, reviewed change.
  expect(
    routes
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .sort(),
  ).toEqual([...publicRoutes].filter((k) => routes.some((r) => `${r.method} ${r.url}` === k)).sort());
  const plurals = t.registry.all().map((o) => o.plural);
  expect(plurals).toContain(gadgetObject.plural);
  const open: string[] = [];
  for (const r of routes) {
    if (r.public) continue;
    for (const plural of r.url.includes(':plural') ? plurals : ['']) {
      const url = urlOf(r.url, plural);
      const res = await t.app.inject({ method: r.method as 'GET', url, payload: payloadOf(r.method) });
      if (res.statusCode !== 401) open.push(`${r.method} ${url} → ${res.statusCode}`);
    }
  }
  expect(open).toEqual([]);
});

/**
 * What to send each object route so that it gets past its input checks to the permission check:
 * a valid body or query for the platform's generic routes. A route not named here gets {} and
 * may answer 400 instead (it refuses the input before reading anything): give it a case here.
 */
function validRequest(
  obj: ResolvedObject,
  method: string,
  url: string,
  ids: [string, string],
  body: Record<string, unknown>,
): { url: string; payload?: unknown } | undefined {
  const [id, other] = ids;
  const key = `${method} ${url.replace(`/api/v1/${obj.plural}`, '').replace(id, ':id')}`;
  switch (key) {
    case 'POST ':
    case 'POST /duplicates':
      return { url, payload: body };
    case 'PATCH /:id':
      return { url, payload: updateBody(obj, 9) };
    case 'POST /merge':
      return { url, payload: { primaryId: id, duplicateId: other } };
    case 'POST /bulk':
      return { url, payload: { ids: [id], action: 'delete' } };
    case 'GET /groups':
    case 'GET /aggregate':
      return { url: `${url}?groupBy=createdAt` };
    case 'GET ':
    case 'GET /export.csv':
    case 'GET /:id':
    case 'GET /:id/audit':
    case 'GET /:id/timeline':
    case 'DELETE /:id':
    case 'POST /:id/restore':
      return { url, payload: method === 'POST' ? {} : undefined };
    default:
      return undefined;
  }
}

it("no object's route gives anything to a role that may do nothing with it", async () => {
  const routes = apiRoutes().filter((r) => r.url.includes(':plural'));
  expect(routes.length).toBeGreaterThan(10);
  const leaks: string[] = [];
  for (const obj of t.registry.all()) {
    // Real records, so that a route that forgot to check would have something to give away.
    const first = await makeRecord(t.admin, t.registry, obj, { n: 1 });
    const ids: [string, string] = [first.id, (await makeRecord(t.admin, t.registry, obj, { n: 2 })).id];
    for (const r of routes) {
      const url = urlOf(r.url, obj.plural, ids[0]);
      const valid = validRequest(obj, r.method, url, ids, first.body);
      const res = await nobody.request(
        r.method as 'GET',
        valid?.url ?? url,
        valid ? valid.payload : payloadOf(r.method),
      );
      // 403 (may not) or 404 (as if absent); 400 only for a route not given a valid request above.
      const refused = valid ? [403, 404] : [400, 403, 404];
      if (!refused.includes(res.status) || JSON.stringify(res.body ?? '').includes(ids[0]))
        leaks.push(`${r.method} ${valid?.url ?? url} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
  }
  expect(leaks).toEqual([]);
});
