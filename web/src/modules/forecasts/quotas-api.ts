// Quotas for the Settings page: the year's grid, and one cell saved as one period's target for one rep.
import type { PeriodKind, QuotaGrid, SetQuotasResult } from '@kith/common/api/forecasts';
import { queryOptions } from '@tanstack/react-query';
import { api, request } from '../../platform/api';
import { recordKeys } from '../../platform/records/records-api';

/** Under the quotas' record lists, so that anything refreshing those refreshes the grid. */
export function quotaGridQuery(year: number, kind: PeriodKind) {
  return queryOptions({
    queryKey: [...recordKeys.lists('quotas'), 'grid', year, kind] as const,
    queryFn: ({ signal }) => api.get<QuotaGrid>('/quotas/grid', { year, kind }, signal),
    placeholderData: (prev) => prev,
  });
}

/** Sets (or, with null, removes) one rep's target for one period. */
export const saveQuota = (period: string, userId: string, amount: { amount: number; currency: string } | null) =>
  request<SetQuotasResult>(`/quotas/by-period/${encodeURIComponent(period)}`, {
    method: 'PUT',
    body: { targets: [{ userId, amount }] },
  });
