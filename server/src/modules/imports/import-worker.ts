// Worker thread entry of import-pool.ts: parses the batches it is sent, one at a time. It imports
// only plain TypeScript (erasable syntax), so it runs under tsx, Node's own type stripping, or
// compiled to JavaScript beside the rest.
import { parentPort } from 'node:worker_threads';
import type { CellOptions } from './import-cells.ts';
import { type CellTarget, type ParseRow, parseRows } from './import-parse.ts';

export interface ParseTask {
  id: number;
  targets: CellTarget[];
  rows: ParseRow[];
  opts: CellOptions;
}

parentPort?.on('message', (task: ParseTask) => {
  try {
    parentPort?.postMessage({ id: task.id, rows: parseRows(task.targets, task.rows, task.opts) });
  } catch (err) {
    parentPort?.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) });
  }
});
// Loaded: the pool parses here from now on (a worker that fails before this falls back to inline).
parentPort?.postMessage({ ready: true });
