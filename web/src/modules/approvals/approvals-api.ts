// Approvals: what waits for me, a record's requests, deciding and withdrawing. The types are the
// API's contracts (@kith/common/api/approvals).
import type { ApprovalRequest, ApprovalsPage } from '@kith/common/api/approvals';
import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { invalidateObject, recordKeys } from '../../platform/records/records-api';

export type ApprovalsTab = 'mine' | 'requested' | 'all';

export const approvalKeys = {
  all: ['approvals'] as const,
  count: ['approvals', 'count'] as const,
  list: (tab: ApprovalsTab, status: string) => ['approvals', 'list', tab, status] as const,
  // Under the record's key: a live change of the record refetches it too.
  ofRecord: (plural: string, id: string) => [...recordKeys.record(plural, id), 'approvals'] as const,
};

export const approvalsCountQuery = queryOptions({
  queryKey: approvalKeys.count,
  queryFn: () => api.get<{ pending: number }>('/approvals/count'),
  staleTime: 30_000,
});

export const approvalsListQuery = (tab: ApprovalsTab, status: string) =>
  infiniteQueryOptions({
    queryKey: approvalKeys.list(tab, status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) =>
      api.get<ApprovalsPage>(
        '/approvals',
        {
          limit: 25,
          cursor: pageParam,
          ...(status ? { status } : {}),
          ...(tab === 'mine' ? { mine: 'true' } : tab === 'requested' ? { requested: 'true' } : {}),
        },
        signal,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });

/** The record's latest request (the banner shows it while it waits, or when it was just refused). */
export const recordApprovalQuery = (plural: string, id: string) =>
  queryOptions({
    queryKey: approvalKeys.ofRecord(plural, id),
    queryFn: () =>
      api
        .get<ApprovalsPage>(`/${plural}/${encodeURIComponent(id)}/approvals`, { limit: 1 })
        .then((r) => r.data[0] ?? null),
    retry: false,
  });

export type Decision = 'approve' | 'reject' | 'cancel';

export const approvalsApi = {
  decide: (id: string, decision: Decision, comment?: string) =>
    api.post<ApprovalRequest>(`/approvals/${id}/${decision}`, comment?.trim() ? { comment: comment.trim() } : {}),
};

/** After a decision: every approvals list and count, and the record (now unlocked, perhaps changed). */
export function afterDecision(qc: QueryClient, request: ApprovalRequest, plural?: string) {
  void qc.invalidateQueries({ queryKey: approvalKeys.all });
  if (plural) invalidateObject(qc, plural, request.recordId);
  void qc.invalidateQueries({ queryKey: ['notifications'] });
}
