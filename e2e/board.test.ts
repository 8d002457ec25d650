// The board view in a real browser: contacts by lifecycle stage (columns, counts, a card dragged
// to another column and still there after a reload; search, filter and saved views shared with the
// table), and a move the server refuses — the test-only gadget's hook, which will not let a gadget
// be won without a quantity — snapping back with the hook's message.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ApiRequest,
  dragTo,
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
const errors: string[] = [];
const admin = {
  organizationName: 'Board Co',
  name: 'Bea Admin',
  email: 'bea@board.example',
  password: 'Bea-password-42',
};
let request: ApiRequest;
const ids: Record<string, string> = {};

async function seed(url: string) {
  const api = await setUpAdmin(url, admin);
  request = api.request;
  const contacts: Array<[string, string, string]> = [
    ['Ada', 'Lovelace', 'lead'],
    ['Ben', 'Okafor', 'lead'],
    ['Cyd', 'Charisse', 'lead'],
    ['Dora', 'Maar', 'prospect'],
    ['Emil', 'Zola', 'prospect'],
    ['Fay', 'Wray', 'customer'],
  ];
  for (const [firstName, lastName, lifecycleStage] of contacts)
    ids[firstName] = await api.create('contacts', { firstName, lastName, lifecycleStage });
  ids.Sprocket = await api.create('gadgets', { name: 'Sprocket', stage: 'draft' });
  ids.Widget = await api.create('gadgets', { name: 'Widget', stage: 'draft', quantity: 3, unitPrice: 20 });
}

beforeAll(async () => {
  server = await startServer({}, { entry: 'e2e/gadget-server.ts' });
  await seed(server.url);
  browser = await launchBrowser();
  page = await openPage(browser, errors, { width: 1440, height: 900 });
  await signIn(page, server.url, admin);
  // Signed in: from here on the console stays clean, but for the 400 of the refused move.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byTest = (id: string) => page.getByTestId(id);
const column = (title: string) => page.locator(`[data-testid="board-column"][aria-label="${title}"]`);
const count = (title: string) => column(title).getByTestId('board-column-count').textContent();
const card = (title: string, name: string) => column(title).getByTestId('board-card').filter({ hasText: name });

const drag = (from: Locator, to: Locator) => dragTo(page, from, to);

it('switches the contacts list to a board by lifecycle stage, keeping the search', async () => {
  await page.goto(`${server.url}/contacts?q=Okafor`);
  await expect.poll(() => byTest('record-row').count()).toBe(1);
  await byTest('layout-board').click();
  await expect.poll(() => new URL(page.url()).searchParams.get('layout')).toBe('board');
  expect(new URL(page.url()).searchParams.get('groupBy')).toBe('lifecycleStage');
  expect(new URL(page.url()).searchParams.get('q')).toBe('Okafor');
  await expect.poll(() => byTest('board-total').textContent()).toBe('1 contact');
  await expect.poll(() => card('Lead', 'Ben Okafor').count()).toBe(1);
  await byTest('layout-table').click();
  await expect.poll(() => byTest('record-row').count()).toBe(1);
  expect(new URL(page.url()).searchParams.get('q')).toBe('Okafor');
});

it('shows a column per stage with its count', async () => {
  await page.goto(`${server.url}/contacts?layout=board&groupBy=lifecycleStage`);
  await expect
    .poll(() => byTest('board-column').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))
    .toEqual(['Subscriber', 'Lead', 'Prospect', 'Customer', 'Churned', 'No value']);
  await expect.poll(() => count('Lead')).toBe('3');
  expect(await count('Prospect')).toBe('2');
  expect(await count('Customer')).toBe('1');
  expect(await count('Subscriber')).toBe('0');
});

it('shows a change made elsewhere without a reload (live updates)', async () => {
  const r = await request('POST', 'contacts', { firstName: 'Gus', lastName: 'Live', lifecycleStage: 'subscriber' });
  expect(r.status).toBe(201);
  await expect.poll(() => card('Subscriber', 'Gus Live').count()).toBe(1);
  expect(await count('Subscriber')).toBe('1');
});

it('moves a card to another column by dragging it, through an audited update that a reload shows', async () => {
  await drag(card('Lead', 'Ada Lovelace'), column('Customer'));
  await expect.poll(() => card('Customer', 'Ada Lovelace').count()).toBe(1);
  await expect.poll(() => count('Customer')).toBe('2');
  expect(await count('Lead')).toBe('2');
  await expect.poll(async () => (await request('GET', `contacts/${ids.Ada}`)).body.lifecycleStage).toBe('customer');
  const history = await request('GET', `contacts/${ids.Ada}/audit`);
  expect(JSON.stringify(history.body)).toContain('customer');
  await page.reload();
  await expect.poll(() => card('Customer', 'Ada Lovelace').count()).toBe(1);
  expect(await card('Lead', 'Ada Lovelace').count()).toBe(0);
  expect(await count('Customer')).toBe('2');
});

it('moves a card from its menu too, without dragging', async () => {
  const dora = card('Prospect', 'Dora Maar');
  await dora.hover();
  await dora.getByTestId('board-card-menu').click();
  await page.getByRole('menuitem', { name: 'Churned' }).click();
  await expect.poll(() => card('Churned', 'Dora Maar').count()).toBe(1);
  await expect.poll(() => count('Prospect')).toBe('1');
  await expect.poll(async () => (await request('GET', `contacts/${ids.Dora}`)).body.lifecycleStage).toBe('churned');
});

it('saves the board as a view, and the view opens as a board again', async () => {
  await byTest('view-save-as').click();
  await byTest('view-name').fill('Pipeline board');
  await byTest('view-name-submit').click();
  await expect.poll(() => byTest('view-tab').filter({ hasText: 'Pipeline board' }).count()).toBe(1);
  await byTest('view-all').click();
  await expect.poll(() => byTest('record-row').count()).toBeGreaterThan(0);
  await byTest('view-tab').filter({ hasText: 'Pipeline board' }).click();
  await expect.poll(() => byTest('board').count()).toBe(1);
  await expect.poll(() => count('Customer')).toBe('2');
});

it('puts a card the server refuses to move back in its column, with the hook’s message', async () => {
  await page.goto(`${server.url}/gadgets?layout=board&groupBy=stage`);
  await expect.poll(() => count('Draft')).toBe('2');
  await drag(card('Draft', 'Sprocket'), column('Won'));
  await expect.poll(() => page.getByText('cannot be won without a quantity').count()).toBeGreaterThan(0);
  await expect.poll(() => card('Draft', 'Sprocket').count()).toBe(1);
  expect(await card('Won', 'Sprocket').count()).toBe(0);
  expect(await count('Draft')).toBe('2');
  expect(await count('Won')).toBe('0');
  expect((await request('GET', `gadgets/${ids.Sprocket}`)).body.stage).toBe('draft');
  // One with a quantity may be won.
  await drag(card('Draft', 'Widget'), column('Won'));
  await expect.poll(async () => (await request('GET', `gadgets/${ids.Widget}`)).body.stage).toBe('won');
  await expect.poll(() => count('Won')).toBe('1');
});

it('logged no errors in the page', () => {
  expect(errors).toEqual([]);
});
