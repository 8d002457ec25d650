// Every route checks who is asking: knocked on without a session or key, each /api/v1 route
// answers 401 — except the few that are public on purpose, listed here for review.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test/factories.ts';

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
]);

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('no route answers a stranger unless it is public on purpose', async () => {
  const routes = t.app.routeList.filter(
    (r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD' && r.url !== '/api/v1/realtime',
  );
  expect(routes.length).toBeGreaterThan(20);
  // A route made public must be added to the list above: a deliberate, reviewed change.
  expect(
    routes
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`)
      .sort(),
  ).toEqual([...publicRoutes].filter((k) => routes.some((r) => `${r.method} ${r.url}` === k)).sort());
  const open: string[] = [];
  for (const r of routes) {
    const key = `${r.method} ${r.url}`;
    if (r.public) continue;
    const url = r.url
      .replace(':plural', 'contacts')
      .replace(/:[a-zA-Z]+/g, '01234567-89ab-7def-8123-456789abcdef')
      .replace('*', 'x');
    const res = await t.app.inject({
      method: r.method as 'GET',
      url,
      payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
    });
    if (res.statusCode !== 401) open.push(`${key} → ${res.statusCode}`);
  }
  expect(open).toEqual([]);
});
