// Shared by start/test/run. Runs on whatever Node the machine has (npm itself may be on Node 20):
// it installs dependencies when missing, then hands over to the project's own Node 24.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const bin = join(root, 'node_modules', '.bin');
export const node24 = join(bin, 'node');

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : mtime(path));
  }
  return newest;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: childEnv(), ...opts });
  if (r.status !== 0) {
    console.error(`kith: "${cmd} ${args.join(' ')}" failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

export function childEnv(extra = {}) {
  return { ...process.env, PATH: `${bin}:${process.env.PATH}`, ...extra };
}

/** npm ci on a fresh clone, npm install when package-lock.json changed since the last install. */
export function ensureInstalled() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker) || !existsSync(node24)) {
    console.log('kith: installing dependencies (first run)…');
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  } else if (mtime(join(root, 'package-lock.json')) > mtime(marker) + 1000) {
    console.log('kith: package-lock.json changed, updating dependencies…');
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
  }
}

/** Builds the web app when web/dist is missing or older than its sources. */
export function ensureWebBuilt() {
  const web = join(root, 'web');
  const built = mtime(join(web, 'dist', 'index.html'));
  const sources = Math.max(
    newestUnder(join(web, 'src')),
    newestUnder(join(root, 'common', 'src')),
    mtime(join(web, 'index.html')),
    mtime(join(web, 'vite.config.ts')),
  );
  if (built >= sources) return;
  console.log('kith: building the web app…');
  run(join(bin, 'vite'), ['build', 'web', '--logLevel', 'warn']);
}

/**
 * How production runs the built server (npm start, and the bench). Source maps stay off: loading
 * them costs 16 MB of memory; NODE_OPTIONS=--enable-source-maps turns them on (decision 006).
 * The V8 flags keep memory in bounds (decision 008): `serverV8Flags`.
 */
export const compiledServerArgs = [...serverV8Flags(), 'server/dist/main.js'];

/**
 * V8 flags for every process that serves Kith or runs its tests (decision 008):
 * - the young generation grew to hundreds of MB under load while little of it was live; 16 MB
 *   semi-spaces keep it small at no measurable cost in time;
 * - the old generation grew by V8's default factor after each collection, so an export or a list
 *   load left 150 MB of garbage uncollected (43 MB live); growing it by half at a time keeps the
 *   garbage in bounds, again at no cost that could be told from the noise.
 */
export function serverV8Flags() {
  return ['--max-semi-space-size=16', '--heap-growing-percent=50'];
}

/** Builds the server to JavaScript (server/dist) when missing or older than its sources. */
export function ensureServerBuilt() {
  const built = mtime(join(root, 'server', 'dist', 'main.js'));
  const sources = Math.max(
    newestUnder(join(root, 'server', 'src')),
    newestUnder(join(root, 'common', 'src')),
    mtime(join(root, 'scripts', 'build-server.mjs')),
    mtime(join(root, 'package-lock.json')),
  );
  if (built >= sources) return;
  console.log('kith: building the server…');
  run(node24, [join(root, 'scripts', 'build-server.mjs')]);
}

/**
 * glibc malloc settings for every process these scripts hand over to — npm start, npm run dev,
 * the bench, the tests (decision 008, amended): the trim threshold fixed at glibc's own default,
 * 128 KB. By default glibc raises its mmap and trim thresholds each time a large block is freed
 * (up to 32 and 64 MB), after which each thread's arena keeps what it freed: the background
 * threads that compile the embedded database's WebAssembly left some 100 MB resident that way.
 * A threshold that is set turns that adjustment off, so freed memory goes back to the system. A
 * value already in the environment wins; other C libraries ignore the variable.
 */
export function serverMallocEnv(env = process.env) {
  return env.MALLOC_TRIM_THRESHOLD_ === undefined ? { MALLOC_TRIM_THRESHOLD_: '131072' } : {};
}

/** Runs a command on Node 24, forwarding signals so the child can shut down gracefully. */
export function handOver(args, extraEnv = {}) {
  const env = childEnv({ ...serverMallocEnv(), ...extraEnv });
  const child = spawn(node24, args, { cwd: root, stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
