// A custom field made searchable after rows exist (or no longer searchable) changes what
// search_text should hold for every one of them. A background job recomputes it in keyset
// batches by id, each batch and its progress in one transaction, so a restarted job resumes where
// it stopped and the data-model page shows done/total as it goes. A newer change to the field
// gets its own token; the older job sees it and stops.
import { uuidv7 } from 'uuidv7';
import type { Db, Tx } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { declareQueue, type Jobs } from '../jobs.ts';
import { computeSearchText, type Row, readValues, selectColumns } from '../records/record-mapper.ts';
import type { Registry, ResolvedObject } from '../registry/registry.ts';

export const reindexQueue = 'search.reindex';
declareQueue(reindexQueue, { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 6 * 3600 });

/** Rows per batch: one short transaction each, so writers on the table are never held up long. */
export const reindexBatchSize = 500;

export interface ReindexJob {
  fieldId: string;
  token: string;
}

/** A deleted searchable field: its words leave every row's search text (no progress to show). */
export interface ObjectReindexJob {
  objectType: string;
}

export interface ReindexState {
  state: 'queued' | 'running' | 'done';
  done: number;
  total: number | null;
}

export interface ReindexColumns {
  reindex_token?: string | null;
  reindex_done?: number | string | bigint | null;
  reindex_total?: number | string | bigint | null;
  reindex_finished_at?: Date | string | null;
}

/** The progress the API shows for a field (null: never reindexed). */
export function reindexState(r: ReindexColumns): ReindexState | null {
  if (!r.reindex_token) return null;
  const done = Number(r.reindex_done ?? 0);
  const total = r.reindex_total == null ? null : Math.max(Number(r.reindex_total), done);
  if (r.reindex_finished_at) return { state: 'done', done, total: total ?? done };
  return { state: total === null ? 'queued' : 'running', done, total };
}

/** Resets the field's progress and queues the job, inside the caller's transaction. */
export async function queueSearchReindex(tx: Tx, jobs: Jobs, fieldId: string): Promise<void> {
  const token = uuidv7();
  await tx.query(sql`UPDATE custom_fields SET reindex_token = ${token}::uuid, reindex_done = 0, reindex_total = NULL,
    reindex_after = NULL, reindex_finished_at = NULL WHERE id = ${fieldId}::uuid`);
  await jobs.send(reindexQueue, { fieldId, token } satisfies ReindexJob, { tx });
}

/** Queues the reindex of a whole object, inside the caller's transaction (a field was deleted). */
export async function queueObjectReindex(tx: Tx, jobs: Jobs, objectType: string): Promise<void> {
  await jobs.send(reindexQueue, { objectType } satisfies ObjectReindexJob, { tx });
}

export interface ReindexDeps {
  db: Db;
  registry: Registry;
  now: () => Date;
  log: Pick<Ctx['log'], 'info'>;
}

interface FieldProgress {
  object_type: string;
  reindex_token: string | null;
  reindex_after: string | null;
  reindex_total: string | number | null;
  reindex_finished_at: Date | null;
}

/** Recomputes the search text of the next batch of rows after `after` (by id); returns their ids. */
async function reindexBatch(tx: Tx, obj: ResolvedObject, after: string | null, batchSize: number): Promise<string[]> {
  const table = sql.ident(obj.table);
  // Deleted rows too: a restored record must be found by the same words as any other.
  const where = after ? sql`WHERE t.id > ${after}::uuid` : sql.empty;
  const rows = await tx.query<Row>(
    sql`SELECT ${selectColumns(obj)} FROM ${table} t ${where} ORDER BY t.id LIMIT ${batchSize}`,
  );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id as string);
  const texts = rows.map((r) => computeSearchText(obj, readValues(obj, r)));
  await tx.query(sql`UPDATE ${table} t SET search_text = u.text
    FROM unnest(${ids}::uuid[], ${texts}::text[]) AS u(id, text)
    WHERE t.id = u.id AND t.search_text IS DISTINCT FROM u.text`);
  return ids;
}

/** Recomputes the search text of every row of an object; a retried job starts over (it is idempotent). */
export async function runObjectReindex(deps: ReindexDeps, job: ObjectReindexJob, batchSize = reindexBatchSize) {
  await deps.registry.load(deps.db);
  const obj = deps.registry.get(job.objectType);
  if (!obj) return 0;
  let handled = 0;
  let after: string | null = null;
  for (;;) {
    const ids: string[] = await deps.db.transaction((tx) => reindexBatch(tx, obj, after, batchSize));
    if (!ids.length) break;
    handled += ids.length;
    after = ids[ids.length - 1];
  }
  if (handled) deps.log.info({ objectType: job.objectType, rows: handled }, 'search text recomputed');
  return handled;
}

/** Runs (or resumes) one reindex; returns the rows it handled in this run. */
export async function runSearchReindex(deps: ReindexDeps, job: ReindexJob, batchSize = reindexBatchSize) {
  // The field's new rule, whether or not this process has had the registry.changed NOTIFY yet.
  await deps.registry.load(deps.db);
  let handled = 0;
  for (;;) {
    const more = await deps.db.transaction(async (tx) => {
      const [f] = await tx.query<FieldProgress>(
        sql`SELECT object_type, reindex_token, reindex_after, reindex_total, reindex_finished_at
            FROM custom_fields WHERE id = ${job.fieldId}::uuid FOR UPDATE`,
      );
      // Deleted, superseded by a newer change (whose own job will do the work), or finished.
      if (!f || f.reindex_token !== job.token || f.reindex_finished_at) return false;
      const obj = deps.registry.get(f.object_type);
      if (!obj) return false;
      const table = sql.ident(obj.table);
      if (f.reindex_total === null) {
        // Once per job, in the background: the only count of the whole table, for the progress bar.
        await tx.query(
          sql`UPDATE custom_fields SET reindex_total = (SELECT count(*) FROM ${table}) WHERE id = ${job.fieldId}::uuid`,
        );
      }
      const ids = await reindexBatch(tx, obj, f.reindex_after, batchSize);
      if (!ids.length) {
        await tx.query(
          sql`UPDATE custom_fields SET reindex_finished_at = ${deps.now()}, reindex_total = reindex_done WHERE id = ${job.fieldId}::uuid`,
        );
        return false;
      }
      await tx.query(sql`UPDATE custom_fields SET reindex_done = reindex_done + ${ids.length},
        reindex_after = ${ids[ids.length - 1]}::uuid WHERE id = ${job.fieldId}::uuid`);
      handled += ids.length;
      return true;
    });
    if (!more) break;
  }
  if (handled) deps.log.info({ fieldId: job.fieldId, rows: handled }, 'search text recomputed');
  return handled;
}

/** Registers the worker (a no-op in processes that run no workers). */
export async function registerSearchReindexWorker(deps: ReindexDeps & { jobs: Jobs }): Promise<void> {
  await deps.jobs.work<ReindexJob | ObjectReindexJob>(reindexQueue, async (data) => {
    if ('objectType' in data) await runObjectReindex(deps, data);
    else await runSearchReindex(deps, data);
  });
}
