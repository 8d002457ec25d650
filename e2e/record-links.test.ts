// A link to any record in a real browser: the test-only gadget's "About" (field.anyRecord) is set
// from the gadget's form — a kind of record, then a contact found by search — and the contact's
// page lists the gadget among what links to it; the link leads back.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, startServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const admin = { email: 'lin@links.example', password: 'Lin-password-42' };
const ids: Record<string, string> = {};

async function seed(url: string) {
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Links Co', name: 'Lin Admin', ...admin }),
  });
  if (!setup.ok) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${url}/api/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(body),
    });
    if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${await r.text()}`);
    return ((await r.json()) as { id: string }).id;
  };
  ids.grace = await post('contacts', { firstName: 'Grace', lastName: 'Hopper' });
  ids.alan = await post('contacts', { firstName: 'Alan', lastName: 'Turing' });
  ids.compiler = await post('gadgets', { name: 'A-0 compiler' });
}

beforeAll(async () => {
  server = await startServer({}, { entry: 'e2e/gadget-server.ts' });
  await seed(server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15_000);
  await page.goto(`${server.url}/login`);
  await page.getByTestId('login-email').fill(admin.email);
  await page.getByTestId('login-password').fill(admin.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${server.url}/contacts`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byTest = (id: string) => page.getByTestId(id);

it('links a gadget to a contact from the gadget’s form', async () => {
  await page.goto(`${server.url}/gadgets/${ids.compiler}`);
  await expect.poll(() => byTest('record-title').textContent()).toContain('A-0 compiler');
  await byTest('edit-record').click();
  await byTest('field-about-object').click();
  await page.getByRole('option', { name: 'Contact', exact: true }).click();
  await byTest('field-about-record').click();
  await byTest('field-about-record').fill('Grace');
  await page.getByRole('option', { name: 'Grace Hopper' }).click();
  await byTest('record-submit').click();
  await expect.poll(() => byTest('link-about').textContent()).toBe('ContactGrace Hopper');
});

it('shows the gadget on the contact’s page, and leads back to it', async () => {
  await byTest('link-about').getByRole('link', { name: 'Grace Hopper' }).click();
  await page.waitForURL(`${server.url}/contacts/${ids.grace}`);
  const section = byTest('linked-gadgets-about');
  await expect.poll(() => section.textContent()).toContain('A-0 compiler');
  // Another contact's page does not list it.
  await page.goto(`${server.url}/contacts/${ids.alan}`);
  await expect.poll(() => byTest('linked-gadgets-about').textContent()).toContain('No gadgets yet');
  await page.goBack();
  await byTest('linked-gadgets-about')
    .getByRole('link', { name: /A-0 compiler/ })
    .click();
  await page.waitForURL(`${server.url}/gadgets/${ids.compiler}`);
});

it('logged no errors in the page', () => {
  expect(errors).toEqual([]);
});
