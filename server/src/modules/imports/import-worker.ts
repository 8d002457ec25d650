// Worker thread entry of import-pool.ts: reads the head of an uploaded file, parses batches of
// cells, and streams an import job's file in parsed batches (as far ahead as the job allows). It
// imports only plain TypeScript (erasable syntax), so it runs under tsx, Node's own type
// stripping, or compiled to JavaScript beside the rest.
import { parentPort, workerData } from 'node:worker_threads';
import { type ReadTask, readBatches, runTask, type WorkerTask } from './import-parse.ts';

// Only in a thread the pool started (never in a test runner's own worker that imported this file).
const port = (workerData as { kithImportWorker?: boolean } | null)?.kithImportWorker ? parentPort : null;

/** Streams under way: how many batches each may still send, and a wake-up for one that waits. */
const streams = new Map<number, { credit: number; cancelled: boolean; wake?: () => void }>();

const failure = (err: unknown) => {
  const e = err as Error & { code?: unknown };
  return { message: e?.message ?? String(err), code: e?.code };
};

async function stream(id: number, task: ReadTask, credit: number) {
  const s: { credit: number; cancelled: boolean; wake?: () => void } = { credit, cancelled: false };
  streams.set(id, s);
  const batches = readBatches(task);
  try {
    for (;;) {
      while (s.credit <= 0 && !s.cancelled) await new Promise<void>((resolve) => (s.wake = resolve));
      if (s.cancelled) return;
      const next = await batches.next();
      if (s.cancelled) return;
      if (next.done) {
        port?.postMessage({ id, result: null });
        return;
      }
      s.credit--;
      port?.postMessage({ id, item: next.value });
      if (next.value.done) {
        port?.postMessage({ id, result: null });
        return;
      }
    }
  } catch (err) {
    port?.postMessage({ id, error: failure(err) });
  } finally {
    streams.delete(id);
    await batches.return(undefined);
  }
}

port?.on('message', async (m: { id: number; task?: WorkerTask | ReadTask; credit?: number; cancel?: true }) => {
  const s = streams.get(m.id);
  if (!m.task) {
    if (!s) return;
    if (m.cancel) s.cancelled = true;
    else s.credit += m.credit ?? 0;
    s.wake?.();
    return;
  }
  if (m.task.kind === 'read') return stream(m.id, m.task, m.credit ?? 1);
  try {
    port?.postMessage({ id: m.id, result: await runTask(m.task) });
  } catch (err) {
    port?.postMessage({ id: m.id, error: failure(err) });
  }
});
// Loaded: the pool sends work here from now on (a worker that fails before this falls back to inline).
port?.postMessage({ ready: true });
