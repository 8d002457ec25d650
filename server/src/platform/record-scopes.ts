// Record scopes beyond own, team and all, brought by modules. Such a scope reaches the rows whose
// marking field holds one of the principal's marks (the ids the module's query gives for them,
// loaded with the principal), plus the rows they own; on an entry without that field it means
// what 'team' means. The platform knows a scope by its key alone: what the marks are is the
// module's (decision 024).
import type { RecordScope } from '@kith/common';
import { type Sql, sql } from '../db/sql.ts';
import type { ResolvedObject } from './registry/registry.ts';

export interface RecordScopeProvider {
  /** The scope's key: one of common's recordScopes other than own, team and all. */
  key: RecordScope;
  /** The field (a relation) whose value marks a row; entries without it treat the scope as 'team'. */
  field: string;
  /** SQL giving the marks (a uuid[]) the user whose id is `userId` reaches: one expression, loaded with the principal. */
  marks: (userId: Sql) => Sql;
  /** Objects whose audited changes can move someone's marks: this process's auth cache drops on them. */
  changedBy: string[];
}

const builtinScopes = new Set<string>(['own', 'team', 'all']);

/** One table per process, like the code it describes: every app in the process has the same modules' scopes. */
const providers = new Map<string, RecordScopeProvider>();

export function registerRecordScopes(list: readonly RecordScopeProvider[]): void {
  for (const p of list) {
    if (builtinScopes.has(p.key)) throw new Error(`record scope ${p.key} is built in`);
    const had = providers.get(p.key);
    if (had && had.field !== p.field) throw new Error(`two modules define the record scope ${p.key}`);
    providers.set(p.key, p);
  }
}

export const recordScopeProviders = (): RecordScopeProvider[] => [...providers.values()];

/** The principal's marks per scope, as one jsonb column of the principal's row (u: the users alias). */
export function marksColumn(userId: Sql): Sql {
  const list = recordScopeProviders();
  if (!list.length) return sql`'{}'::jsonb`;
  return sql`jsonb_build_object(${sql.join(list.map((p) => sql`${p.key}::text, (${p.marks(userId)})::uuid[]`))})`;
}

/** The columns (under alias) marking obj's rows, by scope key: only the scopes whose field obj has. */
export function markColumns(obj: ResolvedObject, alias = 't'): Record<string, Sql> {
  const marks: Record<string, Sql> = {};
  for (const p of providers.values()) {
    const f = obj.fields.get(p.field);
    if (f) marks[p.key] = sql`${sql.ident(alias)}.${sql.ident(f.column)}`;
  }
  return marks;
}

/** The fields marking obj's rows, by scope key (events carry their values for live updates). */
export function markFields(obj: ResolvedObject): Record<string, { name: string; column: string }> {
  const out: Record<string, { name: string; column: string }> = {};
  for (const p of providers.values()) {
    const f = obj.fields.get(p.field);
    if (f) out[p.key] = { name: p.field, column: f.column };
  }
  return out;
}

/** Whether an audited change of this object can move someone's marks. */
export const movesMarks = (objectType: string): boolean =>
  [...providers.values()].some((p) => p.changedBy.includes(objectType));
