// What the database holds for an entry's table (information_schema, pg_indexes, pg_statistic_ext)
// against what the entry asks for (schema.ts): the DDL that brings the one to the other, and
// what no generated DDL may do (drop or retype a column: data goes), for a person to write.
import type { Queryable, Tx } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import {
  type ColumnSpec,
  checkDdl,
  columnDdl,
  createTableDdl,
  type IndexSpec,
  indexDdl,
  indexShape,
  statisticsDdl,
  type TableSpec,
} from './schema.ts';

export interface ActualTable {
  exists: boolean;
  columns: Map<string, { udt: string; notNull: boolean }>;
  /** Index name → its shape (see indexShape), constraint indexes (the primary key) left out. */
  indexes: Map<string, string>;
  /** Names of the table's CHECK constraints (compared by name: PostgreSQL rewrites their text). */
  checks: Set<string>;
  statistics: Set<string>;
}

export async function readTable(db: Queryable, table: string): Promise<ActualTable> {
  const columns = await db.query<{ column_name: string; udt_name: string; is_nullable: string }>(sql`
    SELECT column_name, udt_name, is_nullable FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table}`);
  const indexes = await db.query<{ indexname: string; indexdef: string }>(sql`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = ${table}
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)`);
  const checks = await db.query<{ conname: string }>(sql`
    SELECT c.conname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
    WHERE t.relname = ${table} AND t.relnamespace = current_schema()::regnamespace AND c.contype = 'c'`);
  const statistics = await db.query<{ stxname: string }>(sql`
    SELECT s.stxname FROM pg_statistic_ext s JOIN pg_class c ON c.oid = s.stxrelid
    WHERE c.relname = ${table} AND c.relnamespace = current_schema()::regnamespace`);
  return {
    exists: columns.length > 0,
    columns: new Map(columns.map((c) => [c.column_name, { udt: c.udt_name, notNull: c.is_nullable === 'NO' }])),
    indexes: new Map(indexes.map((i) => [i.indexname, shapeOf(i.indexdef)])),
    checks: new Set(checks.map((c) => c.conname)),
    statistics: new Set(statistics.map((s) => s.stxname)),
  };
}

/** `CREATE INDEX n ON public.t USING btree (a, id) WHERE (…)` → `USING btree (a, id) WHERE (…)`. */
export function shapeOf(indexdef: string): string {
  const at = indexdef.indexOf(' USING ');
  const shape = (at < 0 ? indexdef : indexdef.slice(at + 1)).replaceAll('"', '');
  return indexdef.startsWith('CREATE UNIQUE ') ? `UNIQUE ${shape}` : shape;
}

export interface SchemaDiff {
  /** DDL that brings the table to the entry, in order; empty when they agree. */
  statements: string[];
  /** Differences no generated DDL may settle (they would lose or convert data). */
  problems: string[];
}

export function diffTable(spec: TableSpec, actual: ActualTable): SchemaDiff {
  if (!actual.exists) return { statements: createTableDdl(spec), problems: [] };
  const statements: string[] = [];
  const problems: string[] = [];
  const t = spec.table;
  for (const c of spec.columns) {
    const have = actual.columns.get(c.name);
    if (!have) {
      if (c.notNull && !c.default)
        problems.push(
          `${t}.${c.name}: a new required column needs a hand-written migration (existing rows need a value)`,
        );
      else statements.push(`ALTER TABLE ${t} ADD COLUMN ${columnDdl(c)};`);
    } else if (have.udt !== c.udt) {
      problems.push(`${t}.${c.name}: the entry says ${c.type}, the table has ${have.udt}`);
    } else if (have.notNull !== c.notNull) {
      problems.push(
        `${t}.${c.name}: the entry says ${nullability(c)}, the table's column is ${have.notNull ? 'NOT NULL' : 'nullable'}`,
      );
    }
  }
  const wanted = new Set(spec.columns.map((c) => c.name));
  for (const name of actual.columns.keys())
    if (!wanted.has(name)) problems.push(`${t}.${name}: the table has this column, no field of the entry uses it`);
  const keptChecks = new Set(spec.checks.map((c) => c.name));
  for (const name of actual.checks)
    if (!keptChecks.has(name)) statements.push(`ALTER TABLE ${t} DROP CONSTRAINT ${name};`);
  for (const c of spec.checks) if (!actual.checks.has(c.name)) statements.push(checkDdl(t, c));
  statements.push(...indexStatements(spec, actual));
  for (const s of spec.statistics) if (!actual.statistics.has(s.name)) statements.push(statisticsDdl(t, s));
  const keptStats = new Set(spec.statistics.map((s) => s.name));
  for (const name of actual.statistics) if (!keptStats.has(name)) statements.push(`DROP STATISTICS ${name};`);
  return { statements, problems };
}

const nullability = (c: ColumnSpec) => (c.notNull ? 'NOT NULL' : 'nullable');

/** Indexes: rename where the shape exists under another name, create what is missing, drop the rest. */
function indexStatements(spec: TableSpec, actual: ActualTable): string[] {
  const out: string[] = [];
  const byShape = new Map<string, string>();
  for (const [name, shape] of actual.indexes) if (!byShape.has(shape)) byShape.set(shape, name);
  const kept = new Set<string>();
  const missing: IndexSpec[] = [];
  for (const i of spec.indexes) {
    const shape = indexShape(i);
    if (actual.indexes.get(i.name) === shape) {
      kept.add(i.name);
      continue;
    }
    const other = byShape.get(shape);
    if (other && !kept.has(other) && !spec.indexes.some((s) => s.name === other)) {
      kept.add(other);
      out.push(`ALTER INDEX ${other} RENAME TO ${i.name};`);
    } else missing.push(i);
  }
  // Drops first: a name taken by an index of another shape must be free before it is made again.
  const drops = [...actual.indexes.keys()].filter((n) => !kept.has(n));
  return [...drops.map((n) => `DROP INDEX ${n};`), ...out, ...missing.map((i) => indexDdl(spec.table, i))];
}

/** The tables of the entries, each target of a relation before the tables that point at it. */
export function inDependencyOrder<T extends { name: string; fields: Map<string, { type: string; relation?: string }> }>(
  objects: T[],
): T[] {
  const out: T[] = [];
  const placing = new Set<string>();
  const visit = (o: T) => {
    if (out.includes(o) || placing.has(o.name)) return; // a cycle: the later table adds its key after
    placing.add(o.name);
    for (const f of o.fields.values()) {
      const target = f.type === 'relation' ? objects.find((x) => x.name === f.relation) : undefined;
      if (target && target !== o) visit(target);
    }
    out.push(o);
  };
  for (const o of objects) visit(o);
  return out;
}

/**
 * Brings one entry's table to its description now, in one transaction: for objects made at run
 * time. Refuses (and changes nothing) when that would need a hand-written migration.
 */
export async function applyTableSpec(db: Tx, spec: TableSpec): Promise<string[]> {
  return db.transaction(async (tx) => {
    const diff = diffTable(spec, await readTable(tx, spec.table));
    if (diff.problems.length) throw new Error(`${spec.table}: ${diff.problems.join('; ')}`);
    for (const statement of diff.statements) await tx.exec(statement);
    return diff.statements;
  });
}
