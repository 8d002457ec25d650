// From a quote to a paid-for commission (issue 14), in Chromium: a rep builds a quote on her deal
// with a 30 % discount, which waits for approval, locked; her manager (a second browser) approves
// it; she emails it — the message and its PDF are in the outbox; the customer accepts it through
// the signed link without an account; the order appears on the company's page, the deal is Won,
// and her commission statement shows what the deal earned her.
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
let rita: Page;
let mia: Page;
let customer: Page;
let api: ApiRequest;
let asRita: ApiRequest;
const errors: string[] = [];
const ritaLogin = { email: 'rita@quotes.example', password: 'Rita-password-42' };
const miaLogin = { email: 'mia@quotes.example', password: 'Mia-password-42' };
let ritaId: string;
let globexId: string;
let dealId: string;
let quoteId: string;
let acceptanceUrl: string;

beforeAll(async () => {
  server = await startServer();
  const admin = await setUpAdmin(server.url, {
    organizationName: 'Acme Quotes',
    name: 'Ada Admin',
    email: 'ada@quotes.example',
    password: 'Ada-password-42',
  });
  api = admin.request;
  const miaId = await inviteUser(server.url, api, { ...miaLogin, name: 'Mia Manager', role: 'sales_manager' });
  ritaId = await inviteUser(server.url, api, { ...ritaLogin, name: 'Rita Rep', role: 'sales_rep' });
  // Mia manages Rita's team: she is who approves Rita's large discounts.
  expect(
    (await api('POST', 'teams', { name: 'Field sales', managerId: miaId, memberIds: [ritaId, miaId] })).status,
  ).toBe(201);
  // The catalogue: one licence at €1,000.00 a seat, 19 % VAT.
  const vat = await admin.create('tax-rates', { name: 'VAT', ratePercent: 19, isDefault: true });
  const book = await admin.create('price-books', { name: 'Europe', currency: 'EUR', isDefault: true });
  const licence = await admin.create('products', { name: 'CRM licence', sku: 'CRM-1', taxRateId: vat });
  await admin.create('price-book-entries', {
    priceBookId: book,
    productId: licence,
    unitPrice: { amount: 100_000, currency: 'EUR' },
  });
  // Rita earns 10 % of what she wins, per quarter.
  const plan = await admin.create('commission-plans', { name: 'Field sales 2026', periodKind: 'quarter' });
  expect(
    (
      await api('PUT', `commission-plans/${plan}/tiers`, {
        tiers: [{ fromPercent: 0, toPercent: null, ratePercent: 10 }],
      })
    ).status,
  ).toBe(200);
  expect((await api('PATCH', `commission-plans/${plan}`, { active: true })).status).toBe(200);
  await admin.create('commission-plan-members', { planId: plan, userId: ritaId });

  asRita = await apiAs(server.url, ritaLogin);
  const made = async (path: string, body: unknown) => {
    const r = await asRita('POST', path, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  globexId = await made('companies', { name: 'Globex' });
  const hank = await made('contacts', {
    firstName: 'Hank',
    lastName: 'Scorpio',
    email: 'hank@globex.example',
    companyId: globexId,
  });
  const pipeline = ((await api('GET', 'pipelines')).body.data as Array<{ id: string }>)[0].id;
  const stages = (await api('GET', `pipelines/${pipeline}/stages`)).body.data as Array<{ id: string; kind: string }>;
  dealId = await made('deals', {
    name: 'Globex rollout',
    pipelineId: pipeline,
    stageId: stages.find((s) => s.kind === 'open')?.id,
    companyId: globexId,
    contactId: hank,
  });

  browser = await launchBrowser();
  rita = await openPage(browser, errors);
  mia = await openPage(browser, errors);
  customer = await openPage(browser, errors, { width: 420, height: 900 });
  await signIn(rita, server.url, ritaLogin);
  await signIn(mia, server.url, miaLogin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('builds a quote on the deal with a 30 % discount, which waits for approval, locked', async () => {
  await rita.goto(`${server.url}/deals/${dealId}`);
  await rita.getByTestId('record-menu').click();
  await rita.getByRole('menuitem', { name: 'Create quote' }).click();
  await rita.waitForURL(/\/quotes\/[0-9a-f-]{36}$/);
  quoteId = rita.url().split('/quotes/')[1];
  const lines = rita.getByTestId('quote-lines');
  await rita.getByRole('button', { name: 'Add line' }).click();
  await lines.getByLabel('Line 1 product').click();
  await lines.getByLabel('Line 1 product').fill('CRM');
  await rita.getByRole('option', { name: 'CRM licence' }).click();
  await lines.getByLabel('Line 1 quantity').fill('10');
  await lines.getByLabel('Line 1 discount').fill('30');
  // Saved a moment after the last keystroke; the server's figures come back: 10 × 1,000.00 less
  // 30 %, and 19 % VAT on the 7,000.00 left.
  await expect.poll(() => rita.getByTestId('quote-totals').textContent(), { timeout: 15_000 }).toContain('8,330.00');
  expect(await rita.getByTestId('quote-totals').textContent()).toContain('3,000.00');
  await rita.getByRole('button', { name: 'Submit for approval' }).click();
  await expect.poll(() => rita.getByTestId('quote-status').textContent()).toBe('Waiting for approval');
  // Locked meanwhile: the server refuses a change.
  const locked = await asRita('PATCH', `quotes/${quoteId}`, { name: 'Changed while waiting' });
  expect(locked.status).toBe(409);
});

it('is approved by her manager in another browser', async () => {
  await mia.goto(`${server.url}/approvals`);
  const row = mia.getByTestId('approval-row').filter({ hasText: 'Globex rollout' });
  await row.getByTestId('approval-approve').click();
  await mia.getByTestId('approval-comment').fill('Strategic account, fine.');
  await mia.getByTestId('approval-confirm').click();
  await expect.poll(() => mia.getByTestId('approval-row').filter({ hasText: 'Globex rollout' }).count()).toBe(0);
  await rita.reload();
  await expect.poll(() => rita.getByTestId('quote-status').textContent()).toBe('Approved');
});

it('is emailed to the customer with its PDF and a signed link', async () => {
  await rita.getByRole('button', { name: 'Send', exact: true }).click();
  // Left empty, it goes to the quote's contact.
  await expect.poll(() => rita.getByRole('dialog').textContent()).toContain('Hank Scorpio');
  await rita.getByRole('button', { name: 'Send quote' }).click();
  await expect.poll(() => rita.getByTestId('quote-status').textContent()).toBe('Sent');
  const mails = (await api('GET', 'outbox')).body.data as Array<{
    to: string;
    subject: string;
    text: string;
    attachments?: Array<{ filename: string; contentType: string }>;
  }>;
  const mail = mails.find((m) => m.to === 'hank@globex.example');
  expect(mail?.subject).toContain('Globex rollout');
  expect(mail?.attachments?.map((a) => a.contentType)).toContain('application/pdf');
  acceptanceUrl = /https?:\/\/\S+\/q\/[\w-]+/.exec(mail?.text ?? '')?.[0] ?? '';
  expect(acceptanceUrl).not.toBe('');
});

it('is accepted by the customer through the link, without an account', async () => {
  await customer.goto(`${server.url}/q/${acceptanceUrl.split('/q/')[1]}`);
  await expect.poll(() => customer.getByTestId('public-total').textContent()).toContain('8,330.00');
  await customer.getByTestId('accept-name').fill('Hank Scorpio');
  await customer.getByRole('button', { name: 'Accept quote' }).click();
  await expect.poll(() => customer.getByTestId('public-accepted').count()).toBe(1);
});

it("shows the order on the company's page, the deal Won and the commission on her statement", async () => {
  await rita.goto(`${server.url}/companies/${globexId}`);
  const history = rita.getByTestId('purchase-history');
  await expect.poll(() => history.textContent()).toContain('SO-');
  expect(await history.textContent()).toContain('8,330.00');
  expect(await history.textContent()).toContain('Confirmed');

  const deal = (await asRita('GET', `deals/${dealId}`)).body;
  expect(deal).toMatchObject({ status: 'won', amount: { amount: 700_000, currency: 'EUR' } });

  // The statement follows the won deal (an event handler, in commit order): 10 % of €7,000.00.
  await rita.goto(`${server.url}/commissions`);
  await expect
    .poll(async () => (await rita.getByTestId('commissions-page').textContent()) ?? '', { timeout: 30_000 })
    .toContain('700.00');
  expect(await rita.getByTestId('commissions-page').textContent()).toContain('Globex rollout');
  expect(errors).toEqual([]);
}, 90_000);
