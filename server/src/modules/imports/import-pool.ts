// A small pool of worker threads that parse import batches (import-parse.ts), so that parsing —
// the part of an import whose cost a file's author controls — never runs on the thread that
// serves requests. Workers start on first use and keep the process alive only while they work.
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CellOptions } from './import-cells.ts';
import { type CellTarget, type ParsedRow, type ParseRow, parseRows } from './import-parse.ts';
import type { ParseTask } from './import-worker.ts';

// The worker file beside this one, with this file's extension: .ts under tsx and in tests, .js compiled.
const workerUrl = new URL(`./import-worker${extname(fileURLToPath(import.meta.url)) || '.js'}`, import.meta.url);
const poolSize = Math.max(1, Math.min(2, availableParallelism() - 1));

interface Slot {
  worker: Worker;
  ready: boolean;
  tasks: Set<number>;
}

interface Pending {
  task: ParseTask;
  slot: Slot;
  resolve: (rows: ParsedRow[]) => void;
  reject: (err: Error) => void;
}

const slots: Slot[] = [];
const pending = new Map<number, Pending>();
let nextId = 1;
/** Set when a worker cannot start at all (an unusual runtime): parse on this thread instead. */
let inline = false;

function settle(id: number, rows: ParsedRow[] | null, err?: Error) {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  p.slot.tasks.delete(id);
  if (!p.slot.tasks.size) p.slot.worker.unref();
  if (rows) p.resolve(rows);
  else p.reject(err ?? new Error('import parser failed'));
}

function retire(slot: Slot, err: Error) {
  const i = slots.indexOf(slot);
  if (i === -1) return;
  slots.splice(i, 1);
  if (!slot.ready) {
    inline = true;
    process.emitWarning(`import parser worker could not start (${err.message}); parsing on the main thread`);
  }
  for (const id of [...slot.tasks]) {
    const p = pending.get(id);
    if (p && inline) settle(id, parseRows(p.task.targets, p.task.rows, p.task.opts));
    else settle(id, null, err);
  }
  void slot.worker.terminate();
}

function spawn(): Slot {
  const worker = new Worker(workerUrl);
  const slot: Slot = { worker, ready: false, tasks: new Set() };
  worker.on('message', (m: { ready?: true; id?: number; rows?: ParsedRow[]; error?: string }) => {
    if (m.ready) slot.ready = true;
    else if (m.id !== undefined) settle(m.id, m.rows ?? null, m.error ? new Error(m.error) : undefined);
  });
  worker.on('error', (err) => retire(slot, err));
  worker.on('exit', (code) => retire(slot, new Error(`import parser exited with code ${code}`)));
  slots.push(slot);
  return slot;
}

/** Parses a batch in a worker thread: the same result as parseRows, off this thread. */
export function parseInWorker(targets: CellTarget[], rows: ParseRow[], opts: CellOptions): Promise<ParsedRow[]> {
  if (inline || !rows.length) return Promise.resolve(parseRows(targets, rows, opts));
  const slot =
    slots.length < poolSize
      ? (slots.find((s) => !s.tasks.size) ?? spawn())
      : slots.reduce((a, b) => (b.tasks.size < a.tasks.size ? b : a));
  const task: ParseTask = { id: nextId++, targets, rows, opts };
  return new Promise((resolve, reject) => {
    pending.set(task.id, { task, slot, resolve, reject });
    slot.tasks.add(task.id);
    slot.worker.ref();
    slot.worker.postMessage(task);
  });
}
