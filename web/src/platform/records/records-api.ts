// Generic record endpoints, for every object in the registry, and their react-query keys.
import type { FilterGroup } from '@kith/common';
import type { AuditEntry } from '@kith/common/api/audit';
import type { RecordLink, RecordLinkInput, TitledRef } from '@kith/common/api/shared';
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api } from '../api';

/** A related record: `title` is null when the reader may not read it (its name is withheld). */
export type RecordRef = TitledRef;

/** A link to any record (anyRecord) in a value: `{ object, id }`, with the title when the server gave one. */
export function asLink(v: unknown): (RecordLinkInput & { title?: string | null }) | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Partial<RecordLink>;
  return typeof o.object === 'string' && typeof o.id === 'string' ? (o as RecordLink) : null;
}

export interface KRecord {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  [field: string]: unknown;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface ListParams {
  sort?: string;
  q?: string;
  filter?: FilterGroup | null;
  deleted?: boolean;
  limit?: number;
}

export interface SubmitOptions {
  /** Create even though the server warned of a possible duplicate (409). */
  allowDuplicate?: boolean;
}

export const recordKeys = {
  all: (plural: string) => ['records', plural] as const,
  lists: (plural: string) => ['records', plural, 'list'] as const,
  list: (plural: string, p: ListParams) => ['records', plural, 'list', p] as const,
  record: (plural: string, id: string) => ['records', plural, 'one', id] as const,
  audit: (plural: string, id: string) => ['records', plural, 'audit', id] as const,
};

export function hasConditions(f: FilterGroup | null | undefined): f is FilterGroup {
  return !!f && f.conditions.length > 0;
}

export function listQuery(plural: string, p: ListParams) {
  return infiniteQueryOptions({
    queryKey: recordKeys.list(plural, p),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<KRecord>>(
        `/${plural}`,
        {
          limit: p.limit ?? 50,
          cursor: pageParam,
          sort: p.sort,
          q: p.q?.trim() || undefined,
          filter: hasConditions(p.filter) ? JSON.stringify(p.filter) : undefined,
          deleted: p.deleted ? 'true' : undefined,
        },
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
}

export function recordQuery(plural: string, id: string) {
  return queryOptions({
    queryKey: recordKeys.record(plural, id),
    queryFn: ({ signal }) => api.get<KRecord>(`/${plural}/${encodeURIComponent(id)}`, undefined, signal).then(unwrap),
  });
}

export function auditQuery(plural: string, id: string) {
  return queryOptions({
    queryKey: recordKeys.audit(plural, id),
    queryFn: ({ signal }) =>
      api
        .get<{ data: AuditEntry[] }>(`/${plural}/${encodeURIComponent(id)}/audit`, undefined, signal)
        .then((r) => r.data),
  });
}

/** A single record may come bare or wrapped in `{ data }`. */
export function unwrap(r: KRecord | { data: KRecord }): KRecord {
  return 'id' in r ? (r as KRecord) : (r as { data: KRecord }).data;
}

export const recordsApi = {
  create: (plural: string, values: Record<string, unknown>, opts?: SubmitOptions) =>
    api.post<KRecord>(`/${plural}${opts?.allowDuplicate ? '?allowDuplicate=true' : ''}`, values).then(unwrap),
  update: (plural: string, id: string, values: Record<string, unknown>) =>
    api.patch<KRecord>(`/${plural}/${encodeURIComponent(id)}`, values).then(unwrap),
  remove: (plural: string, id: string) => api.delete<unknown>(`/${plural}/${encodeURIComponent(id)}`),
  restore: (plural: string, id: string) => api.post<KRecord>(`/${plural}/${encodeURIComponent(id)}/restore`),
  bulk: (plural: string, body: { ids: string[]; action: 'update' | 'delete'; values?: Record<string, unknown> }) =>
    api.post<unknown>(`/${plural}/bulk`, body),
};

export function invalidateObject(qc: QueryClient, plural: string, id?: string) {
  void qc.invalidateQueries({ queryKey: recordKeys.lists(plural) });
  if (id) {
    void qc.invalidateQueries({ queryKey: recordKeys.record(plural, id) });
    void qc.invalidateQueries({ queryKey: recordKeys.audit(plural, id) });
  }
}
