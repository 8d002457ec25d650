// `npm run bench -- --embedded --through-api [--contacts 5000] [--without-maintenance]`
// Data made through the API, not bulk-loaded (issue 10, item 18). The real server starts on a fresh
// database, contacts and companies are created one request at a time through POST /api/v1/…, and
// the list page, a filter and a typo search are measured right after the growth and again after the
// next maintenance pass. PGlite runs no autovacuum: the server's own maintenance job
// (server/src/db/maintenance.ts) runs VACUUM (ANALYZE) on tables past autovacuum's thresholds once a
// minute, on a timer the bench cannot trigger from outside the process, so the bench waits for it.
// On PostgreSQL the bench waits for autovacuum's analyse of contacts instead. After the server
// stops, the plans of the three statements are read straight from the database. See bench/README.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { type Db, openEmbeddedDb, openServerDb } from '../server/src/db/database.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { ensureBuiltinRoles, sessionFromToken } from '../server/src/platform/auth/auth.service.ts';
import type { Ctx } from '../server/src/platform/context.ts';
import type { Jobs } from '../server/src/platform/jobs.ts';
import { parseListQuery } from '../server/src/platform/records/records.routes.ts';
import { listRecords } from '../server/src/platform/records/records.service.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';
import {
  countries,
  industryWeights,
  industryWords,
  jobTitles,
  stageWeights,
} from '../server/src/seed/demo-vocabulary.ts';
import { createRng, slug } from '../server/src/seed/random.ts';
import { capturing, explainAll, type Statement } from './ceiling.ts';
import { comparisonSection, comparisonTable, findPrevious } from './compare.ts';
import { commonLast, ensureUsers, nameLists, typoName } from './generate.ts';
import { type ApiMeasured, cannon, login, type Server, type Session, serverCommand, startServer } from './server.ts';

export interface ThroughApiOptions {
  embedded: boolean;
  contacts: number;
  duration: number;
  connections: number;
  /** The PostgreSQL server's maintenance URL (any database); the bench makes kith_bench_api. */
  pgAdminUrl: string;
  /** Start the server with KITH_ROLE=web: no jobs and no maintenance pass (the control). */
  withoutMaintenance: boolean;
  /** Stop and start the server between the growth and the measurements, as a user's restart would. */
  restartAfterGrowth: boolean;
  tsx: boolean;
  log: (m: string) => void;
}

/** The server's maintenance interval (startMaintenance's default in server/src/db/maintenance.ts). */
const maintenanceIntervalMs = 60_000;
/** How long a pass may take after its tick before the bench measures again. */
const passMarginMs = 15_000;
/** Requests in flight while the data is made: a handful of people typing, not a load test. */
const createConcurrency = 4;

interface PhaseScenario {
  name: string;
  kind: 'list' | 'search';
  phase: 'right after growth' | 'after the maintenance pass';
  path: string;
  api: ApiMeasured;
  startedAt: string;
}

interface TableState {
  table: string;
  rows: number;
  /** pg_class: what the planner believes, as of the last VACUUM or ANALYZE (-1: never). */
  reltuples: number;
  relpages: number;
  /** Columns with statistics in pg_stats: 0 means the table was never analysed. */
  statsColumns: number;
  lastVacuum: string | null;
  lastAnalyze: string | null;
  lastAutovacuum: string | null;
  lastAutoanalyze: string | null;
  modSinceAnalyze: number;
}

export async function runThroughApi(o: ThroughApiOptions): Promise<void> {
  const started = Date.now();
  const loadAverageAtStart = loadavg().map((x) => +x.toFixed(1));
  const { log } = o;
  const label = `${o.embedded ? 'pglite' : 'postgres'}-api${o.withoutMaintenance ? '-without-maintenance' : ''}${o.restartAfterGrowth ? '-restarted' : ''}`;
  const companiesWanted = Math.max(1, Math.round(o.contacts / 5));
  const dataDir = join(import.meta.dirname, 'data', 'pglite-api');
  const pgDbName = 'kith_bench_api';
  const pgUrl = (() => {
    const u = new URL(o.pgAdminUrl);
    u.pathname = `/${pgDbName}`;
    return u.toString();
  })();
  const openDb = (): Promise<Db> => (o.embedded ? openEmbeddedDb(dataDir) : openServerDb(pgUrl, { max: 2 }));

  // ---- a fresh database: migrated, the bench admin and owners, nothing else ----
  if (o.embedded) rmSync(dataDir, { recursive: true, force: true });
  else {
    const admin = new pg.Client({ connectionString: o.pgAdminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pgDbName} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pgDbName}`);
    await admin.end();
  }
  let db = await openDb();
  await migrate(db);
  await ensureBuiltinRoles(db, builtinObjects);
  const { ownerIds } = await ensureUsers(db);
  await db.close();
  log(`fresh ${o.embedded ? `embedded database in ${dataDir}` : `PostgreSQL database ${pgDbName}`}`);

  const command = await serverCommand({ tsx: o.tsx, log });
  const maintenance = o.withoutMaintenance
    ? 'off: the server ran with KITH_ROLE=web, which runs neither jobs nor the maintenance pass (the control)'
    : o.embedded
      ? `the server's maintenance pass, on its timer (every ${maintenanceIntervalMs / 1000} s from start-up); the bench cannot trigger it from outside the process and waits for the first pass after the growth`
      : "PostgreSQL's autovacuum; the bench waits for its analyse of contacts after the growth";
  log(`starting the server (${command.description}); maintenance: ${maintenance}`);
  const start = () =>
    startServer(command, o.embedded ? { dataDir } : { url: pgUrl }, o.withoutMaintenance ? { KITH_ROLE: 'web' } : {});
  let server = await start();
  let stopped = false;
  try {
    let session = await login(server.base);
    log(`server up (pid ${server.child.pid}, RSS ${server.rss().toFixed(0)} MB)`);

    // ---- growth through the API ----
    const growth = await grow(server, session, { contacts: o.contacts, companies: companiesWanted, ownerIds }, log);
    const growthEnd = Date.now();
    const ticksDuringGrowth =
      o.embedded && !o.withoutMaintenance
        ? Math.max(0, Math.floor((growthEnd - server.readyAt) / maintenanceIntervalMs))
        : null;
    let restarted: string | null = null;
    if (o.restartAfterGrowth) {
      // What a restart keeps: the catalog (reltuples, pg_stats). PGlite's cumulative statistics,
      // from which the maintenance pass reads the changes since the last analyse, start again at zero.
      log('stopping and starting the server again after the growth…');
      await server.stop();
      server = await start();
      session = await login(server.base);
      restarted = `The server was stopped after the growth and started again (ready ${new Date(server.readyAt).toISOString().slice(11, 19)} UTC); the measurements, the wait and the peak RSS are of the second process.`;
      log(`server up again (pid ${server.child.pid})`);
    }

    const owner = ownerIds[3];
    const paths = [
      { name: 'List page 1, sorted by name', kind: 'list' as const, path: '/api/v1/contacts?sort=name&limit=50' },
      {
        name: 'Filter owner + lifecycle stage',
        kind: 'list' as const,
        path: `/api/v1/contacts?ownerId=${owner}&lifecycleStage=lead&limit=50`,
      },
      { name: `Typo search (q=${typoName})`, kind: 'search' as const, path: `/api/v1/contacts?q=${typoName}&limit=50` },
    ];
    const scenarios: PhaseScenario[] = [];
    const measure = async (phase: PhaseScenario['phase']) => {
      for (const p of paths) {
        log(`API: ${p.name}, ${phase}…`);
        const at = new Date().toISOString();
        const api = await cannon(server, session, o, { path: p.path });
        log(`  p50 ${api.p50} ms, p99 ${api.p99} ms, ${api.rps.toFixed(0)} req/s, non-2xx ${api.non2xx}`);
        scenarios.push({ name: `${p.name} — ${phase}`, kind: p.kind, phase, path: p.path, api, startedAt: at });
      }
    };
    await measure('right after growth');

    // ---- the maintenance pass ----
    let waited: string;
    if (o.withoutMaintenance) waited = 'no wait: maintenance is off';
    else if (o.embedded) {
      // Ticks come at t0 + k·interval, t0 between the spawn and the first ready answer. The first tick
      // at or after the measurements above comes by readyAt + k·interval; then the pass gets a margin.
      const phaseEnd = Date.now();
      const k = Math.ceil((phaseEnd - server.spawnedAt) / maintenanceIntervalMs);
      const until = server.readyAt + k * maintenanceIntervalMs + passMarginMs;
      const ms = Math.max(0, until - Date.now());
      log(`waiting ${(ms / 1000).toFixed(0)} s for the maintenance pass due at most ${k * 60} s after start-up…`);
      await new Promise((r) => setTimeout(r, ms));
      waited = `waited ${(ms / 1000).toFixed(0)} s, to ${passMarginMs / 1000} s past the latest time of the first pass after the measurements (tick ${k} after start-up)`;
    } else if (!(await autovacuumOn(pgUrl))) {
      waited =
        'no wait: autovacuum is off on this PostgreSQL server (SHOW autovacuum), nothing would analyse the tables';
      log(waited);
    } else {
      const t = Date.now();
      const seen = await waitForAutoanalyze(pgUrl, new Date(growthEnd), 180_000);
      waited = seen
        ? `autovacuum analysed contacts at ${seen.toISOString()}, ${((seen.getTime() - growthEnd) / 1000).toFixed(0)} s after the growth (waited ${((Date.now() - t) / 1000).toFixed(0)} s)`
        : 'autovacuum had not analysed contacts 3 minutes after the growth; measured anyway';
      log(waited);
    }
    if (!waited.startsWith('no wait')) await measure('after the maintenance pass');

    const peakRss = Math.round(server.peakRss);
    const rssAtEnd = Math.round(server.rss());
    await server.stop();
    stopped = true;
    log(`server stopped (peak RSS ${peakRss} MB)`);

    // ---- straight from the database ----
    db = await openDb();
    const tables = await tableStates(db, ['contacts', 'companies']);
    for (const t of tables)
      log(
        `${t.table}: ${t.rows} rows; the planner believes ${t.reltuples} (${t.statsColumns} columns with statistics)`,
      );
    const registry = new Registry(builtinObjects);
    await registry.load(db);
    const sessionRow = await sessionFromToken(db, session.token, new Date());
    if (!sessionRow) throw new Error('the bench session is not in the database');
    const obj = registry.byPlural('contacts');
    if (!obj) throw new Error('no contacts object');
    const plans: Array<{ name: string; explain: string }> = [];
    for (const p of paths) {
      const captured: Statement[] = [];
      const ctx: Ctx = {
        db: capturing(db, captured),
        principal: sessionRow.principal,
        registry,
        jobs: {} as Jobs,
        now: () => new Date(),
        log: pino({ level: 'silent' }),
      };
      await listRecords(
        ctx,
        'contact',
        parseListQuery(obj, Object.fromEntries(new URL(p.path, 'http://x').searchParams)),
      );
      plans.push({ name: p.name, explain: await explainAll(db, captured) });
    }
    await db.close();
    const listPlan = plans[0].explain;
    const indexScan = /Index Scan using contacts_title\b/.test(listPlan);
    const seqScan = /Seq Scan on contacts\b/.test(listPlan);
    const sorted = /Sort Key: t\.title\b/.test(listPlan);
    const planVerdict = indexScan
      ? 'an index scan on contacts_title (the name index): the planner knows the table'
      : sorted
        ? `${seqScan ? 'a sequential scan' : 'a scan'} of every contact and a sort, no walk of the name index: the planner does not know the table`
        : 'no index scan on contacts_title and no sort by title (see the plan)';
    log(`list page plan after the server stopped: ${planVerdict}`);

    // ---- results ----
    const result = {
      date: new Date(started).toISOString(),
      database: label,
      sizes: { contacts: o.contacts, companies: companiesWanted },
      durationSeconds: o.duration,
      connections: o.connections,
      machine: {
        loadAverageAtStart,
        loadAverageAtEnd: loadavg().map((x) => +x.toFixed(1)),
        nproc: cpus().length,
        cpu: cpus()[0]?.model ?? '?',
        memoryGb: +(totalmem() / 2 ** 30).toFixed(1),
        freeGb: +(freemem() / 2 ** 30).toFixed(1),
        node: process.version,
      },
      server: {
        peakRssMb: peakRss,
        rssAtEndMb: rssAtEnd,
        command: command.description,
        spawnedAt: new Date(server.spawnedAt).toISOString(),
        readyAt: new Date(server.readyAt).toISOString(),
      },
      growth: { ...growth, endedAt: new Date(growthEnd).toISOString(), ticksDuringGrowth, restarted },
      maintenance: { how: maintenance, waited },
      tables,
      listPlan: { indexScan, seqScan, verdict: planVerdict },
      totalSeconds: (Date.now() - started) / 1000,
      scenarios,
      plans,
    };
    const dir = join(import.meta.dirname, 'results');
    mkdirSync(dir, { recursive: true });
    const date = new Date().toISOString().slice(0, 10);
    const previous = findPrevious(dir, label, new Date(started));
    writeFileSync(
      join(dir, `${date}-${label}.json`),
      `${JSON.stringify({ ...result, previous: previous?.file ?? null }, null, 2)}\n`,
    );
    writeFileSync(join(dir, `${date}-${label}.md`), markdown(result, comparisonSection(result, previous)));
    log(`wrote bench/results/${date}-${label}.{json,md} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`\n${phaseTable(scenarios)}\n\nList page plan: ${planVerdict}.`);
    if (previous) console.log(`\nBeside ${previous.file}:\n${comparisonTable(result, previous)}`);
    else console.log(`\nNo earlier results file for ${label}: nothing to compare with.`);
  } finally {
    if (!stopped) await server.stop();
  }
}

interface Growth {
  companies: number;
  contacts: number;
  seconds: number;
  contactsPerSecond: number;
  duplicatesConfirmed: number;
  failures: number;
}

/** Companies, then contacts (85 % at one of them), each one POST, a few in flight at once. */
async function grow(
  server: Server,
  s: Session,
  want: { contacts: number; companies: number; ownerIds: string[] },
  log: (m: string) => void,
): Promise<Growth> {
  const rng = createRng(42);
  const names = nameLists();
  const places = countries.flatMap((c) =>
    c.cities.map((city) => ({ city: city.name, country: c.name, dial: c.dial, area: city.area, tld: c.tld })),
  );
  const industries = industryWeights.map(([i]) => i).filter((i) => industryWords[i]?.length);
  let duplicatesConfirmed = 0;
  let failures = 0;
  const post = async (plural: string, body: Record<string, unknown>): Promise<string | null> => {
    const send = (allow: boolean) =>
      fetch(`${server.base}/api/v1/${plural}${allow ? '?allowDuplicate=true' : ''}`, {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    let r = await send(false);
    if (r.status === 409) {
      // A possible duplicate (a similar name at the same company): confirmed, as a person would.
      await r.text();
      duplicatesConfirmed++;
      r = await send(true);
    }
    if (r.status !== 201) {
      failures++;
      if (failures <= 3) log(`  POST /api/v1/${plural} answered ${r.status}: ${(await r.text()).slice(0, 200)}`);
      else await r.text();
      return null;
    }
    return ((await r.json()) as { id: string }).id;
  };
  const inParallel = async (n: number, make: (i: number) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: createConcurrency }, async () => {
        for (let i = next++; i < n; i = next++) await make(i);
      }),
    );
  };
  const owner = () => want.ownerIds[Math.floor(rng.next() ** 1.3 * want.ownerIds.length)];
  const t0 = Date.now();
  const companyIds: string[] = [];
  await inParallel(want.companies, async (i) => {
    const industry = rng.pick(industries);
    const word = rng.pick(industryWords[industry]);
    const place = rng.pick(places);
    const root = rng.pick(names.last);
    const name = `${root} ${word}${rng.chance(0.4) ? ` ${i}` : ''}`;
    const id = await post('companies', {
      name,
      domain: `${slug(root)}-${slug(word)}${i}.${place.tld}`,
      city: place.city,
      country: place.country,
      ownerId: owner(),
    });
    if (id) companyIds.push(id);
  });
  log(`made ${companyIds.length} companies through the API in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  let made = 0;
  await inParallel(want.contacts, async (i) => {
    const k = rng.int(0, names.first.length - 1);
    const first = names.first[k];
    // A quarter of the contacts share a dozen common last names (González among them), as in the
    // bulk-loaded data: common names make the typo search find many candidates.
    const lastIndex = rng.chance(0.25) ? names.last.indexOf(rng.pick(commonLast)) : rng.int(0, names.last.length - 1);
    const last = names.last[lastIndex];
    const place = rng.pick(places);
    const stage = rng.weighted(stageWeights);
    const id = await post('contacts', {
      firstName: first,
      lastName: last,
      email: `${names.firstAscii[k]}.${names.lastAscii[lastIndex]}.${i}@example.${place.tld}`,
      ...(rng.chance(0.7) ? { phone: `${place.dial} ${place.area} ${String(1_000_000 + rng.int(0, 8_999_999))}` } : {}),
      ...(rng.chance(0.8) ? { jobTitle: rng.weighted(jobTitles) } : {}),
      ...(companyIds.length && rng.chance(0.85) ? { companyId: rng.pick(companyIds) } : {}),
      ...(stage ? { lifecycleStage: stage } : {}),
      city: place.city,
      country: place.country,
      ownerId: owner(),
    });
    if (id) made++;
    if ((i + 1) % 1000 === 0)
      log(`  ${i + 1} contacts posted (${((i + 1) / ((Date.now() - t1) / 1000)).toFixed(0)}/s)`);
  });
  const seconds = (Date.now() - t0) / 1000;
  const contactsPerSecond = made / ((Date.now() - t1) / 1000);
  log(
    `made ${made} contacts through the API in ${((Date.now() - t1) / 1000).toFixed(1)} s (${contactsPerSecond.toFixed(0)}/s); ${duplicatesConfirmed} possible duplicates confirmed, ${failures} failures`,
  );
  return { companies: companyIds.length, contacts: made, seconds, contactsPerSecond, duplicatesConfirmed, failures };
}

async function autovacuumOn(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query<{ autovacuum: string }>('SHOW autovacuum');
    return rows[0]?.autovacuum === 'on';
  } finally {
    await c.end();
  }
}

/** Polls pg_stat_user_tables until autovacuum has analysed contacts after `after`; null on timeout. */
async function waitForAutoanalyze(url: string, after: Date, timeoutMs: number): Promise<Date | null> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rows } = await c.query<{ at: Date | null }>(
        `SELECT greatest(last_autoanalyze, last_autovacuum) AS at FROM pg_stat_user_tables WHERE relname = 'contacts'`,
      );
      const at = rows[0]?.at;
      if (at && at > after) return at;
      await new Promise((r) => setTimeout(r, 2000));
    }
    return null;
  } finally {
    await c.end();
  }
}

async function tableStates(db: Db, tables: string[]): Promise<TableState[]> {
  const out: TableState[] = [];
  for (const table of tables) {
    const [r] = await db.queryText<{
      rows: number;
      reltuples: number;
      relpages: number;
      stats_columns: number;
      last_vacuum: Date | null;
      last_analyze: Date | null;
      last_autovacuum: Date | null;
      last_autoanalyze: Date | null;
      n_mod_since_analyze: number | null;
    }>(
      `SELECT (SELECT count(*)::int FROM ${table}) AS rows, c.reltuples::float8 AS reltuples, c.relpages,
         (SELECT count(*)::int FROM pg_stats p WHERE p.schemaname = 'public' AND p.tablename = $1) AS stats_columns,
         s.last_vacuum, s.last_analyze, s.last_autovacuum, s.last_autoanalyze, s.n_mod_since_analyze::int AS n_mod_since_analyze
       FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
       WHERE c.oid = ('public.' || $1)::regclass`,
      [table],
    );
    const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
    out.push({
      table,
      rows: r.rows,
      reltuples: r.reltuples,
      relpages: r.relpages,
      statsColumns: r.stats_columns,
      lastVacuum: iso(r.last_vacuum),
      lastAnalyze: iso(r.last_analyze),
      lastAutovacuum: iso(r.last_autovacuum),
      lastAutoanalyze: iso(r.last_autoanalyze),
      modSinceAnalyze: r.n_mod_since_analyze ?? 0,
    });
  }
  return out;
}

function phaseTable(scenarios: PhaseScenario[]): string {
  const f = (n: number) => n.toLocaleString('en', { maximumFractionDigits: 1 });
  return [
    '| Scenario | When | p50 ms | p99 ms | req/s | non-2xx | RSS after MB |',
    '|---|---|---:|---:|---:|---:|---:|',
    ...scenarios.map(
      (s) =>
        `| ${s.name.split(' — ')[0]} | ${s.phase} (from ${s.startedAt.slice(11, 19)} UTC) | ${f(s.api.p50)} | ${f(s.api.p99)} | ${f(s.api.rps)} | ${s.api.non2xx} | ${s.api.rssAfterMb} |`,
    ),
  ].join('\n');
}

function markdown(
  r: {
    date: string;
    database: string;
    durationSeconds: number;
    connections: number;
    machine: {
      loadAverageAtStart: number[];
      loadAverageAtEnd: number[];
      nproc: number;
      cpu: string;
      memoryGb: number;
      node: string;
    };
    server: { peakRssMb: number; rssAtEndMb: number; command: string; spawnedAt: string; readyAt: string };
    growth: Growth & { endedAt: string; ticksDuringGrowth: number | null; restarted: string | null };
    maintenance: { how: string; waited: string };
    tables: TableState[];
    listPlan: { verdict: string };
    scenarios: PhaseScenario[];
    plans: Array<{ name: string; explain: string }>;
  },
  comparison: string,
): string {
  const g = r.growth;
  const embedded = r.database.startsWith('pglite');
  const t = (s: string | null) => (s ? s.slice(11, 19) : '—');
  const tableRows = r.tables.map(
    (x) =>
      `| ${x.table} | ${x.rows.toLocaleString('en')} | ${x.reltuples.toLocaleString('en')} | ${x.relpages} | ${x.statsColumns} | ${t(x.lastVacuum)} / ${t(x.lastAnalyze)} | ${t(x.lastAutovacuum)} / ${t(x.lastAutoanalyze)} | ${x.modSinceAnalyze} |`,
  );
  return `# Kith benchmark — ${r.database}: data made through the API, ${r.date.slice(0, 10)}

${g.contacts.toLocaleString('en')} contacts and ${g.companies.toLocaleString('en')} companies created one \`POST\` at a time (${createConcurrency} in flight)
on a fresh ${embedded ? 'embedded database (PGlite)' : 'PostgreSQL database'}, in ${g.seconds.toFixed(0)} s (contacts at ${g.contactsPerSecond.toFixed(0)}/s; ${g.duplicatesConfirmed} possible
duplicates confirmed with \`allowDuplicate\`; ${g.failures} failures). Then ${r.connections} connections, ${r.durationSeconds} s per measurement.
Server: ${r.server.command}; spawned ${t(r.server.spawnedAt)}, ready ${t(r.server.readyAt)}, growth ended ${t(g.endedAt)} UTC.
Machine: ${r.machine.nproc} CPUs (${r.machine.cpu}), ${r.machine.memoryGb} GB RAM, ${r.machine.node}; load average at start
${JSON.stringify(r.machine.loadAverageAtStart)}, at the end ${JSON.stringify(r.machine.loadAverageAtEnd)} (above ${r.machine.nproc}, other work competed for the CPUs).
Server RSS: peak ${r.server.peakRssMb} MB, ${r.server.rssAtEndMb} MB at the end.

Maintenance: ${r.maintenance.how}.${g.ticksDuringGrowth === null ? '' : g.ticksDuringGrowth === 0 ? ' No pass fell during the growth.' : ` About ${g.ticksDuringGrowth} pass(es) fell during the growth, so "right after growth" is measured on statistics up to a minute old, as a user would meet them between passes.`}${g.restarted ? ` ${g.restarted}` : ''}
Before the second measurement: ${r.maintenance.waited}.

${phaseTable(r.scenarios)}

**The list page's plan, read from the database after the server stopped: ${r.listPlan.verdict}.**

## The tables as the planner saw them after the server stopped

| table | rows | reltuples (planner) | relpages | columns with statistics | last vacuum / analyze | last autovacuum / autoanalyze | changes since analyse |
|---|---:|---:|---:|---:|---|---|---:|
${tableRows.join('\n')}

reltuples and the column statistics live in the catalog and survive a restart: reltuples near the row count, and
statistics for the columns, mean a VACUUM or ANALYZE ran after the growth; 0 (set when the migrations built the
indexes on the empty table) or -1, with no column statistics, means never.${embedded ? ' The times and the change counters come from the cumulative statistics, which PGlite does not keep across a close and reopen: read here, after the server stopped, they are empty.' : ''}

${comparison}
## Query plans (EXPLAIN (ANALYZE, BUFFERS), read from the database after the server stopped)

${r.plans.map((p) => `### ${p.name}\n\n${p.explain}`).join('\n\n')}
`;
}
