// A board's data: GET /{plural}/groups (each column's first page, count and sum), and a column's
// next pages (the same with `group` and `cursor`). Keyed under the object's lists, so whatever
// refreshes the table (a write here, a live update) refreshes the board too.
import type { GroupsResult } from '@kith/common/api/aggregates';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { recordKeys } from '../../platform/records/records-api';
import { columnId, type GroupKey, groupsParams } from './board-state';

export interface BoardParams {
  q: string;
  filter: unknown;
  sort?: string;
  groupBy: string;
  metric: string | null;
  limit: number;
  /** The fields the cards show, and the board's own (the server sends only these). */
  fields: string[];
  /** Grouped by a field within another: `{ pipelineId: … }`, whose records' columns these are. */
  within?: Record<string, string>;
}

const boardKey = (plural: string, p: BoardParams) => [...recordKeys.lists(plural), 'board', p] as const;

export function boardQuery(plural: string, p: BoardParams) {
  return queryOptions({
    queryKey: boardKey(plural, p),
    queryFn: ({ signal }) => api.get<GroupsResult>(`/${plural}/groups`, groupsParams(p), signal),
  });
}

/** A column's pages after its first, from the cursor its first page ended with. */
export function columnPagesQuery(plural: string, p: BoardParams, key: GroupKey, startCursor: string) {
  return infiniteQueryOptions({
    queryKey: [...boardKey(plural, p), 'column', columnId(key), startCursor] as const,
    initialPageParam: startCursor,
    queryFn: async ({ pageParam, signal }) => {
      const r = await api.get<GroupsResult>(
        `/${plural}/groups`,
        { ...groupsParams({ ...p, metric: null }), group: columnId(key), cursor: pageParam },
        signal,
      );
      const g = r.groups[0];
      return { data: g?.data ?? [], nextCursor: g?.nextCursor ?? null };
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
