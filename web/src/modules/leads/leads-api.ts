// The leads module's settings endpoints: one query each, and the writes that invalidate them.
import type {
  AssignmentRule,
  AssignmentRuleInput,
  AssignmentRulePatch,
  Scoring,
  ScoringInput,
  WebToLeadSettings,
  WebToLeadSettingsInput,
} from '@kith/common/api/leads';
import type { Team } from '@kith/common/api/teams';
import { queryOptions } from '@tanstack/react-query';
import { api, request } from '../../platform/api';

export const assignmentRulesQuery = queryOptions({
  queryKey: ['leads', 'assignment-rules'],
  queryFn: async () => (await api.get<{ data: AssignmentRule[] }>('/lead-assignment-rules')).data,
  retry: false,
});
export const scoringQuery = queryOptions({
  queryKey: ['leads', 'scoring'],
  queryFn: () => api.get<Scoring>('/lead-scoring'),
  retry: false,
  // While leads are being rescored, the page shows how far it has come.
  refetchInterval: (q) => (['queued', 'running'].includes(q.state.data?.rescore.status ?? '') ? 2000 : false),
});
export const webToLeadQuery = queryOptions({
  queryKey: ['leads', 'web-to-lead'],
  queryFn: () => api.get<WebToLeadSettings>('/web-to-lead/settings'),
  retry: false,
});
export const teamsListQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: async () => (await api.get<{ data: Team[] }>('/teams')).data,
});

const put = <T>(path: string, body: unknown) => request<T>(path, { method: 'PUT', body });

export const leadsApi = {
  createRule: (input: AssignmentRuleInput) => api.post<AssignmentRule>('/lead-assignment-rules', input),
  updateRule: (id: string, patch: AssignmentRulePatch) =>
    api.patch<AssignmentRule>(`/lead-assignment-rules/${id}`, patch),
  deleteRule: (id: string) => api.delete<void>(`/lead-assignment-rules/${id}`),
  reorderRules: (ids: string[]) => put<{ data: AssignmentRule[] }>('/lead-assignment-rules/order', { ids }),
  saveScoring: (input: ScoringInput) => put<Scoring>('/lead-scoring', input),
  saveWebToLead: (input: WebToLeadSettingsInput) => put<WebToLeadSettings>('/web-to-lead/settings', input),
};
