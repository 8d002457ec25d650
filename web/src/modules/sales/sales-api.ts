// What the Sales dashboard asks for, each through the public API and so within the reader's
// scope: the forecast of the period (its bounds are the other figures' bounds), deals per stage of
// a pipeline, deals closed in the period by status, won deals' cycle, leads per source, and the
// exchange rates that sum money of several currencies as one.
import type { FilterCondition, FilterGroup } from '@kith/common';
import type { AggregateResult, MetricValue } from '@kith/common/api/aggregates';
import type { ExpenseSummary } from '@kith/common/api/expenses';
import { type ExchangeRates, type ForecastGrouping, type ForecastResult, rateOn } from '@kith/common/api/forecasts';
import type { CommissionReport, ProductReport } from '@kith/common/api/sales-reports';
import type { Team } from '@kith/common/api/teams';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { type KRecord, type RecordPage, recordKeys } from '../../platform/records/records-api';
import { minorDigits } from '../../platform/ui/format';

export interface DashboardFilters {
  period: string;
  teamId: string | null;
  territoryId: string | null;
}

/** Under the deals' record lists, so that a deal saved anywhere refreshes the dashboard. */
const dealsKey = (...rest: unknown[]) => [...recordKeys.all('deals'), 'dashboard', ...rest] as const;

export function forecastQuery(f: DashboardFilters, groupBy: ForecastGrouping = 'rep') {
  return queryOptions({
    queryKey: dealsKey('forecast', f, groupBy),
    queryFn: ({ signal }) =>
      api.get<ForecastResult>(
        '/forecasts',
        { period: f.period, groupBy, teamId: f.teamId, territoryId: f.territoryId },
        signal,
      ),
    placeholderData: (prev) => prev,
  });
}

export const exchangeRatesQuery = queryOptions({
  queryKey: ['exchange-rates'],
  queryFn: ({ signal }) => api.get<ExchangeRates>('/exchange-rates', undefined, signal),
  staleTime: 5 * 60_000,
});

export const teamsQuery = queryOptions({
  queryKey: ['teams'],
  queryFn: ({ signal }) => api.get<{ data: Team[] }>('/teams', undefined, signal),
  staleTime: 60_000,
});

const firstPage = (plural: string, limit = 200) =>
  queryOptions({
    queryKey: [...recordKeys.lists(plural), 'dashboard-options'] as const,
    queryFn: ({ signal }) => api.get<RecordPage>(`/${plural}`, { limit, sort: 'title' }, signal),
    staleTime: 60_000,
  });
export const pipelinesQuery = firstPage('pipelines', 50);
export const territoriesQuery = firstPage('territories');

/** The team and territory filters as list conditions on deals or leads. */
export function narrowing(f: DashboardFilters, teams: Team[] | undefined): FilterCondition[] {
  const out: FilterCondition[] = [];
  if (f.teamId) {
    const members = teams?.find((t) => t.id === f.teamId)?.members.map((m) => m.id) ?? [];
    // A team with nobody in it owns nothing: an id no one has keeps the filter well-formed.
    out.push({
      field: 'ownerId',
      cmp: 'in',
      value: members.length ? members : ['00000000-0000-0000-0000-000000000000'],
    });
  }
  if (f.territoryId) out.push({ field: 'territoryId', cmp: 'eq', value: f.territoryId });
  return out;
}

function aggregate(
  plural: string,
  key: unknown[],
  params: Record<string, string | number | undefined>,
  filter: FilterGroup,
) {
  return queryOptions({
    queryKey: [...recordKeys.all(plural), 'dashboard', ...key, params, filter] as const,
    queryFn: ({ signal }) =>
      api.get<AggregateResult>(`/${plural}/aggregate`, { ...params, filter: JSON.stringify(filter) }, signal),
    placeholderData: (prev) => prev,
  });
}

const and = (conditions: FilterCondition[]): FilterGroup => ({ op: 'and', conditions });

/** Open deals of one pipeline per stage (every stage, in order), with their amounts. */
export const stagesQuery = (pipelineId: string, narrow: FilterCondition[]) =>
  aggregate(
    'deals',
    ['stages'],
    { groupBy: 'stageId', pipelineId, metrics: 'sum:amount' },
    and([{ field: 'status', cmp: 'eq', value: 'open' }, ...narrow]),
  );

/** Deals closed in the period (won and lost), with their amounts. */
export const closedQuery = (bounds: { start: string; end: string }, narrow: FilterCondition[]) =>
  aggregate(
    'deals',
    ['closed'],
    { groupBy: 'status', metrics: 'sum:amount' },
    and([
      { field: 'closedAt', cmp: 'gte', value: bounds.start },
      { field: 'closedAt', cmp: 'lt', value: bounds.end },
      ...narrow,
    ]),
  );

/** Leads created in the period per source: all of them, or the converted ones. */
export const leadSourcesQuery = (
  bounds: { start: string; end: string },
  narrow: FilterCondition[],
  converted: boolean,
) =>
  aggregate(
    'leads',
    ['sources', converted],
    { groupBy: 'source' },
    and([
      { field: 'createdAt', cmp: 'gte', value: bounds.start },
      { field: 'createdAt', cmp: 'lt', value: bounds.end },
      ...(converted ? [{ field: 'status', cmp: 'eq' as const, value: 'converted' }] : []),
      ...narrow,
    ]),
  );

/** The most recently won deals of the period (up to 200): their cycle from creation to close. */
export const wonDealsQuery = (bounds: { start: string; end: string }, narrow: FilterCondition[]) =>
  queryOptions({
    queryKey: dealsKey('won', bounds, narrow),
    queryFn: ({ signal }) =>
      api.get<RecordPage>(
        '/deals',
        {
          limit: 200,
          sort: '-closedAt',
          filter: JSON.stringify(
            and([
              { field: 'status', cmp: 'eq', value: 'won' },
              { field: 'closedAt', cmp: 'gte', value: bounds.start },
              { field: 'closedAt', cmp: 'lt', value: bounds.end },
              ...narrow,
            ]),
          ),
        },
        signal,
      ),
    placeholderData: (prev) => prev,
  });

/** Median days from creation to close, or null without deals. */
export function medianCycleDays(deals: KRecord[]): number | null {
  const days = deals
    .map((d) => (Date.parse(String(d.closedAt)) - Date.parse(String(d.createdAt))) / 86_400_000)
    .filter((d) => Number.isFinite(d) && d >= 0)
    .sort((a, b) => a - b);
  if (!days.length) return null;
  const mid = Math.floor(days.length / 2);
  return days.length % 2 ? days[mid] : (days[mid - 1] + days[mid]) / 2;
}

/**
 * Per-currency money of an aggregate summed in the company currency at today's rates (what open
 * deals are converted at; won figures come converted at their close days' rates from the
 * forecast); currencies with no rate in force are left out.
 */
export function inCompanyCurrency(rates: ExchangeRates | undefined, v: MetricValue | undefined): number {
  if (!Array.isArray(v) || !rates) return 0;
  const to = rates.companyCurrency;
  const today = new Date().toISOString().slice(0, 10);
  let total = 0;
  for (const m of v) {
    if (m.currency === to) total += m.amount;
    const rate = rateOn(rates.rates, m.currency, today);
    if (rate !== undefined) total += Math.round(m.amount * rate * 10 ** (minorDigits(to) - minorDigits(m.currency)));
  }
  return total;
}

/** Saves a manager's adjustment of a rep's commit: a new one, or a change of the one there is. */
export function saveCommitAdjustment(input: {
  existingId: string | null;
  userId: string;
  periodKind: 'month' | 'quarter';
  periodStart: string;
  amount: { amount: number; currency: string };
  note: string;
}) {
  const body = { amount: input.amount, note: input.note };
  return input.existingId
    ? api.patch<KRecord>(`/forecast-adjustments/${input.existingId}`, body)
    : api.post<KRecord>('/forecast-adjustments', {
        ...body,
        userId: input.userId,
        periodKind: input.periodKind,
        periodStart: input.periodStart,
        category: 'commit',
      });
}

/** What was sold and quoted in the period (orders and quotes in the reader's scope): refreshed with any order or quote. */
export function productReportQuery(f: DashboardFilters) {
  const params = { period: f.period, teamId: f.teamId, territoryId: f.territoryId };
  return queryOptions({
    queryKey: [...recordKeys.all('orders'), 'dashboard', 'products', params],
    queryFn: ({ signal }) => api.get<ProductReport>('/sales-reports/products', params, signal),
    placeholderData: (prev) => prev,
  });
}

/** Commission per rep for the period, from their statements: refreshed with any deal (what they follow). */
export function commissionReportQuery(f: DashboardFilters) {
  const params = { period: f.period, teamId: f.teamId };
  return queryOptions({
    queryKey: dealsKey('commissions', params),
    queryFn: ({ signal }) => api.get<CommissionReport>('/sales-reports/commissions', params, signal),
    placeholderData: (prev) => prev,
  });
}

/** Expense totals of the period's days (first and last, inclusive) by category or by rep. */
export function expenseSummaryQuery(
  days: { from: string; to: string },
  teamId: string | null,
  groupBy: 'category' | 'rep',
) {
  const params = { ...days, teamId, groupBy };
  return queryOptions({
    queryKey: [...recordKeys.all('expenses'), 'dashboard', 'summary', params],
    queryFn: ({ signal }) => api.get<ExpenseSummary>('/expenses/summary', params, signal),
    placeholderData: (prev) => prev,
  });
}
