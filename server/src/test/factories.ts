// Factories for HTTP tests: a running app on a fresh database, users of any role, signed-in agents.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from 'uuidv7';
import { type AppDeps, type AppSettings, buildApp } from '../app.ts';
import { sql } from '../db/sql.ts';
import { modules as builtinModules } from '../modules/index.ts';
import { roleId, setup } from '../platform/auth/auth.service.ts';
import { authChanged } from '../platform/auth/auth-cache.ts';
import { hashPassword } from '../platform/auth/crypto.ts';
import { type Jobs, startJobs } from '../platform/jobs.ts';
import type { KithModule } from '../platform/module.ts';
import type { ObjectDef } from '../platform/registry/define-object.ts';
import { createTestDb, type TestDb } from './test-db.ts';

export interface TestApp extends TestDb {
  app: FastifyInstance;
  jobs: Jobs;
  admin: Agent;
}

export const testPassword = 'Test-password-123';
let hashed: Promise<string> | undefined;
let seq = 0;

export async function createTestApp(
  opts: {
    realtime?: boolean;
    workers?: boolean;
    settings?: Partial<AppSettings>;
    app?: Pick<AppDeps, 'trustedProxies' | 'metricsToken'>;
    /** Test-only registry entries (see createTestDb). */
    objects?: ObjectDef[];
    /** Test-only modules, wired after the built-in ones. */
    modules?: KithModule[];
  } = {},
): Promise<TestApp & { jobs: Jobs }> {
  const t = await createTestDb({ objects: opts.objects });
  const jobs = await startJobs(t.db, { runWorkers: opts.workers ?? false, databaseUrl: t.url });
  const settings = {
    dataDir: mkdtempSync(join(tmpdir(), 'kith-test-')),
    publicUrl: 'http://kith.test',
    mailFrom: 'Kith <kith@test.example>',
    ...opts.settings,
  };
  const app = await buildApp({
    settings,
    db: t.db,
    registry: t.registry,
    jobs,
    logger: false,
    databaseUrl: t.url,
    realtime: opts.realtime ?? false,
    ...(opts.modules ? { modules: [...builtinModules, ...opts.modules] } : {}),
    ...opts.app,
  });
  await app.ready();
  const pino = (await import('pino')).default({ level: 'silent' });
  await setup(
    t.db,
    { organizationName: 'Test Org', name: 'Ada Admin', email: 'admin@test.example', password: testPassword },
    { now: new Date(), log: pino },
  );
  const admin = await signIn(app, 'admin@test.example');
  return {
    ...t,
    app,
    admin,
    jobs,
    async close() {
      await app.close();
      await jobs.stop();
      await t.close();
    },
  };
}

export interface Agent {
  userId: string;
  csrfToken: string;
  cookie: string;
  /** A request as this user; body is JSON unless a Buffer (then send its content-type in headers). */
  request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse>;
}

export interface TestResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field in tests
  body: any;
  headers: Record<string, unknown>;
}

export async function signIn(app: FastifyInstance, email: string, password = testPassword): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} answered ${res.statusCode}: ${res.body}`);
  const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const body = res.json();
  return {
    userId: body.user.id,
    csrfToken: body.csrfToken,
    cookie,
    async request(method, url, payload, headers = {}) {
      const r = await app.inject({
        method,
        url,
        headers: { cookie, 'x-csrf-token': body.csrfToken, ...headers },
        ...(payload !== undefined ? { payload: payload as object } : {}),
      });
      let parsed: unknown = r.body;
      try {
        parsed = r.body ? JSON.parse(r.body) : null;
      } catch {}
      return { status: r.statusCode, body: parsed, headers: r.headers };
    },
  };
}

/** A user of a built-in role, optionally in a team (made if missing). */
export async function createUser(
  t: TestApp,
  opts: { role: string; team?: string; name?: string },
): Promise<{ id: string; email: string; agent: Agent }> {
  hashed ??= hashPassword(testPassword);
  const id = uuidv7();
  const email = `user${++seq}.${opts.role}@test.example`;
  await t.db.query(sql`INSERT INTO users (id, email, name, password_hash, role_id)
    VALUES (${id}, ${email}, ${opts.name ?? `User ${seq}`}, ${await hashed}, ${await roleId(t.db, opts.role)})`);
  if (opts.team) {
    await t.db.query(sql`INSERT INTO teams (id, name) VALUES (${uuidv7()}, ${opts.team}) ON CONFLICT DO NOTHING`);
    await t.db.query(
      sql`INSERT INTO team_members (team_id, user_id) SELECT id, ${id} FROM teams WHERE lower(name) = lower(${opts.team})`,
    );
    authChanged(); // written straight to the database: tell this process's auth cache at once, as services do
  }
  return { id, email, agent: await signIn(t.app, email) };
}
