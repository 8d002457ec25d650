// Territories endpoints beyond the generic records API: the tree, members, re-running assignment.
// The types are the API's contracts (@kith/common/api/territories).
import type { ReassignRun, ReassignStatus, TerritoryMembersInput, TerritoryTree } from '@kith/common/api/territories';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

export const territoryTreeQuery = queryOptions({
  queryKey: ['territories', 'tree'],
  queryFn: () => api.get<TerritoryTree>('/territories/tree').then((r) => r.data),
  retry: false,
});

const running = (run: ReassignRun | null | undefined) => run?.status === 'queued' || run?.status === 'running';

export const reassignQuery = queryOptions({
  queryKey: ['territories', 'reassign'],
  queryFn: () => api.get<ReassignStatus>('/territories/reassign').then((r) => r.run),
  // Polled while a run waits or works: the progress bar moves a batch at a time.
  refetchInterval: (q) => (running(q.state.data) ? 1000 : false),
  retry: false,
});

export const territoriesApi = {
  create: (body: Record<string, unknown>) => api.post<{ id: string }>('/territories', body),
  update: (id: string, body: Record<string, unknown>) => api.patch<{ id: string }>(`/territories/${id}`, body),
  remove: (id: string) => api.delete<void>(`/territories/${id}`),
  setMembers: (id: string, body: TerritoryMembersInput) => api.put(`/territories/${id}/members`, body),
  reassign: () => api.post<ReassignRun>('/territories/reassign'),
};

export { running as isRunning };
