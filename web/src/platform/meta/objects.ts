// The object registry as served by GET /meta/objects: everything the generic pages render from.
import { type FieldMeta, type ObjectMeta, refKey } from '@kith/common';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../api';

export type { FieldMeta, ObjectMeta };

export const objectsQuery = queryOptions({
  queryKey: ['meta', 'objects'],
  queryFn: () => api.get<{ data: ObjectMeta[] }>('/meta/objects').then((r) => r.data),
  staleTime: 10 * 60_000,
});

export function useObjects() {
  return useQuery(objectsQuery);
}

export function useObjectMeta(plural: string | undefined) {
  const q = useObjects();
  const meta = q.data?.find((o) => o.plural === plural || o.name === plural);
  return { ...q, meta };
}

export function objectByName(objects: ObjectMeta[] | undefined, name: string): ObjectMeta | undefined {
  return objects?.find((o) => o.name === name || o.plural === name);
}

/** `companyId` → `company`, `partner` → `partnerRef`: the key under which the record carries the expanded relation. */
export function expandedKey(field: FieldMeta): string {
  return refKey(field.name);
}

export const systemFields = new Set(['id', 'title', 'createdAt', 'updatedAt', 'deletedAt']);

/** Fields a person can write in a form. */
export function editableFields(meta: ObjectMeta): FieldMeta[] {
  return meta.fields.filter((f) => !f.readOnly && !systemFields.has(f.name));
}

export function defaultColumns(meta: ObjectMeta): string[] {
  const listed = meta.fields.filter((f) => f.list).map((f) => f.name);
  return listed.length ? listed : meta.fields.slice(0, 5).map((f) => f.name);
}
