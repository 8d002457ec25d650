// The journey a new user takes, in a real browser against the real server and database.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, type RunningServer, startServer } from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byTest = (id: string) => page.getByTestId(id);

it('sets up the organisation and its first admin on first visit', async () => {
  await page.goto(server.url);
  await page.waitForURL(/\/setup/);
  await byTest('setup-org').fill('Acme Robotics');
  await byTest('setup-name').fill('Rosa Admin');
  await byTest('setup-email').fill('rosa@acme.example');
  await byTest('setup-password').fill('Rosa-password-42');
  await byTest('setup-submit').click();
  await page.waitForURL(`${server.url}/home`);
});

it('signs out and in again', async () => {
  await page.context().clearCookies();
  await page.goto(`${server.url}/contacts`);
  await page.waitForURL(/\/login/);
  await byTest('login-email').fill('rosa@acme.example');
  await byTest('login-password').fill('wrong-password-1');
  await byTest('login-submit').click();
  await expect.poll(() => byTest('login-error').textContent()).toContain('Wrong email or password');
  await byTest('login-password').fill('Rosa-password-42');
  await byTest('login-submit').click();
  await page.waitForURL(`${server.url}/contacts`);
});

it('creates a company and a contact at it', async () => {
  await page.goto(`${server.url}/companies`);
  await byTest('new-record').click();
  await byTest('field-name').fill('Globex Corporation');
  await byTest('field-domain').fill('globex.example');
  await byTest('record-submit').click();
  await expect.poll(() => byTest('record-row').count()).toBe(1);

  await page.goto(`${server.url}/contacts`);
  await byTest('new-record').click();
  await byTest('field-firstName').fill('Hank');
  await byTest('field-lastName').fill('Scorpio');
  await byTest('field-email').fill('hank@globex.example');
  await byTest('record-submit').click();
  await expect.poll(() => byTest('record-row').count()).toBe(1);
  await expect.poll(() => byTest('record-row').first().textContent()).toContain('Hank');
});

it('finds the contact with Cmd+K, typo and all, and opens it', async () => {
  await page.goto(`${server.url}/companies`);
  await byTest('record-row').first().waitFor();
  await page.keyboard.press('ControlOrMeta+k');
  await byTest('search-input').fill('Scorpoi');
  await expect.poll(() => byTest('search-result').first().textContent()).toContain('Hank Scorpio');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect.poll(() => byTest('record-title').textContent()).toContain('Hank Scorpio');
});

it('shows the audit entry of the creation on the record', async () => {
  await byTest('history-tab').click();
  await expect.poll(() => page.getByText('Rosa Admin').count()).toBeGreaterThan(0);
  await expect.poll(() => page.getByText(/created/i).count()).toBeGreaterThan(0);
});

it('imports a CSV from Google Contacts and watches its progress', async () => {
  const rows = Array.from({ length: 300 }, (_, i) => `Person${i},Imported${i},person${i}@import.example,Initrode`);
  rows.push('Broken,Row,not-an-email,Initrode');
  const csv = ['Given Name,Family Name,E-mail 1 - Value,Organization 1 - Name', ...rows].join('\n');
  await page.goto(`${server.url}/contacts/import`);
  await byTest('import-file').setInputFiles({
    name: 'google-contacts.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv),
  });
  await byTest('import-next').click(); // mapping, suggested from Google's headers
  await expect.poll(() => byTest('import-mapping-row').count()).toBe(4);
  await byTest('import-create-companies').check();
  await byTest('import-next').click(); // preview
  await expect.poll(() => byTest('import-preview-row').count()).toBeGreaterThan(0);
  await byTest('import-start').click();
  await expect.poll(() => byTest('import-progress').getAttribute('aria-valuenow'), { timeout: 60_000 }).toBe('100');
  await byTest('import-done').waitFor();
  await expect.poll(() => byTest('import-count-created').textContent()).toBe('300');
  await expect.poll(() => byTest('import-count-failed').textContent()).toBe('1');
  await page.goto(`${server.url}/contacts?q=Imported299`);
  await expect.poll(() => byTest('record-row').first().textContent()).toContain('Person299');
});

it('switches to the dark theme and keeps it', async () => {
  const scheme = () => page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
  const before = await scheme();
  await byTest('theme-toggle').click();
  await expect.poll(scheme).not.toBe(before);
  const chosen = await scheme();
  await page.reload();
  await expect.poll(scheme).toBe(chosen);
  if (chosen !== 'dark') {
    await byTest('theme-toggle').click();
    await expect.poll(scheme).toBe('dark');
  }
});

it('raised no errors in the page', () => {
  expect(errors).toEqual([]);
});
