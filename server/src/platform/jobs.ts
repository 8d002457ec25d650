// Durable background jobs on pg-boss, in the same database (embedded or server). A job sent with
// `tx` is inserted in the caller's transaction: it exists exactly when the change committed.
import type { PGlite } from '@electric-sql/pglite';
import { fromPglite, PgBoss } from 'pg-boss';
import type { Db, Tx } from '../db/database.ts';

export interface JobOptions {
  /** Send inside this transaction. */
  tx?: Tx;
  startAfter?: Date | number;
  singletonKey?: string;
}

export interface WorkOptions {
  batchSize?: number;
  concurrency?: number;
  pollingIntervalSeconds?: number;
}

export interface JobInfo {
  id: string;
  retryCount: number;
}

export type JobHandler<T> = (data: T, job: JobInfo) => Promise<void>;

export interface Jobs {
  send<T extends object>(name: string, data: T, opts?: JobOptions): Promise<string | null>;
  /** Registers a handler (only in processes that run workers: KITH_ROLE=all|worker). */
  work<T extends object>(name: string, handler: JobHandler<T>, opts?: WorkOptions): Promise<void>;
  stop(): Promise<void>;
}

/** Queues are declared once with their retry policy; unknown names are refused. */
interface QueuePolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds?: number;
  /** A running job whose worker stops beating this long (the process died) is retried elsewhere or after a restart. */
  heartbeatSeconds?: number;
}

const queues: Record<string, QueuePolicy> = {
  'mail.deliver': { retryLimit: 20, retryDelay: 30, retryBackoff: true },
  'import.run': { retryLimit: 8, retryDelay: 1, retryBackoff: true, expireInSeconds: 6 * 3600, heartbeatSeconds: 30 }, // retries after ~1-2 s, doubling (imports resume where they stopped)
};

export function declareQueue(name: string, policy: QueuePolicy) {
  queues[name] = policy;
}

export async function startJobs(
  db: Db,
  opts: { runWorkers: boolean; databaseUrl?: string; onError?: (err: Error) => void },
): Promise<Jobs> {
  const boss =
    db.kind === 'embedded'
      ? new PgBoss({ db: fromPglite(db.raw as PGlite), backend: 'pglite', supervise: opts.runWorkers, schedule: false })
      : // pg-boss's own small pool on a server: its multi-statement commands need the full results.
        new PgBoss({ connectionString: opts.databaseUrl, max: 3, supervise: opts.runWorkers, schedule: false });
  boss.on('error', (err) => opts.onError?.(err as Error));
  await boss.start();
  for (const [name, policy] of Object.entries(queues)) {
    // createQueue leaves an existing queue as it was: update it so policy changes reach old installs.
    if (await boss.getQueue(name)) await boss.updateQueue(name, policy);
    else await boss.createQueue(name, policy);
  }
  const workers: string[] = [];
  return {
    async send(name, data, o = {}) {
      if (!queues[name]) throw new Error(`unknown job queue ${name}`);
      const db = o.tx
        ? {
            executeSql: (text: string, values?: unknown[]) =>
              (o.tx as Tx).queryText(text, values).then((rows) => ({ rows })),
          }
        : undefined;
      return boss.send(name, data, {
        ...(db ? { db } : {}),
        ...(o.startAfter ? { startAfter: o.startAfter instanceof Date ? o.startAfter : o.startAfter } : {}),
        ...(o.singletonKey ? { singletonKey: o.singletonKey } : {}),
      });
    },
    async work(name, handler, w = {}) {
      if (!opts.runWorkers) return;
      const id = await boss.work<object>(
        name,
        {
          batchSize: w.batchSize ?? 1,
          localConcurrency: w.concurrency ?? 1,
          pollingIntervalSeconds: w.pollingIntervalSeconds ?? 1,
        } as never,
        async (jobs: Array<{ id: string; data: object; retryCount?: number }>) => {
          for (const job of jobs) await handler(job.data as never, { id: job.id, retryCount: job.retryCount ?? 0 });
        },
      );
      workers.push(id);
    },
    async stop() {
      // Graceful: waits for jobs in flight to finish (up to the timeout), then closes.
      await boss.stop({ graceful: true, timeout: 15_000, close: true });
    },
  };
}
