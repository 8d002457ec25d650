// A junction in a real browser: a contact is linked to a company (with a role and a date) from the
// contact's page; the company's page shows the contact; the link is edited and removed there.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, openPage, type RunningServer, setUpAdmin, signIn, startServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const admin = {
  organizationName: 'Links Ltd',
  name: 'Ida Admin',
  email: 'ida@links.example',
  password: 'Ida-password-42',
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  const { create } = await setUpAdmin(server.url, admin);
  ids.employer = await create('companies', { name: 'Eckert-Mauchly Computer' });
  ids.board = await create('companies', { name: 'Remington Rand' });
  ids.contact = await create('contacts', { firstName: 'Grace', lastName: 'Hopper', companyId: ids.employer });
  browser = await launchBrowser();
  page = await openPage(browser, errors, { width: 1280, height: 860 });
  await signIn(page, server.url, admin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byTest = (id: string) => page.getByTestId(id);

it('keeps the junction out of the navigation and the generic related lists', async () => {
  await expect.poll(() => page.getByRole('link', { name: 'Companies' }).count()).toBeGreaterThan(0);
  expect(await page.getByRole('link', { name: 'Affiliations' }).count()).toBe(0);
  await page.goto(`${server.url}/contacts/${ids.contact}`);
  await expect.poll(() => byTest('record-title').textContent()).toContain('Grace Hopper');
  expect(await byTest('related-affiliations').count()).toBe(0);
  await expect.poll(() => byTest('junction-affiliations-contactId').textContent()).toContain('No companies linked');
});

it('links a company to a contact from the contact’s page, with a role and a date', async () => {
  const section = byTest('junction-affiliations-contactId');
  await section.getByTestId('junction-add').click();
  const form = byTest('junction-form');
  await form.getByTestId('field-companyId').click();
  await form.getByTestId('field-companyId').fill('Remington');
  await page.getByRole('option', { name: 'Remington Rand' }).click();
  await form.getByTestId('field-role').click();
  await page.getByRole('option', { name: 'Board member' }).click();
  await form.getByTestId('field-since').fill('1950-03-01');
  await byTest('junction-submit').click();
  await expect.poll(() => section.getByTestId('junction-row').count()).toBe(1);
  const row = section.getByTestId('junction-row');
  expect(await row.getByTestId('junction-title').textContent()).toBe('Remington Rand');
  expect(await row.textContent()).toContain('Board member');
  expect(await row.textContent()).toContain('1950');
});

it('shows the contact on the company’s page, where the link is edited and removed', async () => {
  await byTest('junction-title').click();
  await page.waitForURL(`${server.url}/companies/${ids.board}`);
  const section = byTest('junction-affiliations-companyId');
  await expect.poll(() => section.getByTestId('junction-row').count()).toBe(1);
  const row = section.getByTestId('junction-row');
  expect(await row.getByTestId('junction-title').textContent()).toBe('Grace Hopper');
  expect(await row.textContent()).toContain('Board member');

  await row.hover();
  await row.getByTestId('junction-edit').click();
  await byTest('junction-form').getByTestId('field-role').click();
  await page.getByRole('option', { name: 'Advisor' }).click();
  await byTest('junction-submit').click();
  await expect.poll(() => row.textContent()).toContain('Advisor');

  await row.hover();
  await row.getByTestId('junction-remove').click();
  await expect.poll(() => section.getByTestId('junction-row').count()).toBe(0);
  await page.goto(`${server.url}/contacts/${ids.contact}`);
  await expect.poll(() => byTest('junction-affiliations-contactId').textContent()).toContain('No companies linked');
});

it('logged no errors in the page', () => {
  expect(errors).toEqual([]);
});
