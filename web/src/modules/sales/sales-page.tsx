// The Sales dashboard: one period's forecast against quota, with the figures around it — pipeline
// by stage, win rate, deal size, cycle, the reps' leaderboard, lead conversion by source, products
// and quotes, commissions and expenses — filtered by period, team and territory (where a card's
// figures have one). Every figure comes from the API within the reader's scope.
import '@mantine/charts/styles.css';
import { Alert, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../platform/api';
import { formatDate } from '../../platform/ui/format';
import { CommissionsCard } from './commissions-card';
import { ExpensesCard } from './expenses-card';
import { KpiRow } from './kpi-row';
import { LeadSourcesCard } from './lead-sources-card';
import { currentQuarter, periodOptions } from './periods';
import { PipelineCard } from './pipeline-card';
import { ProductsCard } from './products-card';
import { QuotesCard } from './quotes-card';
import { RepsCard } from './reps-card';
import { RevenueCard } from './revenue-card';
import classes from './sales.module.css';
import {
  commissionReportQuery,
  type DashboardFilters,
  forecastQuery,
  narrowing,
  productReportQuery,
  teamsQuery,
  territoriesQuery,
} from './sales-api';

export function SalesPage() {
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? currentQuarter();
  const teamId = params.get('team');
  const territoryId = params.get('territory');
  const filters: DashboardFilters = useMemo(() => ({ period, teamId, territoryId }), [period, teamId, territoryId]);
  const set = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const teams = useQuery(teamsQuery);
  const territories = useQuery(territoriesQuery);
  const forecast = useQuery(forecastQuery(filters));
  const products = useQuery(productReportQuery(filters));
  const commissions = useQuery(commissionReportQuery(filters));
  const narrow = useMemo(() => narrowing(filters, teams.data?.data), [filters, teams.data]);
  const f = forecast.data;
  const bounds = f ? { start: f.start, end: f.end } : null;
  const lastDay = f ? new Date(`${f.endDate}T00:00:00Z`) : null;
  lastDay?.setUTCDate(lastDay.getUTCDate() - 1);
  const days = f && lastDay ? { from: f.startDate, to: lastDay.toISOString().slice(0, 10) } : null;

  return (
    <Stack gap="lg" p={{ base: 'md', sm: 'xl' }} className={classes.page} data-testid="sales-dashboard">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} fz={{ base: 22, sm: 26 }} fw={700}>
            Sales
          </Title>
          <Text c="dimmed" size="sm">
            {f ? `${formatDate(f.startDate)} – ${formatDate(lastDay?.toISOString().slice(0, 10))}` : ' '}
            {f?.currency ? ` · amounts in ${f.currency}` : ''}
          </Text>
        </div>
        <Group gap="xs" className={classes.filters} wrap="wrap">
          <Select
            aria-label="Period"
            data={periodOptions()}
            value={filters.period}
            onChange={(v) => set('period', v)}
            allowDeselect={false}
            className={classes.filter}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            aria-label="Team"
            placeholder="All teams"
            data={(teams.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={filters.teamId}
            onChange={(v) => set('team', v)}
            clearable
            className={classes.filter}
          />
          <Select
            aria-label="Territory"
            placeholder="All territories"
            data={(territories.data?.data ?? []).map((t) => ({ value: t.id, label: t.title ?? '' }))}
            value={filters.territoryId}
            onChange={(v) => set('territory', v)}
            clearable
            searchable
            className={classes.filter}
          />
        </Group>
      </Group>

      {forecast.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The forecast could not be loaded">
          {errorMessage(forecast.error)}
        </Alert>
      )}
      {f && f.missingRates.length > 0 && (
        <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
          Amounts in {f.missingRates.join(', ')} are left out where no exchange rate into {f.currency} is in force on
          their day (Settings → Exchange rates, or POST /api/v1/exchange-rates/rates).
        </Alert>
      )}

      <KpiRow forecast={f} bounds={bounds} narrow={narrow} />

      <div className={classes.grid}>
        <RevenueCard forecast={f} />
        <RepsCard forecast={f} chart />
      </div>
      <div className={classes.grid}>
        <PipelineCard narrow={narrow} currency={f?.currency} />
        <LeadSourcesCard bounds={bounds} narrow={narrow} />
      </div>
      <div className={classes.grid}>
        <ProductsCard report={products.data} />
        <QuotesCard report={products.data} />
      </div>
      <div className={classes.grid}>
        <CommissionsCard
          report={commissions.data}
          isMonth={!filters.period.includes('Q')}
          territorySet={!!filters.territoryId}
        />
        <ExpensesCard days={days} teamId={filters.teamId} territorySet={!!filters.territoryId} />
      </div>
      <RepsCard forecast={f} />
    </Stack>
  );
}
