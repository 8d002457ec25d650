// The CPU-bound half of an import: reading the file's records and turning cells into field input,
// per row. Pure and plain-data in and out, so that it runs in a worker thread (import-pool.ts) and
// no crafted file can hold up the thread that serves requests. Relations and owners stay text
// here; the batch resolves them by name.
import { type CellField, type CellOptions, parseCell } from './import-cells.ts';
import { type CsvDialect, isCsvError, openRecords, readHead } from './import-csv.ts';
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

/** An import job's whole file, read and parsed in batches (readBatches). */
export interface ReadTask {
  kind: 'read';
  path: string;
  dialect: CsvDialect;
  /** Data records already written by an earlier run: read past them. */
  skip: number;
  targets: CellTarget[];
  opts: CellOptions;
  /** A batch ends at this many rows, or once its cells hold this many characters. */
  batchRows: number;
  batchChars: number;
}

export interface ReadBatch {
  /** The rows as the file gave them (refused rows are stored with their cells). */
  rows: ParseRow[];
  parsed: ParsedRow[];
  /** Data records read so far, the skipped ones included (the header not counted). */
  seen: number;
  /** The last batch: the file ended, or it is not valid CSV past these rows (error). */
  done: boolean;
  error?: { message: string; code: string };
}

/**
 * The records of a file after the header and the first `skip`, parsed, in batches. A CSV error
 * ends the stream with a last batch holding the rows before it and the error; a missing file
 * throws.
 */
export async function* readBatches(task: ReadTask): AsyncGenerator<ReadBatch> {
  const records = openRecords(task.path, task.dialect);
  let seen = -1; // the header is record 0
  let rows: ParseRow[] = [];
  let chars = 0;
  const batch = (done: boolean, error?: ReadBatch['error']): ReadBatch => {
    const out = { rows, parsed: parseRows(task.targets, rows, task.opts), seen: Math.max(0, seen), done };
    rows = [];
    chars = 0;
    return error ? { ...out, error } : out;
  };
  try {
    for await (const cells of records) {
      seen++;
      if (seen === 0 || seen <= task.skip) continue;
      rows.push({ row: seen + 1, cells });
      for (const c of cells) chars += c.length;
      if (rows.length >= task.batchRows || chars >= task.batchChars) yield batch(false);
    }
  } catch (err) {
    if (!isCsvError(err)) throw err;
    yield batch(true, { message: err.message, code: err.code });
    return;
  } finally {
    records.destroy();
  }
  yield batch(true);
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
