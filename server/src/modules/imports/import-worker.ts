// Worker thread entry of import-pool.ts: reads the head of an uploaded file and parses batches of
// cells. It imports only plain TypeScript (erasable syntax), so it runs under tsx, Node's own type
// stripping, or compiled to JavaScript beside the rest.
import { parentPort, workerData } from 'node:worker_threads';
import { runTask, type WorkerTask } from './import-parse.ts';

// Only in a thread the pool started (never in a test runner's own worker that imported this file).
const port = (workerData as { kithImportWorker?: boolean } | null)?.kithImportWorker ? parentPort : null;

port?.on('message', async ({ id, task }: { id: number; task: WorkerTask }) => {
  try {
    port?.postMessage({ id, result: await runTask(task) });
  } catch (err) {
    const e = err as Error & { code?: unknown };
    port?.postMessage({ id, error: { message: e?.message ?? String(err), code: e?.code } });
  }
});
// Loaded: the pool sends work here from now on (a worker that fails before this falls back to inline).
port?.postMessage({ ready: true });
