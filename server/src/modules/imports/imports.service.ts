// CSV import of any registry object: upload (stored under the data directory, dialect detected,
// mapping suggested), preview (the first 100 rows checked exactly as the import will), start (a
// durable job sent in the same transaction), and the job itself, which streams the file and writes
// it in batches — each batch and the import's progress in one transaction, so a restarted job
// resumes after the last committed batch.
import { createWriteStream, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ImportJob, ImportPreview, ImportUpload, importOptions } from '@kith/common/api/imports';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { analyzeAfterBulkChange, holdMaintenance } from '../../db/maintenance.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { loadUser, toPrincipal } from '../../platform/auth/principal.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { eventsChannel } from '../../platform/events.ts';
import { declareQueue, type JobInfo, type Jobs } from '../../platform/jobs.ts';
import { assertCan, permissionFor } from '../../platform/permissions.ts';
import { isUuid } from '../../platform/registry/fields.ts';
import type { Registry, ResolvedObject } from '../../platform/registry/registry.ts';
import type { UnknownValues } from './import-cells.ts';
import {
  type CsvDelimiter,
  type CsvEncoding,
  decode,
  detectDelimiter,
  detectEncoding,
  headerKey,
  isCsvError,
  maxColumns,
  type readHead,
  uniqueHeaders,
} from './import-csv.ts';
import { type Mapping, rememberable, resolveMapping, suggestMapping } from './import-mapping.ts';
import type { ReadBatch } from './import-parse.ts';
import { readHeadInWorker, readInWorker } from './import-pool.ts';
import { type DuplicateMode, type InputRow, makePlan, processRows } from './import-rows.ts';

export const importQueue = 'import.run';
/** Deletes uploads that were never started, and files that no import holds. */
export const expireQueue = 'import.expire';
declareQueue(expireQueue, { retryLimit: 3, retryDelay: 60, retryBackoff: true });
/** An upload not started within this time is deleted, file and all. */
export const uploadTtlMs = 24 * 3600 * 1000;
/** A batch is written once it holds this many rows or this many characters, whichever comes first. */
const batchChars = 4_000_000;
/** The progress notice (NOTIFY) of a running import goes out at most this often. */
const progressNotifyMs = 250;
/** Matches the retry limit of the 'import.run' queue in platform/jobs.ts. */
const retryLimit = 8;
export const maxStoredErrors = 10_000;
export const previewRows = 100;

/** Knobs for tests: the batch size, and a fault injected inside a batch's transaction. */
export const importTuning: { batchSize: number; fault?: (batchNo: number) => void } = { batchSize: 1000 };

export interface ImportSettings {
  dataDir: string;
  maxBytes?: number;
  /** What one user's stored uploads (not yet imported) may take in all. */
  maxUserBytes?: number;
}

export const defaultMaxUserBytes = 500 * 1024 * 1024;

export interface ImportRow {
  id: string;
  object_type: string;
  file_name: string;
  file_size: number;
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
  headers: string[];
  row_count_estimate: number;
  status: 'uploaded' | 'queued' | 'running' | 'done' | 'failed';
  mapping: Mapping | null;
  duplicate_mode: DuplicateMode | null;
  create_missing: boolean;
  options: { unknownValues?: UnknownValues };
  warning_count: number;
  total_rows: number | null;
  processed_rows: number;
  created_count: number;
  updated_count: number;
  skipped_count: number;
  failed_count: number;
  error: string | null;
  created_by: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export const importDir = (s: ImportSettings) => join(s.dataDir, 'imports');
export const importPath = (s: ImportSettings, id: string) => join(importDir(s), `${id}.csv`);

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

type RowMessages = Array<{ row: number; errors: Record<string, string> }>;

export function importJson(r: ImportRow, errors: RowMessages = [], warnings: RowMessages = []): ImportJob {
  return {
    id: r.id,
    objectType: r.object_type,
    fileName: r.file_name,
    fileSize: Number(r.file_size),
    encoding: r.encoding,
    delimiter: r.delimiter,
    headers: r.headers,
    status: r.status,
    mapping: r.mapping,
    duplicateMode: r.duplicate_mode,
    createMissingCompanies: r.create_missing,
    unknownValues: r.options?.unknownValues ?? 'empty',
    progress: { processed: r.processed_rows, total: r.total_rows ?? Math.max(r.row_count_estimate, r.processed_rows) },
    counts: {
      created: r.created_count,
      updated: r.updated_count,
      skipped: r.skipped_count,
      failed: r.failed_count,
      warned: r.warning_count ?? 0,
    },
    errors,
    warnings,
    error: r.error,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
  };
}

function objectByName(ctx: Ctx, name: unknown): ResolvedObject {
  const obj = typeof name === 'string' ? (ctx.registry.get(name) ?? ctx.registry.byPlural(name)) : undefined;
  if (!obj)
    throw invalid(
      `objectType: name an object type (${ctx.registry
        .all()
        .map((o) => o.name)
        .join(', ')})`,
      { objectType: 'unknown object type' },
    );
  return obj;
}

/** Counts bytes and line feeds, checks UTF-8 and keeps the first bytes, as the upload streams to disk. */
class UploadProbe {
  bytes = 0;
  lines = 0;
  validUtf8 = true;
  lastByte = -1;
  head: Buffer[] = [];
  headBytes = 0;
  private utf8 = new TextDecoder('utf-8', { fatal: true });
  constructor(private readonly headLimit = 64 * 1024) {}
  take(chunk: Buffer) {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    if (chunk.length) this.lastByte = chunk[chunk.length - 1];
    if (this.headBytes < this.headLimit) {
      this.head.push(chunk.subarray(0, this.headLimit - this.headBytes));
      this.headBytes += Math.min(chunk.length, this.headLimit - this.headBytes);
    }
    if (this.validUtf8) {
      try {
        this.utf8.decode(chunk, { stream: true });
      } catch {
        this.validUtf8 = false;
      }
    }
  }
  finish() {
    if (this.validUtf8) {
      try {
        this.utf8.decode();
      } catch {
        this.validUtf8 = false;
      }
    }
  }
}

export interface UploadInput {
  fileName: string;
  file: Readable;
  /** The object type, when the client sent it before the file. */
  objectType?: string;
}

/**
 * Whether the principal may upload at all: the object's create right when the client named it
 * first, else the right to create some object (a read-only user may create none). Checked before
 * a byte is stored.
 */
function assertMayUpload(ctx: Ctx, objectType: string | undefined) {
  if (objectType !== undefined) {
    const obj = objectByName(ctx, objectType);
    assertCan(ctx.principal, obj.name, 'create', obj.label);
    return;
  }
  if (!ctx.registry.all().some((o) => permissionFor(ctx.principal, o.name).create))
    throw forbidden(`Your role (${ctx.principal.role.name}) may not import records`);
}

/** Bytes of the principal's uploads still on disk (uploaded, or being imported). */
async function storedBytes(ctx: Ctx): Promise<number> {
  const [row] = await ctx.db.query<{ bytes: string | number | null }>(sql`
    SELECT sum(file_size) AS bytes FROM imports
    WHERE created_by = ${ctx.principal.userId}::uuid AND status IN ('uploaded', 'queued', 'running')`);
  return Number(row?.bytes ?? 0);
}

const megabytes = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;

const quotaError = (limit: number) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `file: your uploads waiting to be imported may take ${megabytes(limit)} in all; start or delete them first (unstarted uploads are deleted after 24 hours)`,
    { fields: { file: `over the ${megabytes(limit)} per user` } },
  );

/** A stream of the upload that fails once it passes what the user may still store. */
function capped(room: number, limit: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > room) done(quotaError(limit));
      else done(null, chunk);
    },
  });
}

/** Streams an upload to disk; the caller names the object type (it may come after the file). */
export async function receiveUpload(ctx: Ctx, settings: ImportSettings, input: UploadInput) {
  assertMayUpload(ctx, input.objectType);
  const limit = settings.maxUserBytes ?? defaultMaxUserBytes;
  const room = limit - (await storedBytes(ctx));
  if (room <= 0) {
    input.file.resume(); // drain the part, so the request ends normally
    throw quotaError(limit);
  }
  const id = uuidv7();
  mkdirSync(importDir(settings), { recursive: true });
  const path = importPath(settings, id);
  const probe = new UploadProbe();
  let sourceError: Error | undefined;
  input.file.on('error', (err: Error) => {
    sourceError = err;
  });
  input.file.on('data', (chunk: Buffer) => probe.take(chunk));
  try {
    await pipeline(input.file, capped(room, limit), createWriteStream(path));
  } catch (err) {
    rmSync(path, { force: true });
    // Ours (the per-user cap) and the multipart plugin's own (the file size limit) say what they mean.
    if (err instanceof AppError || (err as { statusCode?: number }).statusCode) throw err;
    // The client's body broke off or was malformed: its fault, not ours (a full disk stays a 500).
    if (sourceError || !(err as NodeJS.ErrnoException).syscall)
      throw invalid('file: the upload was cut short or is not valid multipart/form-data; send it again', {
        file: 'incomplete upload',
      });
    throw err;
  }
  probe.finish();
  if ((input.file as Readable & { truncated?: boolean }).truncated) {
    rmSync(path, { force: true });
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `file: larger than the limit of ${Math.round((settings.maxBytes ?? 0) / 1e6)} MB`,
    );
  }
  // Control characters (NUL above all, which PostgreSQL text refuses) have no place in a file name.
  const fileName = input.fileName.replace(/\p{Cc}/gu, '').slice(0, 255) || 'upload.csv';
  return { id, path, probe, fileName };
}

/**
 * A header cell that is a value, not a column name: an email address, or a number, date or phone
 * number (digits and their punctuation only). A file that starts with its data has no header.
 */
const looksLikeData = (h: string) => {
  const s = h.trim();
  return /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i.test(s) || (/\d/.test(s) && /^[-+\d\s.,/:()']+$/.test(s));
};

/** Reads the stored upload's header and first rows, records the import, suggests a mapping. */
export async function registerUpload(
  ctx: Ctx,
  up: Awaited<ReturnType<typeof receiveUpload>>,
  objectType: unknown,
): Promise<ImportUpload> {
  try {
    const obj = objectByName(ctx, objectType);
    assertCan(ctx.principal, obj.name, 'create', obj.label);
    if (up.probe.bytes === 0) throw invalid('file: is empty', { file: 'empty' });
    const headBytes = Buffer.concat(up.probe.head);
    const encoding = detectEncoding(headBytes, up.probe.validUtf8);
    const sample = decode(headBytes, encoding);
    if (encoding !== 'utf-16le' && sample.includes('\u0000'))
      throw invalid('file: is not a text file (CSV)', { file: 'binary' });
    const delimiter = detectDelimiter(sample, up.probe.bytes <= headBytes.length);
    let head: Awaited<ReturnType<typeof readHead>>;
    try {
      head = await readHeadInWorker(up.path, { encoding, delimiter }, 20);
    } catch (err) {
      if (isCsvError(err)) throw invalid(`file: is not valid CSV (${err.message})`, { file: 'not CSV' });
      throw err;
    }
    if (!head.header || head.header.every((h) => h.trim() === ''))
      throw invalid('file: has no header row', { file: 'no header' });
    const data = head.header.find(looksLikeData);
    if (data !== undefined)
      throw invalid(
        `file: has no header row: its first row holds data ("${data.trim().slice(0, 50)}"), not column names. Add a first row that names the columns (First name, Email…)`,
        { file: 'no header' },
      );
    if (head.header.length > maxColumns)
      throw invalid(`file: has ${head.header.length} columns; at most ${maxColumns}`, { file: 'too many columns' });
    const headers = uniqueHeaders(head.header);
    const estimate = Math.max(0, up.probe.lines + (up.probe.lastByte === 10 ? 0 : 1) - 1);
    const [remembered] = await ctx.db.query<{ mapping: Mapping }>(sql`
      SELECT mapping FROM import_mappings WHERE object_type = ${obj.name} AND header_key = ${headerKey(headers)}`);
    const suggestedMapping = suggestMapping(obj, headers, remembered?.mapping ?? null);
    await ctx.db.query(sql`
      INSERT INTO imports (id, object_type, file_name, file_size, encoding, delimiter, headers, row_count_estimate, status, created_by, ip, user_agent, created_at, updated_at)
      VALUES (${up.id}, ${obj.name}, ${up.fileName}, ${up.probe.bytes}, ${encoding}, ${delimiter}, ${JSON.stringify(headers)}::jsonb,
              ${estimate}, 'uploaded', ${ctx.principal.userId}, ${ctx.ip ?? null}, ${ctx.userAgent?.slice(0, 500) ?? null}, ${ctx.now()}, ${ctx.now()})`);
    // If it is never started, the sweep after its time deletes it.
    await ctx.jobs.send(expireQueue, {}, { startAfter: new Date(ctx.now().getTime() + uploadTtlMs + 60_000) });
    const width = headers.length;
    return {
      id: up.id,
      objectType: obj.name,
      fileName: up.fileName,
      encoding,
      delimiter,
      headers,
      sampleRows: head.rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? '')),
      suggestedMapping,
      rememberedMapping: Boolean(remembered),
      rowCountEstimate: estimate,
    };
  } catch (err) {
    rmSync(up.path, { force: true });
    throw err;
  }
}

async function loadImport(
  ctx: Pick<Ctx, 'db' | 'principal'>,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ImportRow> {
  if (!isUuid(id)) throw notFound('Import');
  const [row] = await ctx.db.query<ImportRow>(
    sql`SELECT * FROM imports WHERE id = ${id}::uuid${opts.lock ? sql` FOR UPDATE` : sql.empty}`,
  );
  // Someone else's import reads as absent, except to admins.
  if (
    !row ||
    (!ctx.principal.role.isAdmin && ctx.principal.kind !== 'system' && row.created_by !== ctx.principal.userId)
  )
    throw notFound('Import');
  return row;
}

type ImportOptions = z.output<typeof importOptions>;

function checkOptions(ctx: Ctx, imp: ImportRow, opts: ImportOptions) {
  const obj = objectByName(ctx, imp.object_type);
  assertCan(ctx.principal, obj.name, 'create', obj.label);
  if (opts.duplicateMode === 'update') assertCan(ctx.principal, obj.name, 'update', obj.label);
  const targets = resolveMapping(obj, imp.headers, opts.mapping);
  return {
    obj,
    plan: makePlan(obj, targets, opts.duplicateMode, opts.createMissingCompanies ?? false, opts.unknownValues),
  };
}

/** The first rows checked exactly as the import will check them; nothing is written. */
export async function previewImport(
  ctx: Ctx,
  settings: ImportSettings,
  id: string,
  opts: ImportOptions,
): Promise<ImportPreview> {
  const imp = await loadImport(ctx, id);
  if (imp.status !== 'uploaded') throw new AppError('CONFLICT', `This import is already ${imp.status}`);
  const { plan } = checkOptions(ctx, imp, opts);
  let head: Awaited<ReturnType<typeof readHead>>;
  try {
    head = await readHeadInWorker(
      importPath(settings, imp.id),
      { encoding: imp.encoding, delimiter: imp.delimiter },
      previewRows,
    );
  } catch (err) {
    if (isCsvError(err)) throw invalid(`file: is not valid CSV (${err.message})`, { file: 'not CSV' });
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new AppError('CONFLICT', 'The uploaded file is gone: upload it again');
    throw err;
  }
  const rows: InputRow[] = head.rows.map((cells, i) => ({ row: i + 2, cells }));
  return { rows: await processRows(ctx, plan, rows, { dryRun: true }) };
}

/** Saves the mapping for next time, queues the import (the job is sent in the same transaction). */
export async function startImport(ctx: Ctx, id: string, opts: ImportOptions): Promise<ImportJob> {
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const imp = await loadImport(c, id, { lock: true });
    if (imp.status !== 'uploaded') throw new AppError('CONFLICT', `This import is already ${imp.status}`);
    const { obj } = checkOptions(c, imp, opts);
    const mapping = Object.fromEntries(imp.headers.map((h) => [h, opts.mapping[h] || null]));
    await tx.query(sql`
      INSERT INTO import_mappings (id, object_type, header_key, mapping, updated_at)
      VALUES (${uuidv7()}, ${obj.name}, ${headerKey(imp.headers)}, ${JSON.stringify(rememberable(mapping))}::jsonb, ${ctx.now()})
      ON CONFLICT (object_type, header_key) DO UPDATE SET mapping = EXCLUDED.mapping, updated_at = EXCLUDED.updated_at`);
    const [row] = await tx.query<ImportRow>(sql`
      UPDATE imports SET status = 'queued', mapping = ${JSON.stringify(mapping)}::jsonb, duplicate_mode = ${opts.duplicateMode},
        create_missing = ${opts.createMissingCompanies ?? false}, options = ${JSON.stringify({ unknownValues: opts.unknownValues ?? 'empty' })}::jsonb, ip = ${ctx.ip ?? null}, user_agent = ${ctx.userAgent?.slice(0, 500) ?? null}, updated_at = ${ctx.now()}
      WHERE id = ${imp.id}::uuid RETURNING *`);
    await recordAudit(c, {
      action: 'import',
      objectType: obj.name,
      changes: {
        importId: imp.id,
        fileName: imp.file_name,
        duplicateMode: opts.duplicateMode,
        createMissingCompanies: opts.createMissingCompanies ?? false,
        unknownValues: opts.unknownValues ?? 'empty',
        mapping,
      },
    });
    await ctx.jobs.send(importQueue, { importId: imp.id }, { tx });
    return importJson(row);
  });
}

/** Deletes an upload that was not started: its file and its row (an import under way or over stays). */
export async function deleteUpload(ctx: Ctx, settings: ImportSettings, id: string) {
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const imp = await loadImport(c, id, { lock: true });
    if (imp.status !== 'uploaded')
      throw new AppError(
        'CONFLICT',
        `This import is already ${imp.status}: only an upload not yet started can be deleted`,
      );
    await tx.query(sql`DELETE FROM imports WHERE id = ${imp.id}::uuid`);
    await recordAudit(c, {
      action: 'import.delete',
      objectType: imp.object_type,
      changes: { importId: imp.id, fileName: imp.file_name, fileSize: Number(imp.file_size) },
    });
  });
  rmSync(importPath(settings, id), { force: true });
}

export async function getImport(ctx: Ctx, id: string): Promise<ImportJob> {
  const imp = await loadImport(ctx, id);
  const first = (kind: 'error' | 'warning') =>
    ctx.db.query<{ row_number: number; errors: Record<string, string> }>(sql`
      SELECT row_number, errors FROM import_errors WHERE import_id = ${imp.id}::uuid AND kind = ${kind}
      ORDER BY row_number LIMIT 100`);
  const rows = (list: Array<{ row_number: number; errors: Record<string, string> }>) =>
    list.map((e) => ({ row: e.row_number, errors: e.errors }));
  return importJson(imp, rows(await first('error')), rows(await first('warning')));
}

export async function listImports(ctx: Ctx, limit = 50): Promise<{ data: ImportJob[] }> {
  const mine = ctx.principal.role.isAdmin ? sql.empty : sql`WHERE created_by = ${ctx.principal.userId}::uuid`;
  const rows = await ctx.db.query<ImportRow>(
    sql`SELECT * FROM imports ${mine} ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
  );
  return { data: rows.map((r) => importJson(r)) };
}

/** The refused rows as CSV records: the file's header plus a reason column, then each row. */
export async function* errorRecords(ctx: Ctx, id: string): AsyncGenerator<string[]> {
  const imp = await loadImport(ctx, id);
  yield [...imp.headers, 'Row', 'Error'];
  let after = 0;
  for (;;) {
    const page = await ctx.db.query<{ row_number: number; errors: Record<string, string>; cells: string[] }>(sql`
      SELECT row_number, errors, cells FROM import_errors WHERE import_id = ${imp.id}::uuid AND kind = 'error' AND row_number > ${after}
      ORDER BY row_number LIMIT 1000`);
    for (const e of page) {
      const cells = Array.from({ length: imp.headers.length }, (_, i) => e.cells[i] ?? '');
      yield [
        ...cells,
        String(e.row_number),
        Object.entries(e.errors)
          .map(([k, m]) => `${k}: ${m}`)
          .join('; '),
      ];
    }
    if (page.length < 1000) return;
    after = page[page.length - 1].row_number;
  }
}

export async function importFileName(ctx: Ctx, id: string) {
  return (await loadImport(ctx, id)).file_name;
}

// ---- the job ----

export interface ImportWorkerDeps {
  db: Db;
  registry: Registry;
  jobs: Jobs;
  settings: ImportSettings;
  now: () => Date;
  log: Ctx['log'];
}

class Superseded extends Error {}

const notifyProgress = (ctx: Pick<Ctx, 'db'>, imp: { id: string; object_type: string }) =>
  ctx.db.query(
    sql`SELECT pg_notify(${eventsChannel}, ${JSON.stringify({ type: 'import.progress', importId: imp.id, objectType: imp.object_type })})`,
  );

async function finish(
  deps: ImportWorkerDeps,
  id: string,
  status: 'done' | 'failed',
  error: string | null,
  total?: number,
) {
  await deps.db.transaction(async (tx) => {
    await tx.query(sql`UPDATE imports SET status = ${status}, error = ${error}, finished_at = ${deps.now()}, updated_at = ${deps.now()},
      total_rows = COALESCE(${total ?? null}::int, total_rows) WHERE id = ${id}::uuid`);
    await notifyProgress({ db: tx }, { id, object_type: '' });
  });
  rmSync(importPath(deps.settings, id), { force: true });
}

/** The tables an import writes: its object's, and those of the records it may create for relations. */
function importedTables(registry: Registry, objectType: string): string[] {
  const obj = registry.get(objectType);
  if (!obj) return [];
  const related = [...obj.fields.values()].map((f) =>
    f.type === 'relation' ? registry.get(f.relation ?? '')?.table : undefined,
  );
  return [obj.table, ...related.filter((t): t is string => t !== undefined)];
}

/** Runs (or resumes) one import: streams the file, skips the rows already committed, writes the rest in batches. */
export async function runImport(
  deps: ImportWorkerDeps,
  importId: string,
  job: JobInfo = { id: 'direct', retryCount: 0 },
): Promise<void> {
  const [imp] = await deps.db.query<ImportRow>(sql`SELECT * FROM imports WHERE id = ${importId}::uuid`);
  if (!imp || imp.status === 'done' || imp.status === 'failed' || imp.status === 'uploaded') return;
  const user = imp.created_by ? await loadUser(deps.db, imp.created_by) : null;
  if (!user) return finish(deps, imp.id, 'failed', 'The user who started this import is no longer active');
  const ctx: Ctx = {
    db: deps.db,
    principal: toPrincipal(user),
    registry: deps.registry,
    jobs: deps.jobs,
    now: deps.now,
    log: deps.log,
    ip: imp.ip ?? undefined,
    userAgent: imp.user_agent ?? undefined,
  };
  let plan: ReturnType<typeof checkOptions>['plan'];
  try {
    plan = checkOptions(ctx, imp, {
      mapping: imp.mapping ?? {},
      duplicateMode: imp.duplicate_mode ?? 'skip',
      createMissingCompanies: imp.create_missing,
      unknownValues: imp.options?.unknownValues ?? 'empty',
    }).plan;
  } catch (err) {
    return finish(deps, imp.id, 'failed', err instanceof AppError ? err.message : 'The import could not start');
  }
  await deps.db.query(
    sql`UPDATE imports SET status = 'running', error = NULL, started_at = COALESCE(started_at, ${deps.now()}), updated_at = ${deps.now()} WHERE id = ${imp.id}::uuid`,
  );

  let offset = imp.processed_rows;
  let batchNo = 0;
  let notified = 0;
  const commit = async (batch: ReadBatch) => {
    batchNo++;
    await deps.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      const [cur] = await tx.query<{ processed_rows: number; failed_count: number; warning_count: number }>(
        sql`SELECT processed_rows, failed_count, warning_count FROM imports WHERE id = ${imp.id}::uuid FOR UPDATE`,
      );
      // Another run got further (a job retried while this one still ran): leave it to that one.
      if (!cur || cur.processed_rows !== offset) throw new Superseded();
      // A batch commits all or nothing, its progress with it, so a resumed job starts after the
      // last batch that is there. Not waiting for the commit to reach the disk is therefore safe:
      // a crash can lose only the last few batches, and their progress with them; the retried job
      // writes them again. (PostgreSQL flushes them with the next ordinary commit, which at the
      // latest is the import's end.)
      await tx.query(sql`SET LOCAL synchronous_commit = off`);
      const results = await processRows(c, plan, batch.rows, { dryRun: false, importId: imp.id, parsed: batch.parsed });
      const counts = { create: 0, update: 0, skip: 0, error: 0 };
      for (const r of results) counts[r.status]++;
      // Refused rows, and written rows with a warning, up to maxStoredErrors of them in all.
      const room = Math.max(0, maxStoredErrors - cur.failed_count - cur.warning_count);
      const warned = results.filter((r) => r.status !== 'error' && r.warnings);
      const kept = [...results.filter((r) => r.status === 'error'), ...warned].slice(0, room).map((r) => ({
        row: r.row,
        kind: r.status === 'error' ? 'error' : 'warning',
        errors: r.status === 'error' ? r.errors : r.warnings,
      }));
      if (kept.length) {
        const cellsOf = new Map(batch.rows.map((b) => [b.row, b.cells]));
        await tx.query(sql`
          INSERT INTO import_errors (import_id, row_number, kind, errors, cells)
          SELECT ${imp.id}::uuid, u.row_number, u.kind, u.errors::jsonb, u.cells::jsonb
          FROM unnest(${kept.map((r) => r.row)}::int[], ${kept.map((r) => r.kind)}::text[], ${kept.map((r) => JSON.stringify(r.errors))}::text[], ${kept.map((r) => JSON.stringify(cellsOf.get(r.row) ?? []))}::text[])
            AS u(row_number, kind, errors, cells)`);
      }
      importTuning.fault?.(batchNo);
      await tx.query(sql`
        UPDATE imports SET processed_rows = processed_rows + ${batch.rows.length}, created_count = created_count + ${counts.create},
          updated_count = updated_count + ${counts.update}, skipped_count = skipped_count + ${counts.skip},
          failed_count = failed_count + ${counts.error}, warning_count = warning_count + ${warned.length}, updated_at = ${deps.now()}
        WHERE id = ${imp.id}::uuid`);
      // Live progress for the import page, a few times a second at most (it reads the row anyway).
      if (Date.now() - notified >= progressNotifyMs) {
        notified = Date.now();
        await notifyProgress(c, imp);
      }
    });
    offset += batch.rows.length;
  };

  // The worker reads and parses the next batches while this one is written.
  const batches = readInWorker({
    kind: 'read',
    path: importPath(deps.settings, imp.id),
    dialect: { encoding: imp.encoding, delimiter: imp.delimiter },
    skip: offset,
    targets: plan.cells,
    opts: { unknownValues: plan.unknownValues },
    batchRows: importTuning.batchSize,
    batchChars,
  });
  // No maintenance pass of the embedded database between the batches (a VACUUM of the table being
  // written would hold its one connection); the tables are analysed once the import is done.
  const release = holdMaintenance(deps.db);
  let total: number | undefined;
  try {
    for await (const batch of batches) {
      if (batch.error) {
        // The file itself is the problem: retrying will not help. What was committed stays.
        if (batch.rows.length) {
          try {
            await commit(batch);
          } catch {}
        }
        return await finish(
          deps,
          imp.id,
          'failed',
          `The file is not valid CSV after row ${offset + 1}: ${batch.error.message}`,
        );
      }
      if (batch.rows.length) await commit(batch);
      if (batch.done) {
        total = batch.seen;
        break;
      }
    }
    // Never without a last batch; should the reader end early all the same, the job retries.
    if (total === undefined) throw new Error('The file was not read to its end');
    await finish(deps, imp.id, 'done', null, total);
    // Thousands of new rows: plan the next lists on the new counts (the embedded database has no autovacuum).
    await analyzeAfterBulkChange(deps.db, importedTables(deps.registry, imp.object_type)).catch((err) =>
      deps.log.warn({ err }, 'ANALYZE after the import failed'),
    );
  } catch (err) {
    if (err instanceof Superseded) return;
    if (isCsvError(err) || (err as NodeJS.ErrnoException).code === 'ENOENT') {
      const why = isCsvError(err)
        ? `The file is not valid CSV after row ${offset + 1}: ${err.message}`
        : 'The uploaded file is gone';
      return finish(deps, imp.id, 'failed', why);
    }
    const message = err instanceof Error ? err.message : String(err);
    if (job.retryCount >= retryLimit)
      return finish(deps, imp.id, 'failed', `Stopped after ${retryLimit + 1} attempts: ${message}`);
    await deps.db.query(
      sql`UPDATE imports SET error = ${`Attempt ${job.retryCount + 1} failed (will retry): ${message}`}, updated_at = ${deps.now()} WHERE id = ${imp.id}::uuid`,
    );
    deps.log.warn({ err, importId: imp.id }, 'import batch failed; the job will retry');
    throw err;
  } finally {
    batches.close();
    release();
  }
}

/**
 * Deletes uploads never started within uploadTtlMs (row and file), and files in the import
 * directory that no upload or running import holds (left by a crash between storing and
 * recording). Returns how many uploads and stray files went.
 */
export async function expireUploads(deps: Pick<ImportWorkerDeps, 'db' | 'settings' | 'now' | 'log'>) {
  const cutoff = new Date(deps.now().getTime() - uploadTtlMs);
  const gone = await deps.db.query<{ id: string }>(
    sql`DELETE FROM imports WHERE status = 'uploaded' AND created_at < ${cutoff} RETURNING id`,
  );
  for (const g of gone) rmSync(importPath(deps.settings, g.id), { force: true });
  let stray = 0;
  let files: string[] = [];
  try {
    files = readdirSync(importDir(deps.settings));
  } catch {}
  const live = new Set(
    (
      await deps.db.query<{ id: string }>(sql`SELECT id FROM imports WHERE status IN ('uploaded', 'queued', 'running')`)
    ).map((r) => `${r.id}.csv`),
  );
  // A file younger than an hour may belong to an upload still being received.
  const young = deps.now().getTime() - 3600_000;
  for (const f of files) {
    if (live.has(f)) continue;
    const path = join(importDir(deps.settings), f);
    try {
      if (statSync(path).mtimeMs > young) continue;
      rmSync(path, { force: true });
      stray++;
    } catch {}
  }
  if (gone.length || stray) deps.log.info({ uploads: gone.length, stray }, 'expired import uploads');
  return { uploads: gone.length, stray };
}

/** Registers the import workers (a no-op in processes that run no workers), and sweeps once at start. */
export async function registerImportWorker(deps: ImportWorkerDeps): Promise<void> {
  // Polled twice a second (pg-boss's shortest interval): a started import waits for its job up to that long.
  await deps.jobs.work<{ importId: string }>(importQueue, (data, job) => runImport(deps, data.importId, job), {
    pollingIntervalSeconds: 0.5,
  });
  await deps.jobs.work(expireQueue, async () => {
    await expireUploads(deps);
  });
  await deps.jobs.send(expireQueue, {}, { singletonKey: 'import.expire.start' });
}
