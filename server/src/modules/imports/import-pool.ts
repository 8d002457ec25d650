// A small pool of worker threads for the part of an import whose cost a file's author controls —
// reading records (csv-parse) for the upload, the preview and the job, and parsing cells into
// values — so that it never runs on the thread that serves requests. Workers start on first use,
// keep the process alive only while they work, and end once they have had nothing to do for a
// while (poolTuning.idleMs), which gives their heaps back; the next task starts one again. Their
// heaps are capped (poolTuning). A job's file is one streamed task: the worker reads and parses
// a few batches ahead of the batch being written, and waits for the job to take them (so a large
// file is never all in memory).
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CellOptions } from './import-cells.ts';
import type { CsvDialect } from './import-csv.ts';
import {
  type CellTarget,
  type ParsedRow,
  type ParseRow,
  type ReadBatch,
  type ReadTask,
  readBatches,
  runTask,
  type WorkerTask,
} from './import-parse.ts';

// The worker file beside this one, with this file's extension: .ts under tsx and in tests, .js compiled.
const workerUrl = new URL(`./import-worker${extname(fileURLToPath(import.meta.url)) || '.js'}`, import.meta.url);
const poolSize = Math.max(1, Math.min(2, availableParallelism() - 1));
/** A task still running after this is stuck (parsing is linear and batches are bounded): its worker is replaced. */
const taskTimeoutMs = 120_000;
/** How the pool treats its workers (tests change it). */
export const poolTuning = {
  /** A worker with no task for this long is ended. Starting one takes some 50 ms. */
  idleMs: 10_000,
  /**
   * A worker's old generation holds a few batches (batchChars of cells, parsed). The worst case
   * measured, 500 columns of list cells at 4 million characters a batch, ran at 64 MB and spent
   * its time collecting at 48 MB; 128 MB is a ceiling for the unforeseen, not a size it grows to.
   * A worker past it ends with ERR_WORKER_OUT_OF_MEMORY, which fails its task as any worker
   * failure does. No young-generation limit: the process's --max-semi-space-size (decision 008)
   * overrides maxYoungGenerationSizeMb (a worker's heap stayed at 50 MB with a limit of 8 MB).
   */
  maxOldGenerationSizeMb: 128,
};

interface Slot {
  worker: Worker;
  ready: boolean;
  tasks: Set<number>;
  /** Armed while the worker has no task: ends it when it fires. */
  idle?: NodeJS.Timeout;
}

interface Pending {
  task: WorkerTask | ReadTask;
  slot: Slot;
  timer?: NodeJS.Timeout;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  /** A streamed task: takes each batch the worker sends before its end. */
  item?: (value: unknown) => void;
}

const slots: Slot[] = [];
const pending = new Map<number, Pending>();
let nextId = 1;
/** Set when a worker cannot start at all (an unusual runtime): work on this thread instead. */
let inline = false;

function settle(id: number, outcome: { result: unknown } | { error: Error }) {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  clearTimeout(p.timer);
  p.slot.tasks.delete(id);
  if (!p.slot.tasks.size) idle(p.slot);
  if ('error' in outcome) p.reject(outcome.error);
  else p.resolve(outcome.result);
}

/** The slot has no task left: it no longer keeps the process alive, and ends if none comes. */
function idle(slot: Slot) {
  slot.worker.unref();
  clearTimeout(slot.idle);
  slot.idle = setTimeout(() => {
    const i = slots.indexOf(slot);
    if (i === -1 || slot.tasks.size) return;
    // Out of the pool first: its exit is then no failure to handle (retire finds nothing).
    slots.splice(i, 1);
    void slot.worker.terminate();
  }, poolTuning.idleMs);
  slot.idle.unref();
}

/** A task goes to the slot: it keeps the process alive until the task is done. */
function busy(slot: Slot, id: number) {
  clearTimeout(slot.idle);
  slot.idle = undefined;
  slot.tasks.add(id);
  slot.worker.ref();
}

function retire(slot: Slot, err: Error) {
  const i = slots.indexOf(slot);
  if (i === -1) return;
  slots.splice(i, 1);
  clearTimeout(slot.idle);
  if (!slot.ready) {
    inline = true;
    process.emitWarning(`import worker thread could not start (${err.message}); parsing on the main thread`);
  }
  for (const id of [...slot.tasks]) {
    const task = pending.get(id)?.task;
    if (!task) continue;
    // A stream cannot be resumed elsewhere half-way: it fails (an import job retries from its last batch).
    if (!inline || task.kind === 'read') settle(id, { error: err });
    else
      Promise.resolve()
        .then(() => runTask(task))
        .then(
          (result) => settle(id, { result }),
          (error: Error) => settle(id, { error }),
        );
  }
  void slot.worker.terminate();
}

function spawn(): Slot {
  const worker = new Worker(workerUrl, {
    workerData: { kithImportWorker: true },
    resourceLimits: { maxOldGenerationSizeMb: poolTuning.maxOldGenerationSizeMb },
  });
  const slot: Slot = { worker, ready: false, tasks: new Set() };
  worker.on(
    'message',
    (m: {
      ready?: true;
      id?: number;
      result?: unknown;
      item?: unknown;
      error?: { message: string; code?: unknown };
    }) => {
      if (m.ready) slot.ready = true;
      else if (m.id !== undefined && 'item' in m) pending.get(m.id)?.item?.(m.item);
      else if (m.id !== undefined && m.error)
        // Keep the code: callers tell a CSV error (CSV_…) or a missing file (ENOENT) by it.
        settle(m.id, { error: Object.assign(new Error(m.error.message), { code: m.error.code }) });
      else if (m.id !== undefined) settle(m.id, { result: m.result });
    },
  );
  worker.on('error', (err) => retire(slot, err));
  worker.on('exit', (code) => retire(slot, new Error(`import worker exited with code ${code}`)));
  slots.push(slot);
  return slot;
}

const pickSlot = () =>
  slots.length < poolSize
    ? (slots.find((s) => !s.tasks.size) ?? spawn())
    : slots.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));

function run<T>(task: WorkerTask): Promise<T> {
  if (inline) return Promise.resolve().then(() => runTask(task) as T);
  const slot = pickSlot();
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => retire(slot, new Error('import worker took too long')), taskTimeoutMs);
    timer.unref();
    pending.set(id, { task, slot, timer, resolve: resolve as (r: unknown) => void, reject });
    busy(slot, id);
    slot.worker.postMessage({ id, task });
  });
}

/** Parses a batch in a worker thread: the same result as parseRows, off this thread. */
export function parseInWorker(targets: CellTarget[], rows: ParseRow[], opts: CellOptions): Promise<ParsedRow[]> {
  if (!rows.length) return Promise.resolve([]);
  return run({ kind: 'parse', targets, rows, opts });
}

/** The header and up to `max` records of a stored file (readHead), read in a worker thread. */
export function readHeadInWorker(
  path: string,
  dialect: CsvDialect,
  max: number,
): Promise<{ header: string[] | null; rows: string[][] }> {
  return run({ kind: 'head', path, dialect, max });
}

/** Batches a streamed file may be read ahead of the one the job takes. */
const readAhead = 2;

/**
 * Reads and parses an import job's file in a worker thread (readBatches), a few batches ahead of
 * the caller. `close()` stops the worker's reading (call it when leaving early). A worker that
 * sends nothing for taskTimeoutMs while it may read on is replaced, and the stream fails.
 */
export function readInWorker(task: ReadTask): AsyncIterableIterator<ReadBatch> & { close(): void } {
  if (inline) {
    const local = readBatches(task);
    return Object.assign(local, { close: () => void local.return(undefined) });
  }
  const slot = pickSlot();
  const id = nextId++;
  const queue: ReadBatch[] = [];
  let ended = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const p: Pending = {
    task,
    slot,
    resolve: () => {
      ended = true;
      wake?.();
    },
    reject: (err) => {
      failure = err;
      wake?.();
    },
    item: (b) => {
      queue.push(b as ReadBatch);
      arm();
      wake?.();
    },
  };
  // The clock runs only while the worker may read on (it has room ahead), never while it waits for us.
  const arm = () => {
    clearTimeout(p.timer);
    p.timer = undefined;
    if (ended || failure || queue.length >= readAhead) return;
    p.timer = setTimeout(() => retire(slot, new Error('import worker took too long')), taskTimeoutMs);
    p.timer.unref();
  };
  pending.set(id, p);
  busy(slot, id);
  slot.worker.postMessage({ id, task, credit: readAhead });
  arm();
  const close = () => {
    if (!pending.has(id)) return;
    slot.worker.postMessage({ id, cancel: true });
    settle(id, { result: undefined });
  };
  const iterator: AsyncIterableIterator<ReadBatch> & { close(): void } = {
    [Symbol.asyncIterator]: () => iterator,
    async next(): Promise<IteratorResult<ReadBatch>> {
      for (;;) {
        const b = queue.shift();
        if (b) {
          if (!b.done) slot.worker.postMessage({ id, credit: 1 });
          arm();
          return { value: b, done: false };
        }
        if (failure) throw failure;
        if (ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    },
    async return() {
      close();
      return { value: undefined, done: true };
    },
    close,
  };
  return iterator;
}

/** Whether work goes to worker threads (false once a worker could not start). For tests and health. */
export const usingWorkers = () => !inline && slots.some((s) => s.ready);

/** The thread ids of the workers running now (idle ones included, until they end). For tests and health. */
export const workerThreads = () => slots.map((s) => s.worker.threadId);
