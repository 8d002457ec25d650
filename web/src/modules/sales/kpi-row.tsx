// The period at a glance: won against quota, open pipeline (weighted), commit (as adjusted), win
// rate, average won deal and the median sales cycle.
import type { FilterCondition } from '@kith/common';
import type { ForecastResult } from '@kith/common/api/forecasts';
import { Group, Progress, Skeleton, Text, Tooltip } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { compactMoney, money, percent } from './money';
import classes from './sales.module.css';
import { closedQuery, medianCycleDays, wonDealsQuery } from './sales-api';

function Kpi({
  label,
  value,
  hint,
  title,
  footer,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  title?: string;
  footer?: ReactNode;
  testId: string;
}) {
  return (
    <div className={classes.kpi} data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
        {label}
      </Text>
      <Tooltip label={title} disabled={!title} withinPortal>
        <div className={classes.kpiValue}>{value ?? <Skeleton h={26} w="70%" mt={2} />}</div>
      </Tooltip>
      {hint !== undefined && (
        <Text size="xs" c="dimmed" mt={2} truncate>
          {hint}
        </Text>
      )}
      {footer}
    </div>
  );
}

export function KpiRow({
  forecast: f,
  bounds,
  narrow,
}: {
  forecast: ForecastResult | undefined;
  bounds: { start: string; end: string } | null;
  narrow: FilterCondition[];
}) {
  const closed = useQuery({ ...closedQuery(bounds ?? { start: '', end: '' }, narrow), enabled: !!bounds });
  const won = useQuery({ ...wonDealsQuery(bounds ?? { start: '', end: '' }, narrow), enabled: !!bounds });
  const c = f?.currency ?? 'EUR';
  const t = f?.total;

  const byStatus = (s: string) => closed.data?.groups.find((g) => g.key === s);
  const wonGroup = byStatus('won');
  const lostCount = byStatus('lost')?.count ?? 0;
  const wonCount = wonGroup?.count ?? 0;
  const winRate = closed.data ? (wonCount + lostCount ? wonCount / (wonCount + lostCount) : null) : undefined;
  // The forecast's won total, converted at each deal's close-day rate (decision 026).
  const avgDeal = t ? (t.wonCount ? t.won / t.wonCount : null) : undefined;
  const cycle = won.data ? medianCycleDays(won.data.data) : undefined;
  const attainment = t?.attainment ?? null;

  return (
    <div className={classes.kpis}>
      <Kpi
        testId="kpi-won"
        label="Won"
        value={t && compactMoney(t.won, c)}
        title={t && money(t.won, c)}
        hint={
          t
            ? t.quota
              ? `${percent(attainment)} of ${compactMoney(t.quota, c)} quota`
              : `${t.wonCount} deals · no quota set`
            : undefined
        }
        footer={
          t?.quota ? (
            <Progress
              mt={8}
              size="sm"
              radius="xl"
              value={Math.min(100, (attainment ?? 0) * 100)}
              color={(attainment ?? 0) >= 1 ? 'teal' : (attainment ?? 0) >= 0.7 ? 'kith' : 'orange'}
              aria-label="Quota attainment"
            />
          ) : null
        }
      />
      <Kpi
        testId="kpi-pipeline"
        label="Pipeline"
        value={t && compactMoney(t.pipeline, c)}
        title={t && money(t.pipeline, c)}
        hint={t && `${compactMoney(t.weighted, c)} weighted · ${t.openCount} closing`}
      />
      <Kpi
        testId="kpi-commit"
        label="Commit"
        value={t && compactMoney(t.commitAdjusted, c)}
        title={t && money(t.commitAdjusted, c)}
        hint={
          t &&
          (t.commitAdjusted !== t.commit
            ? `adjusted from ${compactMoney(t.commit, c)}`
            : `best case ${compactMoney(t.bestCase, c)}`)
        }
      />
      <Kpi
        testId="kpi-win-rate"
        label="Win rate"
        value={winRate === undefined ? undefined : percent(winRate)}
        hint={closed.data && `${wonCount} won · ${lostCount} lost`}
      />
      <Kpi
        testId="kpi-deal-size"
        label="Avg. deal size"
        value={avgDeal === undefined ? undefined : avgDeal === null ? '–' : compactMoney(avgDeal, c)}
        title={avgDeal ? money(avgDeal, c) : undefined}
        hint={closed.data && (wonCount ? `over ${wonCount} won deals` : 'no deal won yet')}
      />
      <Kpi
        testId="kpi-cycle"
        label="Sales cycle"
        value={
          cycle === undefined ? undefined : cycle === null ? (
            '–'
          ) : (
            <Group gap={4} align="baseline" wrap="nowrap">
              {cycle < 1 ? '< 1' : String(Math.round(cycle))}
              <Text span size="sm" c="dimmed" fw={500}>
                {cycle >= 1 && Math.round(cycle) === 1 ? 'day' : 'days'}
              </Text>
            </Group>
          )
        }
        hint={won.data && (won.data.data.length ? 'median, created → won' : 'no deal won yet')}
      />
    </div>
  );
}
