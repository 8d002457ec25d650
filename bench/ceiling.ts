// The ceiling of each scenario: the very statements the API runs for it (captured by calling the
// same service functions through a recording database), replayed straight against the database
// with the same concurrency and duration, without HTTP, JSON or the records path's JavaScript.
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '../server/src/db/database.ts';

export interface Statement {
  text: string;
  values: unknown[];
  /** A named prepared statement's name (sql.prepared): the replay prepares it too. */
  name?: string;
}

/** A Tx that runs everything on `db` and records each statement (text and values). */
export function capturing(db: Tx, log: Statement[]): Tx {
  const tx: Tx = {
    async query(q) {
      log.push(q.toQuery());
      return db.query(q);
    },
    async exec(text) {
      log.push({ text, values: [] });
      await db.exec(text);
    },
    async queryText(text, values) {
      log.push({ text, values: values ?? [] });
      return db.queryText(text, values);
    },
    transaction: (fn) => db.transaction((inner) => fn(capturing(inner, log))),
  };
  return tx;
}

export interface Measured {
  requests: number;
  errors: number;
  rps: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

type Runner = (s: Statement[], tx: boolean) => Promise<void>;

/**
 * Runs `next(i)` (the statements of one request) from `connections` workers for `durationMs`,
 * each worker on its own connection (PostgreSQL) or all on the one PGlite (embedded).
 */
export async function replay(
  db: Db,
  url: string | undefined,
  next: (i: number) => Statement[],
  opts: { connections: number; durationMs: number; transaction?: boolean },
): Promise<Measured> {
  const latencies: number[] = [];
  let errors = 0;
  let i = 0;
  const runners: Runner[] = [];
  const clients: pg.Client[] = [];
  if (db.kind === 'server') {
    for (let c = 0; c < opts.connections; c++) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      clients.push(client);
      runners.push(async (stmts, tx) => {
        if (tx) await client.query('BEGIN');
        try {
          for (const s of stmts) await client.query({ name: s.name, text: s.text, values: s.values });
          if (tx) await client.query('COMMIT');
        } catch (err) {
          if (tx) await client.query('ROLLBACK');
          throw err;
        }
      });
    }
  } else {
    const pglite = db.raw as PGlite;
    for (let c = 0; c < opts.connections; c++) {
      runners.push(async (stmts, tx) => {
        if (tx) {
          await pglite.transaction(async (t) => {
            for (const s of stmts) await t.query(s.text, s.values);
          });
        } else for (const s of stmts) await pglite.query(s.text, s.values);
      });
    }
  }
  // A short warm-up, as autocannon's first requests also warm the server.
  for (let w = 0; w < 20; w++) await runners[0](next(i++), opts.transaction ?? false).catch(() => {});
  const started = performance.now();
  const deadline = started + opts.durationMs;
  let firstError: unknown;
  await Promise.all(
    runners.map(async (run) => {
      while (performance.now() < deadline) {
        const stmts = next(i++);
        const t = performance.now();
        try {
          await run(stmts, opts.transaction ?? false);
          latencies.push(performance.now() - t);
        } catch (err) {
          errors++;
          firstError ??= err;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  for (const c of clients) await c.end();
  if (firstError && !latencies.length) throw firstError;
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

/** Replaces values (and substrings of text values, e.g. inside audit JSON) by a mapping. */
export function substitute(stmts: Statement[], map: Map<string, string>): Statement[] {
  return stmts.map((s) => ({
    ...s,
    values: s.values.map((v) => {
      if (typeof v !== 'string') return v;
      const direct = map.get(v);
      if (direct !== undefined) return direct;
      let out = v;
      for (const [from, to] of map) if (from.length > 8 && out.includes(from)) out = out.split(from).join(to);
      return out;
    }),
  }));
}

/** For a captured create: fresh ids for every row it inserts and a fresh email, per replayed request. */
export function createReplayer(stmts: Statement[], recordId: string, email: string): (i: number) => Statement[] {
  // Every row an INSERT … (id, …) VALUES ($n, …) writes, anywhere in a statement: a record write
  // carries its audit entry and event in the same statement (decision 036).
  const insertedIds = stmts.flatMap((s) =>
    [...s.text.matchAll(/INSERT INTO\s+\S+\s*\(\s*id\s*,[^)]*\)\s*VALUES\s*\(\s*\$(\d+)/gi)]
      .map((m) => s.values[Number(m[1]) - 1])
      .filter((v): v is string => typeof v === 'string'),
  );
  const ids = [...new Set([recordId, ...insertedIds])];
  return (i) => {
    const map = new Map<string, string>(ids.map((id) => [id, uuidv7()]));
    map.set(email, email.replace('@', `.r${i}.${process.pid}@`));
    return substitute(stmts, map);
  };
}

/**
 * `EXPLAIN (ANALYZE, BUFFERS)` of each read statement, as markdown: the statement's opening words,
 * then its plan. Writes are left out (EXPLAIN ANALYZE would run them).
 */
export async function explainAll(db: Db, stmts: Statement[]): Promise<string> {
  const parts: string[] = [];
  for (const [i, s] of stmts.entries()) {
    if (!/^\s*(SELECT|WITH)\b/i.test(s.text)) continue;
    const plan = await db.queryText<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values);
    const opening = s.text.replace(/\s+/g, ' ').trim();
    parts.push(
      `Statement ${i + 1} of ${stmts.length}: \`${opening.length > 110 ? `${opening.slice(0, 110)}…` : opening}\`\n\n\`\`\`\n${plan.map((r) => Object.values(r)[0]).join('\n')}\n\`\`\``,
    );
  }
  return parts.join('\n\n');
}
