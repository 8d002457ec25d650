// Commissions for the web app: statements per period (a rep's own, a manager's reps'), one
// statement with its lines, recalculation, and a plan's tiers, members and flags for Settings.
import type {
  RecalculateInput,
  SetTiersInput,
  StatementDetail,
  StatementList,
  TiersResult,
} from '@kith/common/api/commissions';
import type { ApiRecord } from '@kith/common/api/records';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { recordKeys } from '../../platform/records/records-api';

export const statementKeys = {
  all: ['commission-statements'] as const,
  list: (period: string) => ['commission-statements', 'list', period] as const,
  one: (id: string) => ['commission-statements', 'one', id] as const,
};

export const statementsQuery = (period: string) =>
  queryOptions({
    queryKey: statementKeys.list(period),
    queryFn: ({ signal }) => api.get<StatementList>('/commission-statements', { period, limit: 500 }, signal),
    placeholderData: (prev) => prev,
  });

export const statementQuery = (id: string) =>
  queryOptions({
    queryKey: statementKeys.one(id),
    queryFn: ({ signal }) => api.get<StatementDetail>(`/commission-statements/${id}`, undefined, signal),
  });

export const recalculate = (body: RecalculateInput) =>
  api.post<StatementList>('/commission-statements/recalculate', body);

export const plansQuery = queryOptions({
  queryKey: [...recordKeys.lists('commission-plans'), 'all'] as const,
  queryFn: ({ signal }) =>
    api.get<{ data: ApiRecord[] }>('/commission-plans', { limit: 200, sort: 'name' }, signal).then((r) => r.data),
});

export const planPartsQuery = (planId: string) =>
  queryOptions({
    queryKey: [...recordKeys.lists('commission-tiers'), 'plan', planId] as const,
    queryFn: async ({ signal }) => {
      const [tiers, members] = await Promise.all([
        api.get<{ data: ApiRecord[] }>('/commission-tiers', { planId, sort: 'fromPercent', limit: 50 }, signal),
        api.get<{ data: ApiRecord[] }>('/commission-plan-members', { planId, limit: 200 }, signal),
      ]);
      return { tiers: tiers.data, members: members.data };
    },
  });

export const saveTiers = (planId: string, body: SetTiersInput) =>
  api.put<TiersResult>(`/commission-plans/${planId}/tiers`, body);
