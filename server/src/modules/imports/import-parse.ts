// The CPU-bound half of an import batch: cells → field input, per row. Pure and plain-data in and
// out, so that it runs in a worker thread (import-pool.ts) and no crafted file can hold up the
// thread that serves requests. Relations and owners stay text here; the batch resolves them by name.
import { type CellField, type CellOptions, parseCell } from './import-cells.ts';
import { type CsvDialect, readHead } from './import-csv.ts';
import type { AddressPart } from './import-mapping.ts';

/** A mapped column as the parser needs it: no functions, no registry. */
export interface CellTarget {
  index: number;
  header: string;
  field: CellField;
  part?: AddressPart;
}

export interface ParseRow {
  row: number;
  cells: string[];
}

export interface ParsedRow {
  row: number;
  /** Every cell empty or spaces: the row is skipped. */
  blank: boolean;
  input: Record<string, unknown>;
  /** Relation and user fields → the text their cell gave. */
  refs: Record<string, string>;
  errors: Record<string, string>;
  warnings: Record<string, string>;
}

export const cellTarget = (t: CellTarget): CellTarget => ({
  index: t.index,
  header: t.header,
  field: {
    name: t.field.name,
    type: t.field.type,
    options: t.field.options,
    sqlType: t.field.sqlType,
    max: t.field.max,
  },
  ...(t.part ? { part: t.part } : {}),
});

export function parseRows(targets: CellTarget[], rows: ParseRow[], opts: CellOptions): ParsedRow[] {
  return rows.map(({ row, cells }) => {
    const out: ParsedRow = { row, blank: false, input: {}, refs: {}, errors: {}, warnings: {} };
    if (cells.every((c) => c.trim() === '')) {
      out.blank = true;
      return out;
    }
    for (const t of targets) {
      const name = t.field.name;
      const parsed = parseCell(t.field, cells[t.index] ?? '', t.header, out.input[name], t.part, opts);
      if (parsed === null) continue;
      if ('error' in parsed) out.errors[name] = parsed.error;
      else {
        if (parsed.warning) out.warnings[name] = parsed.warning;
        if (parsed.value === undefined) continue;
        if (t.field.type === 'relation' || t.field.type === 'user') out.refs[name] = parsed.value as string;
        else out.input[name] = parsed.value;
      }
    }
    return out;
  });
}

export type WorkerTask =
  | { kind: 'parse'; targets: CellTarget[]; rows: ParseRow[]; opts: CellOptions }
  | { kind: 'head'; path: string; dialect: CsvDialect; max: number };

/** What a worker task does, wherever it runs (in the worker, or here when no worker can start). */
export function runTask(task: WorkerTask): unknown {
  return task.kind === 'parse'
    ? parseRows(task.targets, task.rows, task.opts)
    : readHead(task.path, task.dialect, task.max);
}
