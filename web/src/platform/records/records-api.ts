// Generic record endpoints, for every object in the registry, and their react-query keys.
import type { FilterGroup } from '@kith/common';
import type {
  ApiRecord,
  BulkInput,
  BulkResult,
  Duplicate,
  DuplicateConflictDetails,
  DuplicateList,
  DuplicatesInput,
  MergeInput,
  RecordHistory,
  RecordPage,
  RecordRef,
} from '@kith/common/api/records';
import type { RecordLink, RecordLinkInput } from '@kith/common/api/shared';
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api } from '../api';

/** A record of any object, as the records API answers it (its fields are its object's: see /meta/objects). */
export type KRecord = ApiRecord;
export type { Duplicate, DuplicateConflictDetails, RecordPage, RecordRef };

/** A link to any record (anyRecord) in a value: `{ object, id }`, with the title when the server gave one. */
export function asLink(v: unknown): (RecordLinkInput & { title?: string | null }) | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Partial<RecordLink>;
  return typeof o.object === 'string' && typeof o.id === 'string' ? (o as RecordLink) : null;
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
      api.get<RecordPage>(
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
    queryFn: ({ signal }) => api.get<KRecord>(`/${plural}/${encodeURIComponent(id)}`, undefined, signal),
  });
}

export function auditQuery(plural: string, id: string) {
  return queryOptions({
    queryKey: recordKeys.audit(plural, id),
    queryFn: ({ signal }) =>
      api.get<RecordHistory>(`/${plural}/${encodeURIComponent(id)}/audit`, undefined, signal).then((r) => r.data),
  });
}

export const recordsApi = {
  create: (plural: string, values: Record<string, unknown>, opts?: SubmitOptions) =>
    api.post<KRecord>(`/${plural}${opts?.allowDuplicate ? '?allowDuplicate=true' : ''}`, values),
  update: (plural: string, id: string, values: Record<string, unknown>) =>
    api.patch<KRecord>(`/${plural}/${encodeURIComponent(id)}`, values),
  remove: (plural: string, id: string) => api.delete<unknown>(`/${plural}/${encodeURIComponent(id)}`),
  restore: (plural: string, id: string) => api.post<KRecord>(`/${plural}/${encodeURIComponent(id)}/restore`),
  bulk: (plural: string, body: BulkInput) => api.post<BulkResult>(`/${plural}/bulk`, body),
  /** Possible duplicates of these values (the record being edited left out). */
  duplicates: (plural: string, body: DuplicatesInput) =>
    api.post<DuplicateList>(`/${plural}/duplicates`, body).then((r) => r.data),
  merge: (plural: string, body: MergeInput) => api.post<KRecord>(`/${plural}/merge`, body),
};

export function invalidateObject(qc: QueryClient, plural: string, id?: string) {
  void qc.invalidateQueries({ queryKey: recordKeys.lists(plural) });
  if (id) {
    void qc.invalidateQueries({ queryKey: recordKeys.record(plural, id) });
    void qc.invalidateQueries({ queryKey: recordKeys.audit(plural, id) });
  }
}
