// Counts and sums per group kept by the database (decision 012, migration 0013). For each registry
// table with select or yes/no fields to group by, statement-level triggers append what each
// statement changed — per group field, value, owner, metric and currency — to record_count_deltas.
// The triggers are derived from the registry entry (custom fields included) and made here, at
// start-up and when a custom field changes; record_count_sources holds the signature of what
// they were made from, and a reader uses the counts only when its own entry has that signature.
import { createHash } from 'node:crypto';
import type { Queryable, Tx } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import type { Registry, ResolvedObject } from '../registry/registry.ts';
import { ownerOf } from '../registry/registry.ts';
import { groupableFields } from './aggregate-query.ts';

/** Bumped when the triggers' SQL changes shape: every table is counted again at the next start. */
const version = 3;

export interface CountSpec {
  table: string;
  /** The owner's column; null for a table without owners. */
  owner: string | null;
  /** Columns of the select and yes/no fields an aggregate may group by, and relations that keep counts; cast: stored as text. */
  groups: Array<{ column: string; cast: boolean }>;
  /** Columns of number and money fields (money with its currency column). */
  metrics: Array<{ column: string; currency: string | null }>;
}

/**
 * What the counts of an entry's table hold, or null when it has none: junctions (their rows are
 * seen through both ends, not an owner) and entries with nothing to group by.
 */
function specOf(obj: ResolvedObject): CountSpec | null {
  if (obj.junction) return null;
  const groups = groupableFields(obj)
    .filter((f) => f.type === 'select' || f.type === 'boolean' || f.keepCounts)
    .map((f) => ({ column: f.column, cast: f.type !== 'select' }));
  if (!groups.length) return null;
  const metrics = [...obj.fields.values()]
    .filter((f) => (f.type === 'number' || f.type === 'currency') && !f.sensitive)
    .map((f) => ({ column: f.column, currency: f.type === 'currency' ? `${f.column}_currency` : null }));
  return { table: obj.table, owner: ownerOf(obj)?.column ?? null, groups, metrics };
}

const specs = new WeakMap<ResolvedObject, { spec: CountSpec | null; signature: string | null }>();

/** countSpec and its signature, made once per resolved object (every board read asks for them). */
function counted(obj: ResolvedObject) {
  let entry = specs.get(obj);
  if (!entry) {
    const spec = specOf(obj);
    entry = { spec, signature: spec && countSignature(spec) };
    specs.set(obj, entry);
  }
  return entry;
}

/** What the counts of an entry's table hold, or null when it has none (see specOf). */
export const countSpec = (obj: ResolvedObject): CountSpec | null => counted(obj).spec;

/** The signature of an entry's counts, or null when it has none. */
export const signatureOf = (obj: ResolvedObject): string | null => counted(obj).signature;

export const countSignature = (spec: CountSpec): string =>
  createHash('sha1')
    .update(JSON.stringify({ version, ...spec }))
    .digest('base64url');

// The DDL below is text (a function body takes no parameters). Every name in it is a column or
// table name of the registry, checked against this pattern; the only literals are those names.
const ident = (name: string) => sql.ident(name).toQuery().text;
const literal = (name: string) => `'${ident(name).slice(1, -1)}'`;

/** The columns a counted row needs, with the sign it adds with: g0…, m0…, c0… and the owner as o. */
function rowSource(spec: CountSpec, sign: 1 | -1, from: string): string {
  const cols = [
    `${sign} AS sign`,
    `${spec.owner ? ident(spec.owner) : 'NULL::uuid'} AS o`,
    ...spec.groups.map((g, i) => `${ident(g.column)}${g.cast ? '::text' : ''} AS g${i}`),
    ...spec.metrics.flatMap((m, i) => [
      `${ident(m.column)}::numeric AS m${i}`,
      ...(m.currency ? [`${ident(m.currency)} AS c${i}`] : []),
    ]),
  ];
  return `SELECT ${cols.join(', ')} FROM ${from} WHERE deleted_at IS NULL`;
}

/**
 * Rows of record_counts' shape for the rows of `source` (each with its sign): every row counts
 * once for the whole table (field '') and once per group field, and adds to the row count and to
 * each metric. One pass of grouping sets per kind — the count with the plain metrics, then each
 * money metric per currency — over the rows read once; rows that add up to nothing are left out
 * (an update of other fields adds none).
 */
function countedRowsSql(spec: CountSpec, source: string): string {
  const sets = (extra: string) => [`(o${extra})`, ...spec.groups.map((_, i) => `(o, g${i}${extra})`)].join(', ');
  const grouped = (i: number) => `GROUPING(g${i}) = 0`;
  const field = `CASE ${spec.groups.map((g, i) => `WHEN ${grouped(i)} THEN ${literal(g.column)}`).join(' ')} ELSE '' END`;
  const value = `CASE ${spec.groups.map((_, i) => `WHEN ${grouped(i)} THEN g${i}`).join(' ')} END`;
  const table = literal(spec.table);
  const plain = spec.metrics.map((m, i) => ({ ...m, i })).filter((m) => !m.currency);
  const money = spec.metrics.map((m, i) => ({ ...m, i })).filter((m) => m.currency);
  const counts = `SELECT ${table}, a.field, a.value, a.o, m.metric, '', m.n, m.total
    FROM (SELECT ${field} AS field, ${value} AS value, o, sum(sign) AS n${plain
      .map((m) => `, sum(sign * (m${m.i} IS NOT NULL)::int) AS k${m.i}, coalesce(sum(sign * m${m.i}), 0) AS s${m.i}`)
      .join('')}
      FROM r GROUP BY GROUPING SETS (${sets('')})) a
    CROSS JOIN LATERAL (VALUES ('', a.n, 0::numeric)${plain
      .map((m) => `, (${literal(m.column)}, a.k${m.i}, a.s${m.i})`)
      .join('')}) m(metric, n, total)
    WHERE m.n <> 0 OR m.total <> 0`;
  const sums = money.map(
    (m) => `SELECT ${table}, a.field, a.value, a.o, ${literal(m.column)}, coalesce(a.c, ''), a.n, a.total
    FROM (SELECT ${field} AS field, ${value} AS value, o, c${m.i} AS c,
        sum(sign * (m${m.i} IS NOT NULL)::int) AS n, coalesce(sum(sign * m${m.i}), 0) AS total
      FROM r GROUP BY GROUPING SETS (${sets(`, c${m.i}`)})) a
    WHERE a.n <> 0 OR a.total <> 0`,
  );
  return `WITH r AS MATERIALIZED (${source}) ${[counts, ...sums].join(' UNION ALL ')}`;
}

const columns = 'table_name, field, value, owner_id, metric, currency, n, total';
const functionName = (table: string) => ident(`${table}_record_counts`);
const triggerName = (table: string, event: string) => ident(`${table}_counts_${event}`);

/** The trigger function and triggers of a table, as statements. */
export function countTriggersDdl(spec: CountSpec): string[] {
  const t = ident(spec.table);
  const insert = (source: string) => `INSERT INTO record_count_deltas (${columns}) ${countedRowsSql(spec, source)};`;
  const added = rowSource(spec, 1, 'kith_new_rows');
  const removed = rowSource(spec, -1, 'kith_old_rows');
  return [
    `CREATE OR REPLACE FUNCTION ${functionName(spec.table)}() RETURNS trigger LANGUAGE plpgsql AS $kith$
BEGIN
  IF TG_OP = 'INSERT' THEN
    ${insert(added)}
  ELSIF TG_OP = 'DELETE' THEN
    ${insert(removed)}
  ELSE
    ${insert(`${added} UNION ALL ${removed}`)}
  END IF;
  RETURN NULL;
END $kith$`,
    `CREATE OR REPLACE TRIGGER ${triggerName(spec.table, 'insert')} AFTER INSERT ON ${t}
      REFERENCING NEW TABLE AS kith_new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${functionName(spec.table)}()`,
    `CREATE OR REPLACE TRIGGER ${triggerName(spec.table, 'update')} AFTER UPDATE ON ${t}
      REFERENCING OLD TABLE AS kith_old_rows NEW TABLE AS kith_new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${functionName(spec.table)}()`,
    `CREATE OR REPLACE TRIGGER ${triggerName(spec.table, 'delete')} AFTER DELETE ON ${t}
      REFERENCING OLD TABLE AS kith_old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${functionName(spec.table)}()`,
    `CREATE OR REPLACE TRIGGER ${triggerName(spec.table, 'truncate')} AFTER TRUNCATE ON ${t}
      FOR EACH STATEMENT EXECUTE FUNCTION kith_record_counts_truncate()`,
  ];
}

/** Statements that stop counting a table and forget its counts (its sources row included). */
export function dropCountsDdl(table: string): string[] {
  const t = ident(table);
  return [
    ...['insert', 'update', 'delete', 'truncate'].map((e) => `DROP TRIGGER IF EXISTS ${triggerName(table, e)} ON ${t}`),
    `DROP FUNCTION IF EXISTS ${functionName(table)}()`,
    `DELETE FROM record_counts WHERE table_name = ${literal(table)}`,
    `DELETE FROM record_count_deltas WHERE table_name = ${literal(table)}`,
    `DELETE FROM record_count_sources WHERE table_name = ${literal(table)}`,
  ];
}

/** A lock key per table for rebuilding and folding its counts (one at a time per table). */
const lockKey = (table: string) => sql`hashtext(${`kith_record_counts:${table}`})`;

/**
 * Makes the triggers of a table and counts it from scratch, in one transaction that holds writers
 * off the table meanwhile (a write between the count and the triggers would be lost). A million
 * rows take a second or two; it happens only when the entry's counted fields change.
 */
async function rebuild(tx: Tx, spec: CountSpec, signature: string): Promise<void> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${lockKey(spec.table)})`);
  await tx.exec(`LOCK TABLE ${ident(spec.table)} IN SHARE ROW EXCLUSIVE MODE`);
  const [current] = await tx.query<{ signature: string }>(
    sql`SELECT signature FROM record_count_sources WHERE table_name = ${spec.table}`,
  );
  if (current?.signature === signature) return; // another process did it while this one waited
  for (const s of dropCountsDdl(spec.table)) await tx.exec(s);
  for (const s of countTriggersDdl(spec)) await tx.exec(s);
  await tx.exec(
    `INSERT INTO record_counts (${columns}) ${countedRowsSql(spec, rowSource(spec, 1, ident(spec.table)))}`,
  );
  await tx.query(sql`INSERT INTO record_counts (${sql.raw(columns)}, whole)
    SELECT table_name, field, value, NULL, metric, currency, sum(n), sum(total), true FROM record_counts
    WHERE table_name = ${spec.table} AND NOT whole GROUP BY table_name, field, value, metric, currency`);
  await tx.query(sql`INSERT INTO record_count_sources (table_name, signature) VALUES (${spec.table}, ${signature})`);
}

/**
 * Gives every counted entry (or those named) triggers and counts that match its definition; a
 * no-op for tables whose signature already matches. Entries that no longer count anything lose
 * their triggers. Returns the tables counted again.
 */
export async function ensureRecordCounts(db: Tx, registry: Registry, objects?: string[]): Promise<string[]> {
  const installed = new Map(
    (
      await db.query<{ table_name: string; signature: string }>(
        sql`SELECT table_name, signature FROM record_count_sources`,
      )
    ).map((r) => [r.table_name, r.signature]),
  );
  const rebuilt: string[] = [];
  for (const obj of registry.all()) {
    if (objects && !objects.includes(obj.name)) continue;
    const spec = countSpec(obj);
    if (!spec) {
      if (installed.has(obj.table))
        await db.transaction(async (tx) => {
          for (const s of dropCountsDdl(obj.table)) await tx.exec(s);
        });
      continue;
    }
    const signature = signatureOf(obj) as string;
    if (installed.get(spec.table) === signature) continue;
    await db.transaction((tx) => rebuild(tx, spec, signature));
    rebuilt.push(spec.table);
  }
  return rebuilt;
}

/**
 * Moves a table's deltas into record_counts, in one statement (a reader sees the numbers before or
 * after, never half). Skipped while another fold of the table runs. Groups left at zero go.
 */
export async function foldRecordCounts(db: Tx, table: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [lock] = await tx.query<{ ok: boolean }>(sql`SELECT pg_try_advisory_xact_lock(${lockKey(table)}) AS ok`);
    if (!lock?.ok) return false;
    // The same deltas go into the owner's rows and into the whole table's (owner_id NULL, whole).
    const merge = sql`ON CONFLICT ON CONSTRAINT record_counts_key
      DO UPDATE SET n = record_counts.n + excluded.n, total = record_counts.total + excluded.total`;
    await tx.query(sql`
      WITH d AS (DELETE FROM record_count_deltas WHERE table_name = ${table} RETURNING *),
      per_owner AS (
        INSERT INTO record_counts (${sql.raw(columns)})
          SELECT table_name, field, value, owner_id, metric, currency, sum(n), sum(total) FROM d
          GROUP BY table_name, field, value, owner_id, metric, currency
        ${merge})
      INSERT INTO record_counts (${sql.raw(columns)}, whole)
        SELECT table_name, field, value, NULL, metric, currency, sum(n), sum(total), true FROM d
        GROUP BY table_name, field, value, metric, currency
      ${merge}`);
    await tx.query(sql`DELETE FROM record_counts WHERE table_name = ${table} AND n = 0 AND total = 0`);
    return true;
  });
}

/** Stops counting a table inside a transaction that is about to change its columns (see ensureRecordCounts). */
export async function forgetRecordCounts(tx: Queryable, table: string): Promise<void> {
  for (const s of dropCountsDdl(table)) await tx.exec(s);
}
