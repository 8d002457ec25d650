// Production runs the server compiled to JavaScript (scripts/build-server.mjs, docs/decisions/004):
// the bundle holds our code and @kith/common, finds its migrations, and starts on plain Node.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serverV8Flags } from '../../scripts/lib.mjs';

const root = resolve(import.meta.dirname, '..', '..');
// Beside server/src like server/dist, so that paths taken from import.meta resolve the same way.
const outDir = join(root, 'server', `dist-test-${process.pid}`);
let child: ChildProcess | undefined;
let url = '';
let stderr = '';

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--outdir', outDir], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  url = `http://127.0.0.1:${port}`;
  // Plain Node: no tsx, no type stripping of our sources.
  child = spawn(process.execPath, [...serverV8Flags(), '--no-experimental-strip-types', join(outDir, 'main.js')], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      KITH_DATA_DIR: mkdtempSync(join(tmpdir(), 'kith-compiled-')),
      LOG_LEVEL: 'warn',
    },
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the compiled server exited ${child.exitCode}: ${stderr}`);
    if (
      await fetch(`${url}/api/v1/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`the compiled server did not start within 120 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 180_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(outDir, { recursive: true, force: true });
});

it('bundles our code and @kith/common, importing only packages', () => {
  const main = readFileSync(join(outDir, 'main.js'), 'utf8');
  expect(main).not.toMatch(/from\s*["']@kith\//);
  expect(main).not.toMatch(/from\s*["'][^"']+\.ts["']/);
  expect(main).not.toMatch(/from\s*["']tsx/);
});

it('starts from the bundle: migrated, serving the API with its shared schemas', async () => {
  const ready = await (await fetch(`${url}/api/v1/ready`)).json();
  expect(ready).toEqual({ status: 'ready', database: 'embedded' });
  const openapi = await fetch(`${url}/api/v1/openapi.json`);
  expect(openapi.status).toBe(200);
  expect(Object.keys((await openapi.json()).paths)).toContain('/api/v1/contacts');
  // A worker thread's file is beside the bundle, as import-pool.ts looks for it.
  expect(readFileSync(join(outDir, 'import-worker.js'), 'utf8')).toMatch(/parentPort/);
});
