// How demo data is written: each record's values through the API's validation and its entry's
// compute and validate hooks, with the clock at the moment the record was (or was last) written,
// then multi-row INSERTs of every column the records path writes (title and search text from the
// registry, computed fields included). The after-write hooks do not run: notifications, mail and
// assignment are for things happening now, and demo history is news to no one.
import pino from 'pino';
import type { Tx } from '../db/database.ts';
import { type Sql, sql } from '../db/sql.ts';
import { systemPrincipal } from '../platform/auth/principal.ts';
import type { Ctx } from '../platform/context.ts';
import type { Jobs } from '../platform/jobs.ts';
import { beforeWrite } from '../platform/records/hooks.ts';
import { computeSearchText, computeTitle, fieldColumns, type Values } from '../platform/records/record-mapper.ts';
import { validateValues } from '../platform/records/validate.ts';
import type { Registry, ResolvedObject } from '../platform/registry/registry.ts';

/** The demo path never queues a job: seeded history sends no invitation, reminder or mail. */
export const noJobs: Jobs = {
  send: async (name) => {
    throw new Error(`demo data queues no jobs (${name})`);
  },
  work: async () => {},
  stop: async () => {},
};

const silent = pino({ level: 'silent' });

/** A context for the write hooks as the system, its clock stopped at `at`. */
export function demoCtx(tx: Tx, registry: Registry, at: number): Ctx {
  const clock = new Date(at);
  return { db: tx, registry, principal: systemPrincipal, jobs: noJobs, log: silent, now: () => clock };
}

export interface DemoRow {
  id: string;
  values: Values;
  createdAt: number;
  updatedAt: number;
  createdBy?: string;
}

/**
 * A row's values as the records path would store them: validated as API input, plus what the
 * server sets itself (`server`: a conversion's links), plus what the entry's hooks compute with
 * the clock at `clock`. Refuses (throws) what the API would refuse.
 */
export async function asWritten(
  tx: Tx,
  registry: Registry,
  obj: ResolvedObject,
  r: DemoRow & { clock: number },
  server: Values = {},
): Promise<Values> {
  const values = { ...validateValues(obj, r.values, 'create'), ...server };
  const change = { action: 'create' as const, id: r.id, before: null, after: values, changed: Object.keys(values) };
  Object.assign(values, await beforeWrite(demoCtx(tx, registry, r.clock), obj, change));
  return values;
}

/**
 * Multi-row INSERTs of registry records: every non-custom field's columns (computed ones too, as
 * the records path writes them), in the app's own casts.
 */
export async function insertRows(tx: Tx, obj: ResolvedObject, rows: DemoRow[], adminId: string) {
  const fields = [...obj.fields.values()].filter((f) => (!f.readOnly || f.computed) && !f.custom);
  const cols: Sql[] = [sql`id`, sql`title`, sql`search_text`, sql`created_by`, sql`created_at`, sql`updated_at`];
  for (const f of fields) for (const [col] of fieldColumns(f, null)) cols.push(sql.ident(col));
  for (let i = 0; i < rows.length; i += 200) {
    const tuples = rows.slice(i, i + 200).map((r) => {
      const vals: Sql[] = [
        sql`${r.id}::uuid`,
        sql`${computeTitle(obj, r.values)}`,
        sql`${computeSearchText(obj, r.values)}`,
        sql`${r.createdBy ?? adminId}::uuid`,
        sql`${new Date(r.createdAt)}::timestamptz`,
        sql`${new Date(r.updatedAt)}::timestamptz`,
      ];
      for (const f of fields) {
        // A yes/no column is never empty (NOT NULL DEFAULT): a row that leaves it out takes its default.
        const value = r.values[f.name] ?? (f.type === 'boolean' && !f.custom ? (f.defaultValue ?? false) : null);
        for (const [, v, cast] of fieldColumns(f, value)) vals.push(sql`${v}::${cast}`);
      }
      return sql`(${sql.join(vals)})`;
    });
    await tx.query(sql`INSERT INTO ${sql.ident(obj.table)} (${sql.join(cols)}) VALUES ${sql.join(tuples)}`);
  }
}
