// The order's page and the product configurator (issue 14), in Chromium: a rep opens a draft
// order, adds a line, sees the server's totals, confirms it and walks it forward, the buttons
// following its status; the page fits a phone without sideways scroll. Then she adds a product
// with options to a quote: the Configure modal opens, its price follows her choices from the
// server, and the line takes the configured description and price; and the same on a deal's
// products, where the deal names no price book and she picks one.
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
let asRita: ApiRequest;
const errors: string[] = [];
const ritaLogin = { email: 'rita@orders.example', password: 'Rita-password-42' };
let orderId: string;
let quoteId: string;
let dealId: string;

beforeAll(async () => {
  server = await startServer();
  const admin = await setUpAdmin(server.url, {
    organizationName: 'Acme Orders',
    name: 'Ada Admin',
    email: 'ada@orders.example',
    password: 'Ada-password-42',
  });
  await inviteUser(server.url, admin.request, { ...ritaLogin, name: 'Rita Rep', role: 'sales_rep' });
  // The catalogue, 19 % VAT: a licence at €1,000.00, and a workstation at €1,500.00 whose support
  // plan must be chosen (standard €100.00 by default, or premium €300.00) with a headset (€80.00) if wanted.
  const vat = await admin.create('tax-rates', { name: 'VAT', ratePercent: 19, isDefault: true });
  const book = await admin.create('price-books', { name: 'Europe', currency: 'EUR', isDefault: true });
  const product = async (name: string, sku: string, amount: number) => {
    const id = await admin.create('products', { name, sku, taxRateId: vat });
    await admin.create('price-book-entries', {
      priceBookId: book,
      productId: id,
      unitPrice: { amount, currency: 'EUR' },
    });
    return id;
  };
  await product('CRM licence', 'CRM-1', 100_000);
  const station = await product('Workstation', 'WKS-1', 150_000);
  const options: Array<[string, string, number, string, boolean, boolean]> = [
    ['Standard support', 'SUP-S', 10_000, 'Support plan', true, true],
    ['Premium support', 'SUP-P', 30_000, 'Support plan', true, false],
    ['Headset', 'HST', 8_000, 'Audio', false, false],
  ];
  for (const [name, sku, amount, group, required, isDefault] of options)
    await admin.create('product-options', {
      productId: station,
      optionProductId: await product(name, sku, amount),
      group,
      required,
      isDefault,
    });

  asRita = await apiAs(server.url, ritaLogin);
  const made = async (path: string, body: unknown) => {
    const r = await asRita('POST', path, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  };
  const company = await made('companies', { name: 'Initech' });
  orderId = await made('orders', {
    name: 'Initech seats',
    priceBookId: book,
    orderedAt: '2026-12-01',
    companyId: company,
  });
  const pipeline = ((await admin.request('GET', 'pipelines')).body.data as Array<{ id: string }>)[0].id;
  const stages = (await admin.request('GET', `pipelines/${pipeline}/stages`)).body.data as Array<{
    id: string;
    kind: string;
  }>;
  dealId = await made('deals', {
    name: 'Initech workstations',
    pipelineId: pipeline,
    stageId: stages.find((s) => s.kind === 'open')?.id,
    companyId: company,
  });
  const quote = await asRita('POST', `deals/${dealId}/quote`, { priceBookId: book });
  expect(quote.status, JSON.stringify(quote.body)).toBe(201);
  quoteId = (quote.body.quote as { id: string }).id;

  browser = await launchBrowser();
  rita = await openPage(browser, errors);
  await signIn(rita, server.url, ritaLogin);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

it('adds a line to a draft order, confirms it and walks it forward, the buttons following its status', async () => {
  await rita.goto(`${server.url}/orders/${orderId}`);
  const panel = rita.getByTestId('order-panel');
  await expect.poll(() => rita.getByTestId('order-status').textContent()).toBe('Draft');
  // Its lines are a part of it, not a related list of their own.
  expect(await rita.getByTestId('related-order-lines').count()).toBe(0);

  const lines = rita.getByTestId('order-lines');
  await panel.getByRole('button', { name: 'Add line' }).click();
  await lines.getByLabel('Line 1 product').click();
  await lines.getByLabel('Line 1 product').fill('CRM');
  await rita.getByRole('option', { name: 'CRM licence' }).click();
  await lines.getByLabel('Line 1 quantity').fill('2');
  await lines.getByLabel('Line 1 discount').fill('10');
  // 2 × 1,000.00 less 10 % = 1,800.00; 19 % VAT: 2,142.00.
  await expect.poll(() => rita.getByTestId('order-totals').textContent(), { timeout: 15_000 }).toContain('2,142.00');
  expect(await rita.getByTestId('order-totals').textContent()).toContain('200.00');
  const saved = (await asRita('GET', `order-lines?orderId=${orderId}`)).body.data as Array<Record<string, unknown>>;
  expect(saved).toHaveLength(1);
  expect(saved[0]).toMatchObject({ quantity: 2, discountPercent: 10, net: { amount: 180_000, currency: 'EUR' } });

  await panel.getByRole('button', { name: 'Confirm', exact: true }).click();
  await expect.poll(() => rita.getByTestId('order-status').textContent()).toBe('Confirmed');
  const actions = rita.getByTestId('order-actions');
  await expect.poll(() => actions.textContent()).toBe('Mark fulfilledCancel order');
  // What was ordered stays as it was: no more editing.
  expect(await panel.getByRole('button', { name: 'Add line' }).count()).toBe(0);
  expect(await lines.getByLabel('Line 1 quantity').getAttribute('readonly')).not.toBeNull();

  await panel.getByRole('button', { name: 'Mark fulfilled' }).click();
  await expect.poll(() => rita.getByTestId('order-status').textContent()).toBe('Fulfilled');
  await panel.getByRole('button', { name: 'Mark invoiced' }).click();
  await expect.poll(() => rita.getByTestId('order-status').textContent()).toBe('Invoiced');
  // Invoiced: paid is next, and it can no longer be cancelled.
  await expect.poll(() => actions.textContent()).toBe('Mark paid');
  const order = (await asRita('GET', `orders/${orderId}`)).body;
  expect(order).toMatchObject({ status: 'invoiced', total: { amount: 214_200 } });
  for (const step of ['confirmedAt', 'fulfilledAt', 'invoicedAt']) expect(order[step]).toBeTruthy();
  expect(errors).toEqual([]);
}, 90_000);

it('fits a phone: no sideways scroll on the order page', async () => {
  const phone = await openPage(browser, errors, { width: 390, height: 844 });
  await signIn(phone, server.url, ritaLogin);
  await phone.goto(`${server.url}/orders/${orderId}`);
  await expect.poll(() => phone.getByTestId('order-status').textContent()).toBe('Invoiced');
  await phone.getByTestId('order-lines').waitFor();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await phone.close();
}, 60_000);

it('configures a product with options into a quote line, the price following the choices', async () => {
  await rita.goto(`${server.url}/quotes/${quoteId}`);
  const lines = rita.getByTestId('quote-lines');
  await rita.getByRole('button', { name: 'Add line' }).click();
  await lines.getByLabel('Line 1 product').click();
  await lines.getByLabel('Line 1 product').fill('Workstation');
  await rita.getByRole('option', { name: 'Workstation' }).click();

  const modal = rita.getByTestId('configure-modal');
  const price = modal.getByTestId('configure-price');
  // The default support plan is chosen: 1,500.00 + 100.00.
  await expect.poll(() => price.textContent(), { timeout: 15_000 }).toContain('1,600.00');
  await modal.getByLabel('Premium support').check();
  await expect.poll(() => price.textContent()).toContain('1,800.00');
  await modal.getByLabel('Headset').check();
  await expect.poll(() => price.textContent()).toContain('1,880.00');
  expect(await modal.getByTestId('configure-description').textContent()).toBe('Workstation — Premium support, Headset');
  await modal.getByTestId('configure-add').click();
  await expect.poll(() => modal.count()).toBe(0);

  // 1,880.00 with 19 % VAT: 2,237.20, saved with the configured description and price.
  await expect.poll(() => rita.getByTestId('quote-totals').textContent(), { timeout: 15_000 }).toContain('2,237.20');
  const quote = (await asRita('GET', `quotes/${quoteId}/lines`)).body as { lines: Array<Record<string, unknown>> };
  expect(quote.lines).toHaveLength(1);
  expect(quote.lines[0]).toMatchObject({
    description: 'Workstation — Premium support, Headset',
    unitPrice: { amount: 188_000, currency: 'EUR' },
    taxPercent: 19,
  });
  expect(errors).toEqual([]);
}, 90_000);

it("configures a product into a deal's products, picking the price book the deal does not name", async () => {
  await rita.goto(`${server.url}/deals/${dealId}`);
  const products = rita.getByTestId('deal-products');
  await rita.getByTestId('deal-line-product').click();
  await rita.getByTestId('deal-line-product').fill('Workstation');
  await rita.getByRole('option', { name: 'Workstation' }).click();
  await products.getByRole('button', { name: 'Add', exact: true }).click();
  const modal = rita.getByTestId('configure-modal');
  await rita.getByTestId('configure-book').click();
  await rita.getByRole('option', { name: 'Europe' }).click();
  await expect
    .poll(() => modal.getByTestId('configure-price').textContent(), { timeout: 15_000 })
    .toContain('1,600.00');
  await modal.getByLabel('Headset').check();
  await expect.poll(() => modal.getByTestId('configure-price').textContent()).toContain('1,680.00');
  await modal.getByTestId('configure-add').click();
  await expect
    .poll(() => products.textContent(), { timeout: 15_000 })
    .toContain('Workstation — Standard support, Headset');
  const lines = (await asRita('GET', `deal-lines?dealId=${dealId}`)).body.data as Array<Record<string, unknown>>;
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    description: 'Workstation — Standard support, Headset',
    unitPrice: { amount: 168_000, currency: 'EUR' },
    net: { amount: 168_000, currency: 'EUR' },
  });
  expect(errors).toEqual([]);
}, 90_000);
