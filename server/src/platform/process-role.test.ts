// Several Kith processes against one PostgreSQL, as KITH_ROLE splits them: real server processes
// (server/src/main.ts on the project's Node), each with its own port, sharing one database.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverV8Flags } from '../../../scripts/lib.mjs';
import { sql } from '../db/sql.ts';
import { createTestDb, type TestDb } from '../test/test-db.ts';
import { type Jobs, startJobs } from './jobs.ts';
import { queueMail } from './mail.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');

interface Proc {
  role: 'all' | 'web' | 'worker';
  url: string;
  child: ChildProcess;
  /** pino's JSON lines from its stdout. */
  logs: Array<{ msg?: string; [k: string]: unknown }>;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

// PGlite lives inside one process: several processes need a PostgreSQL server, which CI provides
// through TEST_DATABASE_URL. So this runs only there (on PGlite there is nothing to share).
describe.runIf(process.env.TEST_DATABASE_URL)('several processes against one PostgreSQL', () => {
  let t: TestDb;
  let jobs: Jobs;
  let smtp: SMTPServer;
  let smtpUrl: string;
  const delivered: string[] = [];
  const procs: Record<'web' | 'all' | 'worker', Proc> = {} as never;
  const children: ChildProcess[] = []; // every one started, even if start-up failed half-way

  async function start(role: Proc['role']): Promise<Proc> {
    const port = await freePort();
    const child = spawn(process.execPath, [...serverV8Flags(), '--import', 'tsx', 'server/src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        KITH_ROLE: role,
        PORT: String(port),
        HOST: '127.0.0.1',
        KITH_DATA_DIR: mkdtempSync(join(tmpdir(), `kith-${role}-`)),
        SMTP_URL: smtpUrl,
        LOG_LEVEL: 'info',
      },
    });
    children.push(child);
    const proc: Proc = { role, url: `http://127.0.0.1:${port}`, child, logs: [] };
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        try {
          proc.logs.push(JSON.parse(line));
        } catch {}
      }
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`KITH_ROLE=${role} exited ${child.exitCode}: ${stderr}`);
      const up = await fetch(`${proc.url}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`KITH_ROLE=${role} did not start within 120 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return proc;
  }

  beforeAll(async () => {
    t = await createTestDb();
    jobs = await startJobs(t.db, { runWorkers: false, databaseUrl: t.url });
    // A slow mail server, so that a batch of deliveries takes long enough for every worker to poll.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => {
          data += c.toString();
        });
        stream.on('end', () => {
          delivered.push(/^Subject: (.*)$/m.exec(data)?.[1]?.trim() ?? '');
          setTimeout(callback, 150);
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
    // Started together: three processes migrating and starting pg-boss on one database at once.
    const [web, all, worker] = await Promise.all([start('web'), start('all'), start('worker')]);
    Object.assign(procs, { web, all, worker });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      ),
    );
    await jobs?.stop();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
    await t?.close();
  }, 60_000);

  it('a worker serves only health, readiness and metrics; web and all serve the API and the app', async () => {
    const status = async (p: Proc, path: string) => (await fetch(`${p.url}${path}`)).status;
    expect(await status(procs.worker, '/api/v1/health')).toBe(200);
    expect(await status(procs.worker, '/api/v1/ready')).toBe(200);
    expect(await status(procs.worker, '/metrics')).not.toBe(404); // there, behind its token
    expect(await status(procs.worker, '/api/v1/contacts')).toBe(404);
    expect(await status(procs.worker, '/api/v1/auth/me')).toBe(404);
    expect(await status(procs.worker, '/')).toBe(404);
    for (const p of [procs.web, procs.all]) {
      expect(await status(p, '/api/v1/contacts')).toBe(401); // there, behind sign-in
      expect(await status(p, '/api/v1/openapi.json')).toBe(200);
    }
  });

  it('a job sent once runs once, in a process that runs jobs, never in web', async () => {
    const count = 20;
    const ctx = { db: t.db, jobs, now: () => new Date() };
    for (let i = 0; i < count; i++) {
      await t.db.transaction((tx) =>
        queueMail(
          { ...ctx, db: tx },
          { to: `someone${i}@test.example`, subject: `Once ${i}`, text: 'hi' },
          { smtpUrl },
        ),
      );
    }
    // Every job finished: from here on nothing can run again (no retry is pending).
    await expect
      .poll(
        async () =>
          (
            await t.db.query<{ n: number }>(
              sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.deliver' AND state = 'completed'`,
            )
          )[0].n,
        { timeout: 60_000, interval: 200 },
      )
      .toBe(count);
    expect(delivered.toSorted()).toEqual(Array.from({ length: count }, (_, i) => `Once ${i}`).toSorted());
    const sent = (p: Proc) => p.logs.filter((l) => l.msg === 'mail sent').length;
    expect(sent(procs.web)).toBe(0);
    expect(sent(procs.all) + sent(procs.worker)).toBe(count);
    // Both job-running processes took part: "once" held between two competing workers.
    expect(sent(procs.all)).toBeGreaterThan(0);
    expect(sent(procs.worker)).toBeGreaterThan(0);
    const outbox = await t.db.query<{ status: string; n: number }>(
      sql`SELECT status, count(*)::int AS n FROM outbox GROUP BY status`,
    );
    expect(outbox).toEqual([{ status: 'sent', n: count }]);
  });

  // Sign-in limits live in the database: attempts through one process count in the other.
  it('a sign-in limit holds across processes', async () => {
    const attempt = (p: Proc) =>
      fetch(`${p.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'across@test.example', password: 'not-the-password' }),
      }).then((r) => r.status);
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push(await attempt(i % 2 ? procs.web : procs.all));
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
  });
});
