// A record's timeline in the browser: a call logged from a contact's page shows at once, the
// follow-up task it offers is made prefilled, the kind filter narrows the list, and an @mention in
// a note reaches the colleague it names.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ApiRequest,
  apiAs,
  inviteUser,
  launchBrowser,
  openPage,
  type RunningServer,
  setUpAdmin,
  signIn,
  startServer,
} from './harness.ts';

let server: RunningServer;
let browser: Browser;
let page: Page;
let api: ApiRequest;
const errors: string[] = [];
const admin = {
  organizationName: 'Timeline Co',
  name: 'Tia Admin',
  email: 'tia@timeline.example',
  password: 'Tia-password-42',
};
let contactId: string;
const max = { email: 'max@timeline.example', password: 'Max-password-42' };

beforeAll(async () => {
  server = await startServer();
  const a = await setUpAdmin(server.url, admin);
  api = a.request;
  contactId = await a.create('contacts', { firstName: 'Lena', lastName: 'Bauer' });
  // A colleague to mention (invited and signed up, as people join).
  await inviteUser(server.url, api, { ...max, name: 'Max Colleague', role: 'sales_manager' });
  browser = await launchBrowser();
  page = await openPage(browser, errors, { width: 1440, height: 900 });
  await signIn(page, server.url, admin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('logs a call from the contact, shows it, and makes the follow-up task it offers', async () => {
  await page.goto(`${server.url}/contacts/${contactId}`);
  await page.getByTestId('log-call').click();
  await page.getByTestId('field-subject').fill('Discovery call');
  await page.getByTestId('record-submit').click();
  await expect.poll(() => page.getByTestId('timeline-call').textContent()).toContain('Discovery call');

  await expect.poll(() => page.getByTestId('follow-up').textContent()).toContain('“Discovery call”');
  await page.getByTestId('follow-up-create').click();
  await expect.poll(() => page.getByTestId('field-subject').inputValue()).toBe('Follow up: Discovery call');
  await page.getByTestId('record-submit').click();
  await expect.poll(() => page.getByTestId('timeline-task').textContent()).toContain('Follow up: Discovery call');

  const tasks = (await api('GET', 'tasks')).body.data as Array<Record<string, unknown>>;
  expect(tasks).toEqual([
    expect.objectContaining({
      subject: 'Follow up: Discovery call',
      status: 'todo',
      about: { object: 'contact', id: contactId, title: 'Lena Bauer' },
    }),
  ]);
});

it('narrows the timeline by kind', async () => {
  await page.getByTestId('timeline-filter').getByText('Calls', { exact: true }).click();
  await expect.poll(() => page.getByTestId('timeline-task').count()).toBe(0);
  await expect.poll(() => page.getByTestId('timeline-call').count()).toBe(1);
  await page.getByTestId('timeline-filter').getByText('All', { exact: true }).click();
  await expect.poll(() => page.getByTestId('timeline-task').count()).toBe(1);
});

it('mentions a colleague in a note, who is notified', async () => {
  const input = page.getByTestId('note-input');
  await input.click();
  await input.pressSequentially('Please call her back @Max');
  await page.getByTestId('mention-options').getByText('Max Colleague').waitFor();
  await input.press('Enter');
  await input.pressSequentially('today.');
  await page.getByTestId('note-submit').click();
  await expect.poll(() => page.getByTestId('note-item').first().textContent()).toContain('@Max Colleague today.');

  const asMax = await apiAs(server.url, max);
  const mine = (await asMax('GET', 'notifications')).body as { data: Array<{ kind: string; title: string }> };
  expect(mine.data).toEqual([
    expect.objectContaining({
      kind: 'mention',
      title: 'Tia Admin mentioned you on Lena Bauer',
      record: { object: 'contact', id: contactId },
    }),
  ]);
  expect(errors).toEqual([]);
});
