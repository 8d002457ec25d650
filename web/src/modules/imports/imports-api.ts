// CSV import endpoints: upload, preview, start, progress, list. Normalises the server's shapes
// (flat counts or nested `progress`/`counts`) into one.
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

export type Mapping = Record<string, string | null>;
export type DuplicateMode = 'skip' | 'update' | 'create';

export interface Upload {
  id: string;
  objectType: string;
  fileName?: string;
  headers: string[];
  sampleRows: string[][];
  suggestedMapping: Mapping;
  rememberedMapping?: boolean;
  rowCountEstimate: number;
}

export interface PreviewRow {
  row: number;
  status: 'create' | 'update' | 'skip' | 'error';
  errors: Record<string, string>;
  /** Cells the row is written without (a value that is not an option), per field. */
  warnings?: Record<string, string>;
  values: Record<string, unknown>;
  message?: string;
}

export interface ImportOptions {
  mapping: Mapping;
  duplicateMode: DuplicateMode;
  createMissingCompanies: boolean;
  /** A value that is not one of a field's options: leave the field empty with a warning, or refuse the row. */
  unknownValues: 'empty' | 'refuse';
}

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  objectType: string;
  fileName: string | null;
  status: ImportStatus;
  processedRows: number;
  totalRows: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  warned: number;
  errors: Array<{ row: number; reason: string }>;
  warnings: Array<{ row: number; reason: string }>;
  error: string | null;
  createdAt: string | null;
  finishedAt: string | null;
}

type RawJob = Omit<Partial<ImportJob>, 'errors' | 'warnings'> & {
  id: string;
  progress?: { processed?: number; total?: number };
  counts?: { created?: number; updated?: number; skipped?: number; failed?: number; warned?: number };
  errors?: RawMessage[];
  warnings?: RawMessage[];
};
type RawMessage = { row: number; reason?: string; errors?: Record<string, string>; message?: string };

const reasons = (list: RawMessage[] | undefined) =>
  (list ?? []).map((e) => ({
    row: e.row,
    reason:
      e.reason ??
      e.message ??
      Object.entries(e.errors ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
  }));

export function normalizeJob(r: RawJob): ImportJob {
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  return {
    id: r.id,
    objectType: r.objectType ?? '',
    fileName: r.fileName ?? null,
    status: (r.status ?? 'queued') as ImportStatus,
    processedRows: n(r.processedRows ?? r.progress?.processed),
    totalRows: n(r.totalRows ?? r.progress?.total),
    created: n(r.created ?? r.counts?.created),
    updated: n(r.updated ?? r.counts?.updated),
    skipped: n(r.skipped ?? r.counts?.skipped),
    failed: n(r.failed ?? r.counts?.failed),
    warned: n(r.warned ?? r.counts?.warned),
    errors: reasons(r.errors),
    warnings: reasons(r.warnings),
    error: r.error ?? null,
    createdAt: r.createdAt ?? null,
    finishedAt: r.finishedAt ?? null,
  };
}

export const importsApi = {
  upload: (objectType: string, file: File) => {
    const form = new FormData();
    form.append('objectType', objectType);
    form.append('file', file);
    return api.upload<Upload>('/imports', form);
  },
  preview: (id: string, opts: ImportOptions) =>
    api
      .post<{ data?: PreviewRow[]; rows?: PreviewRow[] }>(`/imports/${id}/preview`, opts)
      .then((r) => r.data ?? r.rows ?? []),
  start: (id: string, opts: ImportOptions) => api.post<RawJob>(`/imports/${id}/start`, opts),
  /** Deletes an upload that was not started (its file goes with it). */
  remove: (id: string) => api.delete<void>(`/imports/${id}`),
};

export function importQuery(id: string, poll: boolean) {
  return queryOptions({
    queryKey: ['imports', id],
    queryFn: ({ signal }) => api.get<RawJob>(`/imports/${id}`, undefined, signal).then(normalizeJob),
    refetchInterval: (q) => (poll && !['done', 'failed'].includes(q.state.data?.status ?? '') ? 1000 : false),
    retry: 2,
  });
}

export const importsListQuery = queryOptions({
  queryKey: ['imports', 'list'],
  queryFn: () => api.get<{ data: RawJob[] }>('/imports').then((r) => r.data.map(normalizeJob)),
  retry: false,
});

export const errorsCsvUrl = (id: string) => `/api/v1/imports/${id}/errors.csv`;
