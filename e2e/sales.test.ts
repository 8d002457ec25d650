// A lead's way to a won deal (issue 13), in Chromium: the company's website form posts a lead to
// the public web-to-lead endpoint; the assignment rules give it to the rep of its territory, whose
// bell rings live; she converts it in one step, offered the existing company instead of a
// duplicate; on the deals board she drags the deal to Won, and the pipeline's numbers follow.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  type ApiRequest,
  dragTo,
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
let rita: Page;
let api: ApiRequest;
const errors: string[] = [];
const site = 'https://www.acme-site.test';
const ritaLogin = { email: 'rita@sales.example', password: 'Rita-password-42' };
let ritaId: string;
let globexId: string;
let pipelineId: string;

beforeAll(async () => {
  server = await startServer();
  const admin = await setUpAdmin(server.url, {
    organizationName: 'Acme Sales',
    name: 'Ada Admin',
    email: 'ada@sales.example',
    password: 'Ada-password-42',
  });
  api = admin.request;
  ritaId = await inviteUser(server.url, api, { ...ritaLogin, name: 'Rita Rep', role: 'sales_rep' });
  // Rita sells in DACH; leads are given by territory; the website's form may post.
  const dach = await admin.create('territories', { name: 'DACH', countries: ['DE', 'AT', 'CH'] });
  expect((await api('PUT', `territories/${dach}/members`, { members: [{ userId: ritaId, role: 'rep' }] })).status).toBe(
    200,
  );
  expect(
    (await api('POST', 'lead-assignment-rules', { name: 'By territory', action: { kind: 'territory' } })).status,
  ).toBe(201);
  expect((await api('PUT', 'web-to-lead/settings', { enabled: true, allowedOrigins: [site] })).status).toBe(200);
  globexId = await admin.create('companies', { name: 'Globex', domain: 'globex.com', ownerId: ritaId });
  pipelineId = ((await api('GET', 'pipelines')).body.data as Array<{ id: string }>)[0].id;

  browser = await launchBrowser();
  // Wide enough for a pipeline's six columns side by side, so a card can be dragged to the last.
  rita = await openPage(browser, errors, { width: 2200, height: 1000 });
  await signIn(rita, server.url, ritaLogin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it("takes the website's form as a lead, gives it to the territory's rep and rings her bell", async () => {
  await expect.poll(() => rita.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications');
  const form = new URLSearchParams({
    first_name: 'Hank',
    last_name: 'Scorpio',
    email: 'hank@globex.com',
    company: 'Globex',
    country: 'Germany',
    website: 'https://www.globex.com',
    utm_source: 'google',
    utm_campaign: 'spring-launch',
  });
  const posted = await fetch(`${server.url}/api/v1/web-to-lead`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site, referer: `${site}/contact` },
    body: form.toString(),
  });
  expect(posted.status, await posted.clone().text()).toBe(200);
  await expect
    .poll(() => rita.getByTestId('notification-bell').getAttribute('aria-label'), { timeout: 10_000 })
    .toBe('Notifications, 1 unread');
  await rita.getByTestId('notification-bell').click();
  const item = rita.getByTestId('notification-item').first();
  await expect.poll(() => item.textContent()).toContain('New lead for you: Hank Scorpio');
  await item.click();
  await rita.waitForURL(/\/leads\/[\w-]+$/);
  await expect.poll(() => rita.getByTestId('lead-convert').count()).toBe(1);
});

it('converts the lead in one step, offering the existing company instead of a duplicate', async () => {
  await rita.getByTestId('lead-convert-open').click();
  // The existing company is offered, and chosen, before making a new one.
  const match = rita.getByRole('radio', { name: 'Use Globex' });
  await expect.poll(() => match.count()).toBe(1);
  await expect.poll(() => match.isChecked()).toBe(true);
  expect(await rita.getByRole('radio', { name: 'Create Globex' }).isChecked()).toBe(false);
  await rita.getByLabel('Deal name').fill('Globex platform');
  await rita.getByTestId('convert-modal').getByRole('textbox', { name: 'Amount' }).fill('48000');
  await rita.getByTestId('convert-submit').click();
  await rita.waitForURL(/\/deals\/[\w-]+$/);
  await expect
    .poll(() => rita.locator('[data-testid="deal-path-step"][aria-current="step"]').textContent())
    .toBe('Qualification');
  const companies = (await api('GET', 'companies?q=Globex')).body.data as Array<{ id: string }>;
  expect(companies.map((c) => c.id)).toEqual([globexId]);
  const deals = (await api('GET', 'deals?q=Globex')).body.data as Array<Record<string, unknown>>;
  expect(deals).toHaveLength(1);
  expect(deals[0]).toMatchObject({
    companyId: globexId,
    ownerId: ritaId,
    amount: { amount: 48_000_00, currency: 'EUR' },
  });
});

it('moves the deal to Won by dragging it on the board, and the columns count it there', async () => {
  await rita.goto(`${server.url}/deals?layout=board&sum=amount`);
  const column = (title: string) => rita.locator(`[data-testid="board-column"][aria-label="${title}"]`);
  const card = column('Qualification').getByTestId('board-card').filter({ hasText: 'Globex platform' });
  await expect.poll(() => card.count()).toBe(1);
  await expect.poll(() => column('Won').getByTestId('board-column-count').textContent()).toBe('0');
  await dragTo(rita, card, column('Won'));
  await expect.poll(() => column('Won').getByTestId('board-column-count').textContent()).toBe('1');
  await expect.poll(() => column('Won').getByTestId('board-column-sum').textContent()).toBe('€48K');
  // The server agrees: won, closed now, in the history; the board after a reload says the same.
  const [deal] = (await api('GET', 'deals?q=Globex')).body.data as Array<Record<string, unknown>>;
  expect(deal).toMatchObject({ status: 'won', probability: 100, forecastCategory: 'closed' });
  const won = await api('GET', `deals/aggregate?groupBy=status&metrics=sum:amount&pipelineId=${pipelineId}`);
  const wonGroup = (won.body.groups as Array<{ key: string; metrics: Record<string, unknown> }>).find(
    (g) => g.key === 'won',
  );
  expect(wonGroup?.metrics['sum:amount']).toEqual([{ currency: 'EUR', amount: 48_000_00 }]);
  await rita.reload();
  await expect.poll(() => column('Won').getByTestId('board-column-count').textContent()).toBe('1');
  expect(errors).toEqual([]);
});
