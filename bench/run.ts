// `npm run bench [-- --small | --embedded | --regenerate | --duration 10]`
// Generates (or reuses) a large database, starts the real server as a child process, measures each
// scenario over HTTP with autocannon, then replays the same SQL straight against the database for
// the ceiling, and writes bench/results/<date>-<db>.{json,md}. See bench/README.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import pino from 'pino';
import { type Db, openEmbeddedDb, openServerDb } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { ensureBuiltinRoles, sessionFromToken } from '../server/src/platform/auth/auth.service.ts';
import type { Ctx } from '../server/src/platform/context.ts';
import type { Jobs } from '../server/src/platform/jobs.ts';
import { parseListQuery } from '../server/src/platform/records/records.routes.ts';
import { createRecord, getRecord, listRecords } from '../server/src/platform/records/records.service.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';
import { capturing, createReplayer, type Measured, replay, type Statement, substitute } from './ceiling.ts';
import {
  benchAdmin,
  checkConsistency,
  ensureUsers,
  existingSizes,
  generate,
  type Sizes,
  searchName,
  typoName,
} from './generate.ts';

const root = join(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    embedded: { type: 'boolean', default: false },
    small: { type: 'boolean', default: false },
    regenerate: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'pg-url': { type: 'string', default: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const sizes: Sizes = args.embedded
  ? args.small
    ? { contacts: 20_000, companies: 4_000 }
    : { contacts: 100_000, companies: 20_000 }
  : args.small
    ? { contacts: 50_000, companies: 10_000 }
    : { contacts: 1_000_000, companies: 200_000 };
const label = `${args.embedded ? 'pglite' : 'postgres'}${args.small ? '-small' : ''}`;
const log = (m: string) => console.log(`[bench] ${m}`);
const silent = pino({ level: 'silent' });

// ---- the database ----

const pgDbName = `kith_bench${args.small ? '_small' : ''}`;
const pgUrl = (() => {
  const u = new URL(args['pg-url']);
  u.pathname = `/${pgDbName}`;
  return u.toString();
})();
const embeddedDir = join(root, 'bench', 'data', `pglite-${sizes.contacts}`);

async function openBenchDb(): Promise<Db> {
  if (args.embedded) return openEmbeddedDb(embeddedDir);
  return openServerDb(pgUrl, { max: 4 });
}

async function prepareDatabase(): Promise<void> {
  if (!args.embedded) {
    const admin = new pg.Client({ connectionString: args['pg-url'] });
    await admin.connect();
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [pgDbName]);
    let fresh = !rows.length || args.regenerate;
    if (!fresh) {
      const db = await openBenchDb();
      const have = await existingSizes(db).catch(() => null);
      await db.close();
      fresh = !have || have.contacts !== sizes.contacts || have.companies !== sizes.companies;
    }
    if (fresh) {
      await admin.query(`DROP DATABASE IF EXISTS ${pgDbName} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${pgDbName}`);
    }
    await admin.end();
  } else if (args.regenerate) rmSync(embeddedDir, { recursive: true, force: true });
  const db = await openBenchDb();
  try {
    await migrate(db);
    await ensureBuiltinRoles(db);
    const have = await existingSizes(db).catch(() => null);
    if (have && have.contacts === sizes.contacts && have.companies === sizes.companies) {
      log(
        `reusing ${label} database with ${sizes.contacts.toLocaleString('en')} contacts and ${sizes.companies.toLocaleString('en')} companies`,
      );
      await ensureUsers(db);
    } else {
      log(
        `generating ${sizes.contacts.toLocaleString('en')} contacts and ${sizes.companies.toLocaleString('en')} companies (${label})…`,
      );
      const t = Date.now();
      await generate(db, sizes, (m) => log(m));
      generationSeconds = (Date.now() - t) / 1000;
      log(`generated in ${generationSeconds.toFixed(0)} s`);
    }
    const check = await checkConsistency(db);
    consistency = {
      checked: check.checked,
      mismatches: check.mismatches.length,
      examples: check.mismatches.slice(0, 3),
    };
    log(
      `title/search_text consistency with the records path: ${check.checked - check.mismatches.length}/${check.checked} rows agree`,
    );
    for (const m of check.mismatches.slice(0, 3)) log(`  mismatch: ${m}`);
  } finally {
    await db.close();
  }
}

let generationSeconds: number | null = null;
let consistency: { checked: number; mismatches: number; examples: string[] } | null = null;

// ---- the server ----

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

interface Server {
  child: ChildProcess;
  base: string;
  rss(): number;
  peakRss: number;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    KITH_ROLE: 'all',
    KITH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(args.embedded ? { KITH_DATA_DIR: embeddedDir, DATABASE_URL: '' } : { DATABASE_URL: pgUrl }),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
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
  const sampler = setInterval(() => {
    server.peakRss = Math.max(server.peakRss, rss());
  }, 250);
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    try {
      const r = await fetch(`${base}/api/v1/ready`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error('the server did not become ready within 3 minutes');
    await new Promise((r) => setTimeout(r, 300));
  }
  return server;
}

interface Session {
  headers: Record<string, string>;
  token: string;
}

async function login(base: string): Promise<Session> {
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

// ---- scenarios ----

interface Scenario {
  name: string;
  kind: 'list' | 'get' | 'search' | 'create' | 'import' | 'export';
  path?: string; // a GET path
  note?: string;
  api?: { p50: number; p99: number; rps: number; requests: number; non2xx: number; errors: number; rssAfterMb: number };
  sql?: Measured;
  explain?: string;
  rowsPerSecond?: number;
  available?: boolean;
}

const targets = {
  list: { p99: 25, budgetRps: 2000 },
  get: { p99: 25, budgetRps: 4000 },
  search: { p99: 50, budgetRps: 1000 },
  create: { p99: null, budgetRps: null },
  import: { rowsPerSecond: 20_000 },
  export: {},
} as const;

async function cannon(
  server: Server,
  s: Session,
  opts: { path?: string; paths?: string[]; method?: string; body?: (i: number) => string },
) {
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
    connections,
    duration,
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

async function getJson(base: string, s: Session, path: string) {
  const r = await fetch(`${base}${path}`, { headers: s.headers });
  if (!r.ok) throw new Error(`GET ${path} answered ${r.status}: ${(await r.text()).slice(0, 300)}`);
  return r.json() as Promise<{ data: Array<Record<string, unknown>>; nextCursor: string | null }>;
}

const loadAverageAtStart = loadavg().map((x) => +x.toFixed(1));

async function main() {
  const started = Date.now();
  await prepareDatabase();

  // Ids and owners to ask for, chosen before the server takes the database.
  let db = await openBenchDb();
  const { ownerIds } = await ensureUsers(db);
  const ids = (
    await db.queryText<{ id: string }>(
      'SELECT id FROM contacts TABLESAMPLE SYSTEM (2) WHERE deleted_at IS NULL LIMIT 2000',
    )
  ).map((r) => r.id);
  // The export covers the newest rows: about 100,000 of them (all of them on smaller sets).
  const exportRows = Math.min(100_000, sizes.contacts);
  const [edge] = await db.queryText<{ at: Date }>(
    'SELECT created_at AS at FROM contacts WHERE deleted_at IS NULL ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1',
    [exportRows - 1],
  );
  const exportFrom = new Date(edge.at).toISOString();
  await db.close();
  const owner = ownerIds[3];
  const importRows = args.small ? 20_000 : 100_000;

  log('starting the server…');
  const server = await startServer();
  const session = await login(server.base);
  log(`server up (pid ${server.child.pid}, RSS ${server.rss().toFixed(0)} MB)`);

  // Custom fields, when the API exists: created once per database.
  let customValues: Record<string, unknown> = {};
  let customNote = '';
  const cf = await fetch(`${server.base}/api/v1/custom-fields?objectType=contact`, { headers: session.headers });
  if (cf.status === 404) customNote = 'custom-fields API not available: plain contacts';
  else {
    const existing = ((await cf.json()) as { data?: Array<{ name: string }> }).data?.map((f) => f.name) ?? [];
    const wanted = [
      {
        objectType: 'contact',
        name: 'benchTier',
        label: 'Tier',
        type: 'select',
        options: [
          { value: 'gold', label: 'Gold' },
          { value: 'silver', label: 'Silver' },
        ],
      },
      { objectType: 'contact', name: 'benchScore', label: 'Score', type: 'number' },
    ];
    for (const f of wanted.filter((w) => !existing.includes(w.name))) {
      const r = await fetch(`${server.base}/api/v1/custom-fields`, {
        method: 'POST',
        headers: { ...session.headers, 'content-type': 'application/json' },
        body: JSON.stringify(f),
      });
      if (r.status !== 201) throw new Error(`creating custom field ${f.name} answered ${r.status}: ${await r.text()}`);
    }
    customValues = { benchTier: 'gold', benchScore: 42 };
    customNote = 'with two custom fields (select + number)';
  }

  // The deep page: walk 500 pages by cursor, then keep asking for the page after them.
  const listPath = '/api/v1/contacts?sort=name&limit=50';
  let cursor: string | null = null;
  const pages = Math.min(500, Math.floor(sizes.contacts / 50) - 2);
  const walkStart = Date.now();
  for (let p = 0; p < pages; p++) {
    const page = await getJson(
      server.base,
      session,
      cursor ? `${listPath}&cursor=${encodeURIComponent(cursor)}` : listPath,
    );
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  log(
    `walked ${pages} pages by cursor in ${((Date.now() - walkStart) / 1000).toFixed(1)} s (${((Date.now() - walkStart) / pages).toFixed(1)} ms a page)`,
  );

  const scenarios: Scenario[] = [
    // (import and export are appended below)
    { name: 'List page 1, sorted by name', kind: 'list', path: listPath },
    {
      name: `Deep page (after ${pages} pages)`,
      kind: 'list',
      path: `${listPath}&cursor=${encodeURIComponent(cursor ?? '')}`,
    },
    {
      name: 'Filter owner + lifecycle stage',
      kind: 'list',
      path: `/api/v1/contacts?ownerId=${owner}&lifecycleStage=lead&limit=50`,
    },
    { name: `Full-text search (q=${searchName})`, kind: 'search', path: `/api/v1/contacts?q=${searchName}&limit=50` },
    { name: `Typo search (q=${typoName})`, kind: 'search', path: `/api/v1/contacts?q=${typoName}&limit=50` },
    { name: 'Get by id (rotating 2,000 ids)', kind: 'get' },
    { name: 'Create contact', kind: 'create', note: customNote },
  ];

  // The export first: creates and imports below add rows newer than its edge.
  const exported = await measureExport(server, session, exportFrom, exportRows);

  for (const sc of scenarios) {
    log(`API: ${sc.name}…`);
    if (sc.kind === 'get')
      sc.api = await cannon(server, session, {
        path: `/api/v1/contacts/${ids[0]}`,
        paths: ids.map((id) => `/api/v1/contacts/${id}`),
      });
    else if (sc.kind === 'create') {
      sc.api = await cannon(server, session, {
        path: '/api/v1/contacts',
        method: 'POST',
        body: (i) =>
          JSON.stringify({
            firstName: 'Bench',
            lastName: `Person ${i}`,
            email: `bench.${process.pid}.${i}@create.example`,
            lifecycleStage: 'lead',
            ownerId: owner,
            ...customValues,
          }),
      });
    } else sc.api = await cannon(server, session, { path: sc.path });
    log(
      `  p50 ${sc.api.p50} ms, p99 ${sc.api.p99} ms, ${sc.api.rps.toFixed(0)} req/s, non-2xx ${sc.api.non2xx}, RSS ${sc.api.rssAfterMb} MB`,
    );
  }

  // CSV import and export: measured only if their endpoints exist by now.
  scenarios.push(await measureImport(server, session, importRows));
  scenarios.push(exported);

  const peakRss = Math.round(server.peakRss);
  const idleRss = Math.round(server.rss());
  await server.stop();
  log(`server stopped (peak RSS ${peakRss} MB)`);

  // ---- the ceilings: the same statements, straight to the database ----
  db = await openBenchDb();
  const registry = new Registry(builtinObjects);
  await registry.load(db);
  const stmtsOf = async (fn: (ctx: Ctx) => Promise<unknown>) => {
    const captured: Statement[] = [];
    const cdb = capturing(db, captured);
    const sessionRow = await sessionFromToken(cdb, session.token, new Date());
    if (!sessionRow) throw new Error('the bench session is not in the database');
    const ctx: Ctx = {
      db: cdb,
      principal: sessionRow.principal,
      registry,
      jobs: {} as Jobs,
      now: () => new Date(),
      log: silent,
    };
    const result = await fn(ctx);
    return { captured, result };
  };
  const url = args.embedded ? undefined : pgUrl;
  for (const sc of scenarios) {
    if (!sc.api) continue;
    log(`SQL: ${sc.name}…`);
    if (sc.kind === 'list' || sc.kind === 'search') {
      const u = new URL(sc.path as string, 'http://x');
      const query = Object.fromEntries(u.searchParams);
      const obj = registry.byPlural('contacts');
      if (!obj) throw new Error('no contacts object');
      const { captured } = await stmtsOf((ctx) => listRecords(ctx, 'contact', parseListQuery(obj, query)));
      sc.sql = await replay(db, url, () => captured, { connections, durationMs: duration * 1000 });
      const main = captured[captured.length - 1];
      const plan = await db.queryText<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${main.text}`, main.values);
      sc.explain = plan.map((r) => Object.values(r)[0]).join('\n');
    } else if (sc.kind === 'get') {
      const { captured } = await stmtsOf((ctx) => getRecord(ctx, 'contact', ids[0]));
      sc.sql = await replay(db, url, (i) => substitute(captured, new Map([[ids[0], ids[i % ids.length]]])), {
        connections,
        durationMs: duration * 1000,
      });
      const main = captured[captured.length - 1];
      const plan = await db.queryText<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${main.text}`, main.values);
      sc.explain = plan.map((r) => Object.values(r)[0]).join('\n');
    } else if (sc.kind === 'create') {
      const email = `bench.capture.${process.pid}@create.example`;
      const { captured, result } = await stmtsOf((ctx) =>
        createRecord(ctx, 'contact', {
          firstName: 'Bench',
          lastName: 'Capture',
          email,
          lifecycleStage: 'lead',
          ownerId: owner,
          ...customValues,
        }),
      );
      const next = createReplayer(captured, (result as { id: string }).id, email);
      sc.sql = await replay(db, url, next, { connections, durationMs: duration * 1000, transaction: true });
      sc.note =
        `${sc.note ?? ''}; the SQL ceiling replays its ${captured.length} statements (session, reference and duplicate checks, insert, audit, event, re-read) in one transaction`.replace(
          /^; /,
          '',
        );
    }
    log(`  p50 ${sc.sql?.p50.toFixed(2)} ms, p99 ${sc.sql?.p99.toFixed(2)} ms, ${sc.sql?.rps.toFixed(0)} q/s`);
  }
  // What the run added goes again, so the next run finds the counts it expects and reuses the data.
  const removed = await db.queryText<{ n: number }>(
    `WITH d AS (DELETE FROM contacts WHERE email LIKE '%@create.example' OR email LIKE '%@import.example' RETURNING 1) SELECT count(*)::int AS n FROM d`,
  );
  await db.exec('VACUUM ANALYZE contacts');
  log(`removed ${removed[0].n} contacts the run created`);
  await db.close();

  // ---- results ----
  const date = new Date().toISOString().slice(0, 10);
  const machine = {
    loadAverageAtEnd: loadavg().map((x) => +x.toFixed(1)),
    loadAverageAtStart,
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
    freeGb: +(freemem() / 2 ** 30).toFixed(1),
    node: process.version,
  };
  const result = {
    date: new Date().toISOString(),
    database: label,
    sizes,
    durationSeconds: duration,
    connections,
    machine,
    server: { peakRssMb: peakRss, rssAtEndMb: idleRss },
    generationSeconds,
    consistency,
    totalSeconds: (Date.now() - started) / 1000,
    scenarios: scenarios.map((s) => ({ ...s, verdict: verdict(s) })),
  };
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${date}-${label}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(dir, `${date}-${label}.md`), markdown(result));
  log(`wrote bench/results/${date}-${label}.{json,md} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`\n${table(result.scenarios)}`);
}

async function measureImport(server: Server, s: Session, rows: number): Promise<Scenario> {
  const name = `CSV import, ${rows.toLocaleString('en')} rows`;
  const lines = ['First name,Last name,Email,Phone,Job title,Lifecycle stage,City,Country'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `Imported,Person ${i},imp.${process.pid}.${i}@import.example,+49 30 ${String(1_000_000 + i)},Buyer,lead,Berlin,Germany`,
    );
  }
  const csv = `${lines.join('\n')}\n`;
  const form = new FormData();
  form.set('objectType', 'contact');
  form.set('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
  const t0 = performance.now();
  const up = await fetch(`${server.base}/api/v1/imports`, { method: 'POST', headers: s.headers, body: form });
  if (up.status === 404)
    return { name, kind: 'import', available: false, note: 'not available (POST /api/v1/imports answered 404)' };
  const upBody = (await up.json()) as { id: string; suggestedMapping: Record<string, string | null> };
  if (up.status !== 201)
    return {
      name,
      kind: 'import',
      available: false,
      note: `upload answered ${up.status}: ${JSON.stringify(upBody).slice(0, 200)}`,
    };
  const uploadMs = performance.now() - t0;
  log(
    `import: uploaded ${(csv.length / 1e6).toFixed(1)} MB in ${uploadMs.toFixed(0)} ms; mapping ${JSON.stringify(upBody.suggestedMapping)}`,
  );
  const t1 = performance.now();
  const start = await fetch(`${server.base}/api/v1/imports/${upBody.id}/start`, {
    method: 'POST',
    headers: { ...s.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ mapping: upBody.suggestedMapping, duplicateMode: 'skip', createMissingCompanies: false }),
  });
  if (start.status !== 202)
    return {
      name,
      kind: 'import',
      available: false,
      note: `start answered ${start.status}: ${(await start.text()).slice(0, 200)}`,
    };
  let state: Record<string, unknown> = {};
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    state = (await (
      await fetch(`${server.base}/api/v1/imports/${upBody.id}`, { headers: s.headers })
    ).json()) as Record<string, unknown>;
    if (state.status === 'done' || state.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - t1) / 1000;
  const { errors: _errors, ...summary } = state;
  log(`import: ${state.status} after ${seconds.toFixed(1)} s: ${JSON.stringify(summary).slice(0, 400)}`);
  const rowsPerSecond = rows / seconds;
  return {
    name,
    kind: 'import',
    available: state.status === 'done',
    rowsPerSecond,
    note: `${state.status}; ${rowsPerSecond.toFixed(0)} rows/s from start to done (${seconds.toFixed(1)} s; upload ${(uploadMs / 1000).toFixed(1)} s more); duplicate mode skip`,
  };
}

async function measureExport(server: Server, s: Session, from: string, rows: number): Promise<Scenario> {
  const name = `CSV export, ${rows.toLocaleString('en')} rows`;
  const filter = JSON.stringify({ op: 'and', conditions: [{ field: 'createdAt', cmp: 'gte', value: from }] });
  const t0 = performance.now();
  const r = await fetch(`${server.base}/api/v1/contacts/export.csv?filter=${encodeURIComponent(filter)}`, {
    headers: s.headers,
  });
  if (r.status === 404)
    return {
      name,
      kind: 'export',
      available: false,
      note: 'not available (GET /api/v1/contacts/export.csv answered 404)',
    };
  if (!r.ok)
    return {
      name,
      kind: 'export',
      available: false,
      note: `export answered ${r.status}: ${(await r.text()).slice(0, 200)}`,
    };
  const text = await r.text();
  const seconds = (performance.now() - t0) / 1000;
  const got = text.split('\n').filter(Boolean).length - 1;
  const rowsPerSecond = got / seconds;
  log(`export: ${got} rows, ${(text.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
  return {
    name,
    kind: 'export',
    available: true,
    rowsPerSecond,
    note: `${got.toLocaleString('en')} rows, ${(text.length / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s = ${rowsPerSecond.toFixed(0)} rows/s`,
  };
}

function verdict(s: Scenario): { pass: boolean | null; reasons: string[]; target: string } {
  if (s.kind === 'import') {
    if (!s.available || s.rowsPerSecond === undefined)
      return { pass: null, reasons: [s.note ?? 'not measured'], target: '≥ 20,000 rows/s' };
    const pass = s.rowsPerSecond >= 20_000;
    return { pass, reasons: pass ? [] : [`${s.rowsPerSecond.toFixed(0)} rows/s < 20,000`], target: '≥ 20,000 rows/s' };
  }
  if (s.kind === 'export')
    return {
      pass: s.available ? true : null,
      reasons: s.available ? [] : [s.note ?? 'not measured'],
      target: 'completes (no target set)',
    };
  if (!s.api) return { pass: null, reasons: [s.note ?? 'not measured'], target: '—' };
  const t = targets[s.kind as 'list' | 'get' | 'search' | 'create'];
  const reasons: string[] = [];
  const parts: string[] = [];
  if (t.p99 !== null) {
    parts.push(`p99 < ${t.p99} ms`);
    if (s.api.p99 >= t.p99) reasons.push(`p99 ${s.api.p99} ms ≥ ${t.p99} ms`);
  }
  parts.push('≥ ½ SQL req/s');
  if (s.sql && s.api.rps < s.sql.rps / 2)
    reasons.push(`API ${s.api.rps.toFixed(0)} req/s < ½ of SQL ${s.sql.rps.toFixed(0)}`);
  if (s.api.non2xx || s.api.errors) reasons.push(`${s.api.non2xx} non-2xx, ${s.api.errors} errors`);
  return { pass: reasons.length === 0, reasons, target: parts.join(', ') };
}

type ResultScenario = Scenario & { verdict: ReturnType<typeof verdict> };

function table(scenarios: ResultScenario[]): string {
  const f = (n: number | undefined, d = 1) =>
    n === undefined || Number.isNaN(n) ? '—' : n.toLocaleString('en', { maximumFractionDigits: d });
  const lines = [
    '| Scenario | p50 ms | p99 ms | req/s | raw SQL req/s | SQL p50 / p99 ms | API/SQL | Target | Result |',
    '|---|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const s of scenarios) {
    const ratio = s.api && s.sql ? `${((s.api.rps / s.sql.rps) * 100).toFixed(0)} %` : '—';
    const v =
      s.verdict.pass === null ? 'not measured' : s.verdict.pass ? 'PASS' : `MISS (${s.verdict.reasons.join('; ')})`;
    lines.push(
      `| ${s.name}${s.note ? ` — ${s.note}` : ''} | ${f(s.api?.p50)} | ${f(s.api?.p99)} | ${s.rowsPerSecond !== undefined ? `${f(s.rowsPerSecond, 0)} rows/s` : f(s.api?.rps, 0)} | ${f(s.sql?.rps, 0)} | ${s.sql ? `${f(s.sql.p50, 2)} / ${f(s.sql.p99, 2)}` : '—'} | ${ratio} | ${s.verdict.target} | ${v} |`,
    );
  }
  return lines.join('\n');
}

function markdown(r: {
  date: string;
  database: string;
  sizes: Sizes;
  durationSeconds: number;
  connections: number;
  machine: Record<string, unknown>;
  server: { peakRssMb: number; rssAtEndMb: number };
  generationSeconds: number | null;
  consistency: typeof consistency;
  scenarios: ResultScenario[];
}): string {
  const budget = r.scenarios
    .filter((s) => s.api && (s.kind === 'list' || s.kind === 'get' || s.kind === 'search'))
    .map((s) => {
      const b = targets[s.kind as 'list' | 'get' | 'search'].budgetRps;
      return `- ${s.name}: ${s.api?.rps.toFixed(0)} req/s against the architecture's ≥ ${b} — ${(s.api?.rps ?? 0) >= b ? 'met' : 'not met'}`;
    });
  const explains = r.scenarios.filter((s) => s.explain).map((s) => `### ${s.name}\n\n\`\`\`\n${s.explain}\n\`\`\``);
  return `# Kith benchmark — ${r.database}, ${r.date.slice(0, 10)}

${r.sizes.contacts.toLocaleString('en')} contacts, ${r.sizes.companies.toLocaleString('en')} companies. ${r.connections} connections, ${r.durationSeconds} s per scenario.
Machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGb} GB RAM, ${r.machine.node}. The load generator (autocannon),
the server and the database share the machine; load average at start ${JSON.stringify(r.machine.loadAverageAtStart)}, at the end
${JSON.stringify(r.machine.loadAverageAtEnd)} (above ${r.machine.nproc}, other work competed for the CPUs and every number is pessimistic).
Server RSS (VmRSS of the child process): peak ${r.server.peakRssMb} MB, ${r.server.rssAtEndMb} MB at the end${r.database.startsWith('pglite') ? ' (includes the embedded database)' : ''}.
${r.generationSeconds !== null ? `Data generated in ${r.generationSeconds.toFixed(0)} s.` : 'Data reused from an earlier run.'} Title/search_text of ${r.consistency?.checked} sampled rows recomputed with the records path: ${r.consistency?.mismatches} mismatches.

"raw SQL" replays the exact statements the API runs for the scenario (session lookup included), captured by calling the
same service functions, from ${r.connections} database connections for the same duration. API/SQL is the API's throughput as
a share of that ceiling.

${table(r.scenarios)}

Architecture budget (req/s):
${budget.join('\n')}

## Query plans (EXPLAIN ANALYZE of the main statement)

${explains.join('\n\n')}
`;
}

await main().catch((err) => {
  console.error(err);
  process.exit(1);
});
