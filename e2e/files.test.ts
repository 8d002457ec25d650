// Files in a real browser: a PDF dropped on a contact's page is uploaded (with progress), listed,
// and previewed by Chromium's own PDF viewer inside the page — sandboxed, never sniffed; a
// disguised file dropped next is refused with the server's reason, and nothing is listed for it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { samplePdf } from '../server/src/modules/files/files.test-helpers.ts';
import {
  type DroppedFile,
  dropFiles,
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
  organizationName: 'Files Co',
  name: 'Fia Admin',
  email: 'fia@files.example',
  password: 'Fia-password-42',
};
let contactId: string;

beforeAll(async () => {
  server = await startServer();
  const api = await setUpAdmin(server.url, admin);
  contactId = await api.create('contacts', { firstName: 'Grace', lastName: 'Hopper' });
  browser = await launchBrowser();
  page = await openPage(browser, errors, { width: 1440, height: 900 });
  await signIn(page, server.url, admin);
  page.on('console', (m) => {
    // The refused upload answers 400: the browser logs it; everything else stays clean.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) errors.push(m.text());
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const drop = (files: DroppedFile[]) => dropFiles(page, 'files-dropzone', files);

it('uploads a dropped PDF, lists it and previews it in the page', async () => {
  await page.goto(`${server.url}/contacts/${contactId}`);
  await page.getByTestId('files-dropzone').waitFor();
  await drop([{ name: 'Hopper – COBOL notes.pdf', type: 'application/pdf', bytes: samplePdf('COBOL notes') }]);

  const row = page.getByTestId('file-row').filter({ hasText: 'Hopper – COBOL notes.pdf' });
  await expect.poll(() => row.count()).toBe(1);
  await expect.poll(() => row.textContent()).toMatch(/PDF · Fia Admin · just now/);
  expect(await page.getByTestId('file-upload').count()).toBe(0);

  await row.getByTestId('file-name').click();
  const frame = page.getByTestId('file-preview-pdf');
  await frame.waitFor();
  const src = (await frame.getAttribute('src')) ?? '';
  expect(src).toMatch(/\/api\/v1\/files\/[0-9a-f-]+\/content\?inline=1$/);
  // Chromium's PDF viewer took the frame: the sandboxing CSP does not stop it.
  await expect
    .poll(() => page.frames().some((f) => f.url().startsWith('chrome-extension://') && f.url().endsWith('index.html')))
    .toBe(true);
  const headers = await page.evaluate(async (url) => {
    const r = await fetch(url);
    return Object.fromEntries(r.headers.entries());
  }, src);
  expect(headers['content-disposition']).toMatch(/^inline; filename=/);
  expect(headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
  expect(headers['x-content-type-options']).toBe('nosniff');
  await page.keyboard.press('Escape');
});

it('refuses a page disguised as a PDF, saying why, and lists nothing for it', async () => {
  await drop([
    { name: 'invoice.pdf', type: 'application/pdf', bytes: Buffer.from('<!doctype html><script>x</script>') },
  ]);
  const failed = page.getByTestId('file-upload');
  await expect.poll(() => failed.getByTestId('file-upload-error').textContent()).toMatch(/^file: refused, its/);
  expect(await page.getByTestId('file-row').count()).toBe(1);
  await failed.getByRole('button', { name: 'Dismiss' }).click();
  await expect.poll(() => failed.count()).toBe(0);
  expect(errors).toEqual([]);
});
