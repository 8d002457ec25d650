// Won revenue per month, with the projection drawn on after it (dashed) and the method that made it.
import type { ForecastResult } from '@kith/common/api/forecasts';
import { AreaChart } from '@mantine/charts';
import { Badge, Group, Skeleton, Text, Tooltip } from '@mantine/core';
import { compactMajor, major } from './money';
import { shortMonth } from './periods';
import classes from './sales.module.css';

const methodLabels: Record<ForecastResult['projection']['method'], { label: string; about: string }> = {
  holtWintersMultiplicative: {
    label: 'Holt-Winters · seasonal',
    about: 'Trend and a yearly season that scales with the level, fitted to the history',
  },
  holtWintersAdditive: { label: 'Holt-Winters · seasonal', about: 'Trend and a yearly season, fitted to the history' },
  holtLinear: { label: 'Trend', about: "Holt's linear trend: under two years of history, no season yet" },
  mean: { label: 'Average', about: 'Under six months of history: the monthly average' },
  none: { label: 'No history', about: 'No deal won in the last three years' },
};

/** Months of history shown before the projection. */
const shownHistory = 12;

export function RevenueCard({ forecast: f }: { forecast: ForecastResult | undefined }) {
  const c = f?.currency ?? 'EUR';
  const p = f?.projection;
  const history = p?.history.slice(-shownHistory) ?? [];
  const data = [
    ...history.map((h, i) => ({
      month: shortMonth(h.month),
      Won: major(h.amount, c),
      // The projection's line starts from the last month won, so the two meet.
      Projected: i === history.length - 1 ? major(h.amount, c) : null,
    })),
    ...(p?.points ?? []).map((pt) => ({ month: shortMonth(pt.month), Won: null, Projected: major(pt.amount, c) })),
  ];
  const method = p ? methodLabels[p.method] : null;
  return (
    <section className={classes.card} aria-label="Won revenue and projection">
      <Group justify="space-between" mb="sm" gap="xs">
        <div>
          <Text fw={600}>Won revenue</Text>
          <Text size="xs" c="dimmed">
            Per month, and projected ahead
          </Text>
        </div>
        {method && (
          <Tooltip label={method.about} withinPortal multiline w={260}>
            <Badge variant="light" color="grape" data-testid="projection-method">
              {method.label}
            </Badge>
          </Tooltip>
        )}
      </Group>
      {!f ? (
        <Skeleton h={260} />
      ) : p?.method === 'none' ? (
        <div className={classes.empty}>
          No won revenue in a finished month yet: the projection starts once there is.
        </div>
      ) : (
        <AreaChart
          h={260}
          data={data}
          dataKey="month"
          series={[
            { name: 'Won', color: 'kith.6' },
            { name: 'Projected', color: 'grape.5', strokeDasharray: '6 4' },
          ]}
          curveType="monotone"
          withGradient
          fillOpacity={0.25}
          connectNulls={false}
          withDots={false}
          withLegend
          legendProps={{ verticalAlign: 'top', height: 36 }}
          valueFormatter={(v) => compactMajor(v, c)}
          yAxisProps={{ width: 64 }}
          xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 18, tick: { fontSize: 11 } }}
          referenceLines={
            p?.points.length ? [{ x: shortMonth(p.points[0].month), label: 'Now', color: 'gray.5' }] : undefined
          }
          gridAxis="y"
        />
      )}
    </section>
  );
}
