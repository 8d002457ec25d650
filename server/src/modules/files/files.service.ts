// Files on any record: who may see and change them is who may see and update the record
// (decision 017). Bytes are received, sniffed and stored before the rows are written, and removed
// again if the write fails: no row without bytes, no bytes without a row.
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import {
  type FileDetail,
  type FileItem,
  type FilesQuery,
  type FileVersion,
  fileUploadFields,
} from '@kith/common/api/files';
import { uuidv7 } from 'uuidv7';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertCan } from '../../platform/permissions.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { isUuid } from '../../platform/registry/fields.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { contentHeaders, parseRange, sanitizeFileName } from './file-headers.ts';
import { disguiseProblem, kindWords, previewOf, sniffFile } from './file-sniff.ts';
import type { FileStorage } from './file-storage.ts';
import { type ReadUpload, readUploadForm, type UploadForm } from './upload-form.ts';

export interface FilesDeps {
  storage: FileStorage;
  dataDir: string;
  maxBytes: number;
}

/** A merged record's files move to the one kept (a hook on every object). */
export const filesHooks: ObjectHooks = {
  async merge(ctx, { keptId, mergedId }) {
    await ctx.db.query(sql`UPDATE files SET record_id = ${keptId}::uuid WHERE record_id = ${mergedId}::uuid`);
  },
};

// ——— rows and their JSON ———

interface FileRow {
  id: string;
  object_type: string;
  record_id: string;
  latest_version: number;
  created_at: Date;
  updated_at: Date;
  name: string;
  content_type: string;
  size: number | string;
  sha256: string;
  storage_key: string;
  uploaded_by: string | null;
  uploader_name: string | null;
}

type VersionRow = Pick<
  FileRow,
  'name' | 'content_type' | 'size' | 'sha256' | 'storage_key' | 'uploaded_by' | 'uploader_name' | 'created_at'
> & { version: number };

const iso = (d: Date | string) => new Date(d).toISOString();
const uploader = (r: { uploaded_by: string | null; uploader_name: string | null }) =>
  r.uploaded_by ? { id: r.uploaded_by, title: r.uploader_name } : null;

const fileJson = (r: FileRow): FileItem => ({
  id: r.id,
  object: r.object_type,
  recordId: r.record_id,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  preview: previewOf(r.content_type),
  version: r.latest_version,
  uploadedBy: uploader(r),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const versionJson = (v: VersionRow): FileVersion => ({
  version: v.version,
  name: v.name,
  contentType: v.content_type,
  size: Number(v.size),
  preview: previewOf(v.content_type),
  sha256: v.sha256,
  uploadedBy: uploader(v),
  createdAt: iso(v.created_at),
});

/** A file with its latest version, who uploaded that, and the version's storage key. */
const selectFiles = sql`
  SELECT f.id, f.object_type, f.record_id, f.latest_version, f.created_at, f.updated_at,
         v.name, v.content_type, v.size, v.sha256, v.storage_key, v.uploaded_by, u.name AS uploader_name
  FROM files f
  JOIN file_versions v ON v.file_id = f.id AND v.version = f.latest_version
  LEFT JOIN users u ON u.id = v.uploaded_by`;

// ——— permissions: the record's ———

function objectNamed(ctx: Ctx, name: string): ResolvedObject {
  const obj = ctx.registry.get(name) ?? ctx.registry.byPlural(name);
  if (!obj) throw notFound(`Object type ${name}`);
  return obj;
}

/** The record, if the principal may read it: one they may not read is as absent as a missing one. */
async function readableRecord(ctx: Ctx, obj: ResolvedObject, recordId: string, what = obj.label) {
  try {
    return await getRecord(ctx, obj.name, recordId);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'NOT_FOUND')) throw notFound(what);
    throw err;
  }
}

/** Changing a record's files needs the right to update the record, and the record out of the bin. */
async function assertWritable(ctx: Ctx, obj: ResolvedObject, recordId: string, what = obj.label): Promise<void> {
  const record = await readableRecord(ctx, obj, recordId, what);
  assertCan(ctx.principal, obj.name, 'update', obj.label);
  if (record.deletedAt) throw conflict(`This ${obj.label.toLowerCase()} is in the bin: restore it to change its files`);
}

/** A live file the principal may read (through its record), else NOT_FOUND. */
async function readableFile(ctx: Ctx, id: string): Promise<FileRow> {
  if (!isUuid(id)) throw notFound('File');
  const [row] = await ctx.db.query<FileRow>(sql`${selectFiles} WHERE f.id = ${id}::uuid AND f.deleted_at IS NULL`);
  if (!row) throw notFound('File');
  const obj = ctx.registry.get(row.object_type);
  if (!obj) throw notFound('File');
  await readableRecord(ctx, obj, row.record_id, 'File');
  return row;
}

// ——— reads ———

const encodeCursor = (r: FileRow) => Buffer.from(JSON.stringify([iso(r.created_at), r.id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && !Number.isNaN(Date.parse(v[0])) && isUuid(v[1])) return [v[0], v[1]];
  } catch {}
  throw invalid('cursor: is not a cursor this list gave', { cursor: 'is not valid' });
}

/** A record's files, newest first, a page at a time. */
export async function listFiles(
  ctx: Ctx,
  q: Required<Pick<FilesQuery, 'object' | 'recordId'>> & { limit: number; cursor?: string },
): Promise<{ data: FileItem[]; nextCursor: string | null }> {
  const obj = objectNamed(ctx, q.object);
  await readableRecord(ctx, obj, q.recordId);
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await ctx.db.query<FileRow>(sql`${selectFiles}
    WHERE f.object_type = ${obj.name} AND f.record_id = ${q.recordId}::uuid AND f.deleted_at IS NULL
      ${after ? sql`AND (f.created_at, f.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql.empty}
    ORDER BY f.created_at DESC, f.id DESC LIMIT ${q.limit + 1}`);
  const page = rows.slice(0, q.limit);
  return { data: page.map(fileJson), nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null };
}

async function versionsOf(ctx: Ctx, fileId: string): Promise<VersionRow[]> {
  return ctx.db.query<VersionRow>(sql`
    SELECT v.version, v.name, v.content_type, v.size, v.sha256, v.storage_key, v.uploaded_by, v.created_at,
           u.name AS uploader_name
    FROM file_versions v LEFT JOIN users u ON u.id = v.uploaded_by
    WHERE v.file_id = ${fileId}::uuid ORDER BY v.version DESC`);
}

/** A file with every version, newest first. */
export async function getFile(ctx: Ctx, id: string): Promise<FileDetail> {
  const row = await readableFile(ctx, id);
  return { ...fileJson(row), versions: (await versionsOf(ctx, row.id)).map(versionJson) };
}

export interface FileContent {
  status: 200 | 206 | 304 | 416;
  headers: Record<string, string>;
  /** Absent for 304, 416 and HEAD. */
  body: Readable | null;
}

/** A version's bytes (the latest by default) with the headers they must leave with. */
export async function fileContent(
  ctx: Ctx,
  deps: FilesDeps,
  id: string,
  opts: { version?: number; inline?: boolean; range?: string; ifNoneMatch?: string; head?: boolean },
): Promise<FileContent> {
  const row = await readableFile(ctx, id);
  const [v] = await ctx.db.query<VersionRow>(sql`
    SELECT version, name, content_type, size, sha256, storage_key, uploaded_by, created_at, NULL AS uploader_name
    FROM file_versions WHERE file_id = ${row.id}::uuid AND version = ${opts.version ?? row.latest_version}`);
  if (!v) throw notFound(`Version ${opts.version} of this file`);
  const size = Number(v.size);
  const headers: Record<string, string> = contentHeaders(
    { name: v.name, contentType: v.content_type, sha256: v.sha256 },
    opts.inline ?? false,
  );
  if (opts.ifNoneMatch?.split(',').some((tag) => tag.trim() === headers.etag))
    return { status: 304, headers, body: null };
  const range = parseRange(opts.range, size);
  if (range === 'unsatisfiable')
    return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, body: null };
  if (range) {
    headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
    headers['content-length'] = String(range.end - range.start + 1);
  } else headers['content-length'] = String(size);
  const body = opts.head || size === 0 ? null : await deps.storage.get(v.storage_key, range ?? undefined);
  return { status: range ? 206 : 200, headers, body };
}

// ——— writes ———

/** Sniffs the received bytes, refuses a disguise, and stores them under a new key: the version's. */
async function storeUpload(deps: FilesDeps, up: ReadUpload, kinds?: readonly string[]) {
  if (up.size === 0) throw invalid('file: is empty', { file: 'is empty' });
  const name = sanitizeFileName(up.fileName);
  const sniffed = await sniffFile(up.path, up.head, name);
  const problem = disguiseProblem(sniffed.kind, up.declaredType, name);
  if (problem) throw invalid(`file: refused, ${problem}`, { file: problem });
  // An entry that takes only some kinds (receipts: images or PDF), told by the bytes, not the name.
  if (kinds && !kinds.includes(sniffed.kind)) {
    const msg = `must be ${kinds.map((k) => kindWords[k as keyof typeof kindWords] ?? k).join(' or ')}, not ${kindWords[sniffed.kind]}`;
    throw invalid(`file: ${msg}`, { file: msg });
  }
  const key = uuidv7();
  await deps.storage.put(key, { path: up.path, size: up.size, sha256: up.sha256, contentType: sniffed.type });
  return { key, name, type: sniffed.type };
}

/**
 * Receives the form, stores the bytes, then writes the rows (and audit and event) in `write`; the
 * bytes go again if that fails, and the temporary file in any case.
 */
async function withStoredUpload<T>(
  ctx: Ctx,
  deps: FilesDeps,
  form: UploadForm,
  fields: readonly string[],
  beforeFile: (fields: Record<string, string>) => Promise<void>,
  /** The kinds the record's entry takes (known once `beforeFile` has run). */
  kindsOf: () => readonly string[] | undefined,
  write: (
    stored: Awaited<ReturnType<typeof storeUpload>> & { up: ReadUpload },
    fields: Record<string, string>,
  ) => Promise<T>,
): Promise<T> {
  const { fields: values, file: up } = await readUploadForm(form, { ...deps, fields, beforeFile });
  try {
    const stored = await storeUpload(deps, up, kindsOf());
    try {
      return await write({ ...stored, up }, values);
    } catch (err) {
      await deps.storage.delete(stored.key).catch((e) => ctx.log.error({ err: e }, 'could not remove stored bytes'));
      throw err;
    }
  } finally {
    await rm(up.path, { force: true });
  }
}

const insertVersion = (
  ctx: Ctx,
  deps: FilesDeps,
  fileId: string,
  version: number,
  s: { key: string; name: string; type: string; up: ReadUpload },
) => sql`
  INSERT INTO file_versions (file_id, version, name, content_type, size, sha256, storage, storage_key, uploaded_by, created_at)
  VALUES (${fileId}::uuid, ${version}, ${s.name}, ${s.type}, ${s.up.size}, ${s.up.sha256}, ${deps.storage.kind},
          ${s.key}, ${ctx.principal.userId}, ${ctx.now()})`;

/** POST /files: a new file on a record, from a form with object, recordId and file. */
export async function addFile(ctx: Ctx, deps: FilesDeps, form: UploadForm): Promise<FileItem> {
  let obj: ResolvedObject | undefined;
  let recordId = '';
  const checkFields = async (values: Record<string, string>) => {
    const parsed = fileUploadFields.safeParse(values);
    if (!parsed.success) {
      const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message]));
      throw invalid(
        Object.entries(fields)
          .map(([k, m]) => `${k}: ${m}`)
          .join('; '),
        fields,
      );
    }
    obj = objectNamed(ctx, parsed.data.object);
    recordId = parsed.data.recordId;
    await assertWritable(ctx, obj, recordId);
  };
  return withStoredUpload(
    ctx,
    deps,
    form,
    ['object', 'recordId'],
    checkFields,
    () => obj?.fileKinds,
    async (s) => {
      const o = obj as ResolvedObject;
      const id = uuidv7();
      return ctx.db.transaction(async (tx) => {
        const c = withTx(ctx, tx);
        const now = ctx.now();
        await tx.query(sql`INSERT INTO files (id, object_type, record_id, latest_version, created_by, created_at, updated_at)
        VALUES (${id}, ${o.name}, ${recordId}::uuid, 1, ${ctx.principal.userId}, ${now}, ${now})`);
        await tx.query(insertVersion(ctx, deps, id, 1, s));
        await recordAudit(c, {
          action: 'file.create',
          objectType: o.name,
          recordId,
          changes: { file: { before: null, after: s.name } },
        });
        await emitEvent(c, {
          type: `${o.name}.fileAdded`,
          objectType: o.name,
          recordId,
          payload: { fileId: id, version: 1 },
        });
        const [row] = await tx.query<FileRow>(sql`${selectFiles} WHERE f.id = ${id}::uuid`);
        return fileJson(row);
      });
    },
  );
}

/** A file the principal may change: readable, and its record theirs to update. */
async function writableFile(ctx: Ctx, id: string): Promise<{ row: FileRow; obj: ResolvedObject }> {
  const row = await readableFile(ctx, id);
  const obj = objectNamed(ctx, row.object_type);
  await assertWritable(ctx, obj, row.record_id, 'File');
  return { row, obj };
}

/** POST /files/:id/versions: a new version from a form with the file; the earlier ones are kept. */
export async function addVersion(ctx: Ctx, deps: FilesDeps, id: string, form: UploadForm): Promise<FileDetail> {
  let target: { row: FileRow; obj: ResolvedObject } | undefined;
  const check = async () => {
    target = await writableFile(ctx, id);
  };
  await withStoredUpload(
    ctx,
    deps,
    form,
    [],
    check,
    () => target?.obj.fileKinds,
    async (s) => {
      const { row, obj } = target as { row: FileRow; obj: ResolvedObject };
      await ctx.db.transaction(async (tx) => {
        const c = withTx(ctx, tx);
        // Two new versions at once: the row lock numbers them one after the other.
        const [locked] = await tx.query<{ latest_version: number; deleted_at: Date | null }>(
          sql`SELECT latest_version, deleted_at FROM files WHERE id = ${row.id}::uuid FOR UPDATE`,
        );
        if (!locked || locked.deleted_at) throw notFound('File');
        const version = locked.latest_version + 1;
        await tx.query(insertVersion(ctx, deps, row.id, version, s));
        await tx.query(
          sql`UPDATE files SET latest_version = ${version}, updated_at = ${ctx.now()} WHERE id = ${row.id}::uuid`,
        );
        await recordAudit(c, {
          action: 'file.version',
          objectType: obj.name,
          recordId: row.record_id,
          changes: { file: { before: row.name, after: s.name }, version: { before: version - 1, after: version } },
        });
        await emitEvent(c, {
          type: `${obj.name}.fileVersionAdded`,
          objectType: obj.name,
          recordId: row.record_id,
          payload: { fileId: row.id, version },
        });
      });
    },
  );
  return getFile(ctx, id);
}

/** DELETE /files/:id: gone from the record's list; its versions' bytes are kept (a soft delete). */
export async function deleteFile(ctx: Ctx, id: string): Promise<void> {
  const { row, obj } = await writableFile(ctx, id);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await tx.query(sql`UPDATE files SET deleted_at = ${ctx.now()} WHERE id = ${row.id}::uuid AND deleted_at IS NULL`);
    await recordAudit(c, {
      action: 'file.delete',
      objectType: obj.name,
      recordId: row.record_id,
      changes: { file: { before: row.name, after: null } },
    });
    await emitEvent(c, {
      type: `${obj.name}.fileDeleted`,
      objectType: obj.name,
      recordId: row.record_id,
      payload: { fileId: row.id },
    });
  });
}
