// Short record links: every object lives at its plural (/contacts/{id}, /companies/{id}), opened
// by a fresh page load as well as from inside the app; old /o/… links still arrive; a path that
// names no object is not found, and the app's own pages keep their paths.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, openPage, type RunningServer, setUpAdmin, signIn, startServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const ids = { contact: '', company: '' };
const admin = {
  organizationName: 'Short Links Ltd',
  name: 'Lena Admin',
  email: 'lena@short.example',
  password: 'Lena-password-42',
};

beforeAll(async () => {
  server = await startServer();
  // Two records through the API, as an integration would make them.
  const { create } = await setUpAdmin(server.url, admin);
  ids.company = await create('companies', { name: 'Initech', domain: 'initech.example' });
  ids.contact = await create('contacts', { firstName: 'Peter', lastName: 'Gibbons', companyId: ids.company });
  browser = await launchBrowser();
  page = await openPage(browser, errors, { width: 1280, height: 800 });
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
  await signIn(page, server.url, admin, `/contacts/${ids.contact}`);
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
