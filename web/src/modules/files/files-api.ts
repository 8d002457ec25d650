// A record's files: GET /files (pages), GET /files/:id (versions), uploads with progress
// (XMLHttpRequest: fetch cannot report an upload's progress), DELETE /files/:id.
import type { FileDetail, FileItem, FileUploadFields } from '@kith/common/api/files';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ApiError, api, buildUrl } from '../../platform/api';

const PAGE = 50;

export const filesKeys = {
  all: ['files'] as const,
  record: (object: string, recordId: string) => ['files', 'record', object, recordId] as const,
  file: (id: string) => ['files', 'file', id] as const,
};

export function recordFilesQuery(object: string, recordId: string) {
  return infiniteQueryOptions({
    queryKey: filesKeys.record(object, recordId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<{ data: FileItem[]; nextCursor: string | null }>(
        '/files',
        { object, recordId, limit: PAGE, cursor: pageParam },
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
    retry: false,
  });
}

export function fileQuery(id: string) {
  return queryOptions({
    queryKey: filesKeys.file(id),
    queryFn: ({ signal }) => api.get<FileDetail>(`/files/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** Where a version's bytes are: a download, or (images and PDF) a preview in the page. */
export const contentUrl = (id: string, opts: { version?: number; inline?: boolean } = {}) =>
  buildUrl(`/files/${encodeURIComponent(id)}/content`, {
    version: opts.version,
    inline: opts.inline ? 1 : undefined,
  });

export const deleteFile = (id: string) => api.delete<void>(`/files/${encodeURIComponent(id)}`);

/** A multipart POST that reports its progress (0–1); it answers like api.* does, errors as ApiError. */
function send<T>(path: string, form: FormData, csrfToken: string, onProgress: (done: number) => void) {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', buildUrl(path));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      const err = (body as { error?: { code: string; message: string; details?: Record<string, unknown> } })?.error;
      reject(
        new ApiError(xhr.status, err?.code ?? `HTTP_${xhr.status}`, err?.message ?? 'Upload failed', err?.details),
      );
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'Cannot reach the server. Check your connection.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Attaches a file to a record (the fields first, so that a refusal comes before the bytes are sent). */
export function uploadFile(
  target: FileUploadFields,
  file: File,
  csrfToken: string,
  onProgress: (done: number) => void,
) {
  const form = new FormData();
  form.append('object', target.object);
  form.append('recordId', target.recordId);
  form.append('file', file);
  return send<FileItem>('/files', form, csrfToken, onProgress);
}

export function uploadVersion(id: string, file: File, csrfToken: string, onProgress: (done: number) => void) {
  const form = new FormData();
  form.append('file', file);
  return send<FileDetail>(`/files/${encodeURIComponent(id)}/versions`, form, csrfToken, onProgress);
}

/** 1.2 MB, 340 KB, 12 bytes. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
