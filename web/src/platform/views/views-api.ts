// Saved views of a list: GET/POST /views, PATCH/DELETE /views/:id.
import type { SavedView, ViewConfig, ViewInput, ViewPatch } from '@kith/common/api/views';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../api';

export const viewsKey = (objectType: string) => ['views', objectType] as const;

export function viewsQuery(objectType: string) {
  return queryOptions({
    queryKey: viewsKey(objectType),
    queryFn: ({ signal }) => api.get<{ data: SavedView[] }>('/views', { objectType }, signal).then((r) => r.data),
    retry: false,
  });
}

export const viewsApi = {
  create: (body: ViewInput) => api.post<SavedView>('/views', body),
  update: (id: string, body: ViewPatch) => api.patch<SavedView>(`/views/${id}`, body),
  remove: (id: string) => api.delete<void>(`/views/${id}`),
};

/** A config as the server stores it: no empty keys, so that two equal views compare equal. */
export function cleanConfig(c: ViewConfig): ViewConfig {
  const out: ViewConfig = { columns: c.columns };
  if (c.filter?.conditions.length) out.filter = c.filter;
  if (c.sort) out.sort = c.sort;
  if (c.q?.trim()) out.q = c.q.trim();
  // The table is the default layout: not stored.
  if (c.layout && c.layout.type !== 'table') {
    out.layout = { type: c.layout.type };
    if (c.layout.groupBy) out.layout.groupBy = c.layout.groupBy;
    if (c.layout.sum) out.layout.sum = c.layout.sum;
    if (c.layout.within) out.layout.within = c.layout.within;
  }
  return out;
}

export function sameConfig(a: ViewConfig, b: ViewConfig): boolean {
  const x = cleanConfig(a);
  const y = cleanConfig(b);
  return (
    JSON.stringify(x.columns) === JSON.stringify(y.columns) &&
    JSON.stringify(x.filter ?? null) === JSON.stringify(y.filter ?? null) &&
    (x.sort ?? '') === (y.sort ?? '') &&
    (x.q ?? '') === (y.q ?? '') &&
    JSON.stringify(x.layout ?? null) === JSON.stringify(y.layout ?? null)
  );
}
