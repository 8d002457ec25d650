// The real server as a child process for the benchmark: started on a free port against the bench's
// database, its memory sampled from /proc, signed in as the bench admin, and measured with autocannon.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { benchAdmin } from './generate.ts';

const root = join(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export interface Server {
  child: ChildProcess;
  base: string;
  /** When the process was spawned and when it first answered ready (ms since the epoch). */
  spawnedAt: number;
  readyAt: number;
  rss(): number;
  peakRss: number;
  stop(): Promise<void>;
}

/** How the server is run: its node arguments, and a line for the results saying so. */
export interface ServerCommand {
  args: string[];
  description: string;
}

const fromSources: ServerCommand = {
  args: ['--import', 'tsx', 'server/src/main.ts'],
  description: 'TypeScript sources compiled at run time (node --import tsx server/src/main.ts)',
};

/**
 * The server as production runs it: `npm start` (scripts/start.mjs) builds server/dist when it is
 * missing or older than its sources (ensureServerBuilt in scripts/lib.mjs) and runs node with
 * compiledServerArgs (`server/dist/main.js`); the bench takes both from scripts/lib.mjs, so it
 * follows npm start. With `tsx` (the `--tsx` flag), or on a tree whose scripts/lib.mjs has no
 * ensureServerBuilt, the TypeScript sources through tsx, as `npm run dev` runs them.
 */
export async function serverCommand(opts: { tsx?: boolean; log?: (m: string) => void }): Promise<ServerCommand> {
  if (opts.tsx) return { ...fromSources, description: `${fromSources.description}, as asked with --tsx` };
  const lib = (await import(pathToFileURL(join(root, 'scripts', 'lib.mjs')).href)) as {
    ensureServerBuilt?: () => void;
    compiledServerArgs?: string[];
  };
  if (typeof lib.ensureServerBuilt !== 'function')
    return { ...fromSources, description: `${fromSources.description}: this tree has no compiled server to run` };
  const t = Date.now();
  lib.ensureServerBuilt(); // exits the process if the build fails, as npm start does
  opts.log?.(`server/dist checked against its sources, built if stale (${Date.now() - t} ms)`);
  const args = lib.compiledServerArgs ?? ['--enable-source-maps', 'server/dist/main.js'];
  const sourceMaps = /--enable-source-maps/.test(`${args.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  return {
    args,
    description: `compiled JavaScript, as npm start runs it (node ${args.join(' ')}, built when stale; source maps ${sourceMaps ? 'on' : 'off'})`,
  };
}

/** `database`: `{ dataDir }` for the embedded database, `{ url }` for PostgreSQL. */
export async function startServer(
  command: ServerCommand,
  database: { dataDir: string } | { url: string },
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    KITH_ROLE: 'all',
    KITH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...('dataDir' in database
      ? { KITH_DATA_DIR: database.dataDir, DATABASE_URL: '' }
      : { DATABASE_URL: database.url, KITH_DATA_DIR: '' }),
    ...extraEnv,
  };
  const spawnedAt = Date.now();
  // BENCH_CPU_PROF=dir: the server writes a V8 CPU profile there when it stops (NODE_OPTIONS may
  // not carry --cpu-prof).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, ...command.args], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const rss = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : 0;
    } catch {
      return 0;
    }
  };
  const server: Server = {
    child,
    base,
    spawnedAt,
    readyAt: 0,
    rss,
    peakRss: 0,
    async stop() {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 25_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
  // Every 100 ms: the embedded server's start-up peak (V8 compiling the SQL parser, decision 008)
  // lasts about half a second, and sampling every 250 ms missed it in one run of three.
  const sampler = setInterval(() => {
    server.peakRss = Math.max(server.peakRss, rss());
  }, 100);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      clearInterval(sampler);
      throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    }
    try {
      const r = await fetch(`${base}/api/v1/ready`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error('the server did not become ready within 3 minutes');
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  server.readyAt = Date.now();
  return server;
}

export interface Session {
  headers: Record<string, string>;
  token: string;
}

export async function login(base: string): Promise<Session> {
  const r = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(benchAdmin),
  });
  if (!r.ok) throw new Error(`sign-in answered ${r.status}: ${await r.text()}`);
  const body = (await r.json()) as { csrfToken: string };
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /kith_session=([^;]+)/.exec(cookie)?.[1] ?? '';
  return { headers: { cookie, 'x-csrf-token': body.csrfToken }, token: decodeURIComponent(token) };
}

export interface ApiMeasured {
  p50: number;
  p99: number;
  rps: number;
  requests: number;
  non2xx: number;
  errors: number;
  rssAfterMb: number;
}

/** autocannon against one path, a rotation of paths, or a body per request. */
export async function cannon(
  server: Server,
  s: Session,
  load: { connections: number; duration: number },
  opts: { path?: string; paths?: string[]; method?: string; body?: (i: number) => string },
): Promise<ApiMeasured> {
  let i = 0;
  const spec =
    opts.paths || opts.body
      ? [
          {
            method: opts.method ?? 'GET',
            path: opts.path,
            headers: { ...s.headers, ...(opts.body ? { 'content-type': 'application/json' } : {}) },
            setupRequest: (req: { path?: string; body?: string }) => {
              const n = i++;
              return {
                ...req,
                ...(opts.paths ? { path: opts.paths[n % opts.paths.length] } : {}),
                ...(opts.body ? { body: opts.body(n) } : {}),
              };
            },
          },
        ]
      : undefined;
  const r = await autocannon({
    url: `${server.base}${opts.path ?? ''}`,
    connections: load.connections,
    duration: load.duration,
    timeout: 30,
    headers: s.headers,
    ...(spec ? { requests: spec } : {}),
  });
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    rps: r.requests.average,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    rssAfterMb: Math.round(server.rss()),
  };
}

export async function getJson(base: string, s: Session, path: string) {
  const r = await fetch(`${base}${path}`, { headers: s.headers });
  if (!r.ok) throw new Error(`GET ${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return r.json() as Promise<{ data: Array<Record<string, unknown>>; nextCursor: string | null }>;
}
