// End-to-end harness: the real server (as `npm start` runs it, on a fresh embedded database)
// and Debian's Chromium driven by playwright-core.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { serverV8Flags } from '../scripts/lib.mjs';

const root = join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface RunningServer {
  url: string;
  dataDir: string;
  output: () => string;
  stop(): Promise<void>;
}

/** `entry`: the server's start-up file (a test's own, e.g. with a test-only object); main.ts by default. */
export async function startServer(
  env: Record<string, string> = {},
  opts: { entry?: string } = {},
): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kith-e2e-'));
  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [...serverV8Flags(), '--import', 'tsx', opts.entry ?? 'server/src/main.ts'],
    {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        KITH_DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
    try {
      if ((await fetch(`${url}/api/v1/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`server not healthy after 120 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Admin {
  organizationName: string;
  name: string;
  email: string;
  password: string;
}

export type ApiRequest = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

/**
 * The first-run set-up through the API (as an integration would do it), and requests as that
 * admin: `request('POST', 'contacts', {...})`; `create` is a POST that must answer 201 and gives the id.
 */
export async function setUpAdmin(
  url: string,
  admin: Admin,
): Promise<{ request: ApiRequest; create: (path: string, body: unknown) => Promise<string> }> {
  const setup = await fetch(`${url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  if (!setup.ok) throw new Error(`setup answered ${setup.status}: ${await setup.text()}`);
  const cookie = setup.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await setup.json()) as { csrfToken: string };
  const request: ApiRequest = async (method, path, body) => {
    const r = await fetch(`${url}/api/v1/${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
  const create = async (path: string, body: unknown) => {
    const r = await request('POST', path, body);
    if (r.status !== 201) throw new Error(`POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.id as string;
  };
  return { request, create };
}

/**
 * A colleague joins as people do: an admin invites them (`request` is the admin's), and they
 * accept with the link the invitation mail holds. Answers the new user's id.
 */
export async function inviteUser(
  url: string,
  request: ApiRequest,
  who: { email: string; name: string; password: string; role: string },
): Promise<string> {
  const roles = (await request('GET', 'roles')).body.data as Array<{ id: string; key: string }>;
  const roleId = roles.find((r) => r.key === who.role)?.id;
  const invited = await request('POST', 'invitations', { email: who.email, name: who.name, roleId });
  if (invited.status !== 201) throw new Error(`invitation answered ${invited.status}: ${JSON.stringify(invited.body)}`);
  const mail = ((await request('GET', 'outbox')).body.data as Array<{ to: string; text: string }>).find(
    (m) => m.to === who.email,
  );
  const token = /token=([\w-]+)/.exec(mail?.text ?? '')?.[1];
  const accepted = await fetch(`${url}/api/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, name: who.name, password: who.password }),
  });
  if (accepted.status !== 200) throw new Error(`accepting the invitation answered ${accepted.status}`);
  const users = (await request('GET', 'users')).body.data as Array<{ id: string; email: string }>;
  return users.find((u) => u.email === who.email)?.id ?? '';
}

/** Requests as a user signed in through the API (cookie and CSRF token, as the web app sends them). */
export async function apiAs(url: string, who: { email: string; password: string }): Promise<ApiRequest> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (!res.ok) throw new Error(`sign-in as ${who.email} answered ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method, path, body) => {
    const r = await fetch(`${url}/api/v1/${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: await r.json().catch(() => null) };
  };
}

/** Signs in on the login page (the page it is on, or /login) and waits to land on `landing`. */
export async function signIn(page: Page, url: string, who: { email: string; password: string }, landing = '/home') {
  if (!/\/login/.test(page.url())) await page.goto(`${url}/login`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(`${url}${landing}`);
}

/**
 * A page on a fresh context of the given size (and, say, time zone), its uncaught errors
 * collected into `errors`.
 */
export async function openPage(
  browser: Browser,
  errors: string[],
  viewport = { width: 1280, height: 860 },
  context: { timezoneId?: string; locale?: string } = {},
) {
  const page = await (await browser.newContext({ viewport, ...context })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15_000);
  return page;
}

export interface DroppedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/** Drops files on a drop zone (by its test id) as a person's drag from the desktop does. */
export async function dropFiles(page: Page, testId: string, files: DroppedFile[]) {
  const dataTransfer = await page.evaluateHandle(
    (list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return dt;
    },
    files.map((f) => ({ name: f.name, type: f.type, bytes: [...f.bytes] })),
  );
  const zone = page.getByTestId(testId);
  for (const type of ['dragenter', 'dragover', 'drop']) await zone.dispatchEvent(type, { dataTransfer });
}

/** Drags with the mouse as a person does: press, move a little (the drag starts), move over, release. */
export async function dragTo(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('card or column not on screen');
  const x = a.x + a.width / 2;
  const y = a.y + a.height - 10;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 12, y + 6, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 90, { steps: 15 });
  await page.mouse.up();
}
