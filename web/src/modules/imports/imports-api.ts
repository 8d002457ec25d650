// CSV import endpoints: upload, preview, start, progress, list. The types are the API's contracts.
import type { ImportJob, ImportOptions, ImportPreview, ImportRowMessage, ImportUpload } from '@kith/common/api/imports';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

/** A row's messages in words: "email: is not an email address; phone: …". */
export const rowReason = (m: ImportRowMessage) =>
  Object.entries(m.errors)
    .map(([field, message]) => `${field}: ${message}`)
    .join('; ');

export const importsApi = {
  upload: (objectType: string, file: File) => {
    const form = new FormData();
    form.append('objectType', objectType);
    form.append('file', file);
    return api.upload<ImportUpload>('/imports', form);
  },
  preview: (id: string, opts: ImportOptions) =>
    api.post<ImportPreview>(`/imports/${id}/preview`, opts).then((r) => r.rows),
  start: (id: string, opts: ImportOptions) => api.post<ImportJob>(`/imports/${id}/start`, opts),
  /** Deletes an upload that was not started (its file goes with it). */
  remove: (id: string) => api.delete<void>(`/imports/${id}`),
};

export function importQuery(id: string, poll: boolean) {
  return queryOptions({
    queryKey: ['imports', id],
    queryFn: ({ signal }) => api.get<ImportJob>(`/imports/${id}`, undefined, signal),
    refetchInterval: (q) => (poll && !['done', 'failed'].includes(q.state.data?.status ?? '') ? 1000 : false),
    retry: 2,
  });
}

export const importsListQuery = queryOptions({
  queryKey: ['imports', 'list'],
  queryFn: () => api.get<{ data: ImportJob[] }>('/imports').then((r) => r.data),
  retry: false,
});

export const errorsCsvUrl = (id: string) => `/api/v1/imports/${id}/errors.csv`;
