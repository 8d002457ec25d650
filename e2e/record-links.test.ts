// A link to any record in a real browser: the test-only gadget's "About" (field.anyRecord) is set
// from the gadget's form — a kind of record, then a contact found by search — and the contact's
// page lists the gadget among what links to it; the link leads back.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, openPage, type RunningServer, setUpAdmin, signIn, startServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const admin = {
  organizationName: 'Links Co',
  name: 'Lin Admin',
  email: 'lin@links.example',
  password: 'Lin-password-42',
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer({}, { entry: 'e2e/gadget-server.ts' });
  const { create } = await setUpAdmin(server.url, admin);
  ids.grace = await create('contacts', { firstName: 'Grace', lastName: 'Hopper' });
  ids.alan = await create('contacts', { firstName: 'Alan', lastName: 'Turing' });
  ids.compiler = await create('gadgets', { name: 'A-0 compiler' });
  browser = await launchBrowser();
  page = await openPage(browser, errors, { width: 1280, height: 860 });
  await signIn(page, server.url, admin);
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
