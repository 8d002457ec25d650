// Short record links: every object lives at its plural (/contacts/{id}, /companies/{id}), opened
// by a fresh page load as well as from inside the app; old /o/… links still arrive; a path that
// names no object is not found, and the app's own pages keep their paths.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, startServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const ids = { contact: '', company: '' };
const admin = { email: 'lena@short.example', password: 'Lena-password-42' };

/** Set-up and two records through the API, as an integration would make them. */
async function seed(url: string) {
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Short Links Ltd', name: 'Lena Admin', ...admin }),
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
  ids.company = await post('companies', { name: 'Initech', domain: 'initech.example' });
  ids.contact = await post('contacts', { firstName: 'Peter', lastName: 'Gibbons', companyId: ids.company });
}

beforeAll(async () => {
  server = await startServer();
  await seed(server.url);
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byTest = (id: string) => page.getByTestId(id);
const path = () => new URL(page.url()).pathname;

it('opens /contacts/{id} on a fresh load, through sign-in, and stays there', async () => {
  await page.goto(`${server.url}/contacts/${ids.contact}`);
  await page.waitForURL(/\/login\?next=/);
  await byTest('login-email').fill(admin.email);
  await byTest('login-password').fill(admin.password);
  await byTest('login-submit').click();
  await page.waitForURL(`${server.url}/contacts/${ids.contact}`);
  await expect.poll(() => byTest('record-title').textContent()).toContain('Peter Gibbons');

  await page.reload();
  await expect.poll(() => byTest('record-title').textContent()).toContain('Peter Gibbons');
  expect(path()).toBe(`/contacts/${ids.contact}`);
});

it('opens /companies/{id} on a fresh load', async () => {
  await page.goto(`${server.url}/companies/${ids.company}`);
  await expect.poll(() => byTest('record-title').textContent()).toContain('Initech');
  expect(path()).toBe(`/companies/${ids.company}`);
});

it('links in the app are the short ones: list rows, breadcrumbs, relations, search', async () => {
  await page.goto(`${server.url}/contacts`);
  await byTest('record-row').first().waitFor();
  await byTest('record-row').first().click();
  await page.waitForURL(`${server.url}/contacts/${ids.contact}`);
  // The contact's company links to the company at its short address.
  const companyLink = page.locator(`a[href="/companies/${ids.company}"]`).first();
  await companyLink.waitFor();
  await page.getByRole('link', { name: 'Contacts' }).last().click();
  await page.waitForURL(`${server.url}/contacts`);

  await page.keyboard.press('ControlOrMeta+k');
  await byTest('search-input').fill('Initech');
  await expect.poll(() => byTest('search-result').first().textContent()).toContain('Initech');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${server.url}/companies/${ids.company}`);
});

it('sends old /o/… links to the short address, query and all', async () => {
  await page.goto(`${server.url}/o/contacts/${ids.contact}`);
  await page.waitForURL(`${server.url}/contacts/${ids.contact}`);
  await expect.poll(() => byTest('record-title').textContent()).toContain('Peter Gibbons');

  await page.goto(`${server.url}/o/companies?q=Ini`);
  await page.waitForURL(`${server.url}/companies?q=Ini`);
  await expect.poll(() => byTest('record-row').count()).toBe(1);
});

it('opens the new-record form and the import at /{plural}/new and /{plural}/import', async () => {
  await page.goto(`${server.url}/companies/new`);
  await byTest('field-name').waitFor();
  await page.goto(`${server.url}/contacts/import`);
  await expect.poll(() => page.getByText('Choose a CSV file').first().isVisible()).toBe(true);
});

it('shows not-found for a path that names no object, and keeps the fixed pages', async () => {
  for (const p of ['/nosuchthing/123', '/nosuchthing', '/settings/nosuch', '/contacts/123/extra']) {
    await page.goto(`${server.url}${p}`);
    await expect.poll(() => page.getByText('Page not found').isVisible(), { message: p }).toBe(true);
    expect(path()).toBe(p);
  }
  await page.goto(`${server.url}/settings/profile`);
  await expect.poll(() => byTest('profile-name').inputValue()).toBe('Lena Admin');
});

it('says a record that does not exist is not found, at its short address', async () => {
  await page.goto(`${server.url}/contacts/01900000-0000-7000-8000-000000000000`);
  await expect.poll(() => page.getByText('Contact not found').isVisible()).toBe(true);
});

it('raised no errors in the page', () => {
  expect(errors).toEqual([]);
});
