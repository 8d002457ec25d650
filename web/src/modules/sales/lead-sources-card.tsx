// Lead conversion by source: leads created in the period per source, and how many of them converted.
import type { FilterCondition } from '@kith/common';
import { BarChart } from '@mantine/charts';
import { Skeleton, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { percent } from './money';
import { rowTooltip } from './row-tooltip';
import classes from './sales.module.css';
import { leadSourcesQuery } from './sales-api';

export function LeadSourcesCard({
  bounds,
  narrow,
}: {
  bounds: { start: string; end: string } | null;
  narrow: FilterCondition[];
}) {
  const b = bounds ?? { start: '', end: '' };
  const all = useQuery({ ...leadSourcesQuery(b, narrow, false), enabled: !!bounds });
  const converted = useQuery({ ...leadSourcesQuery(b, narrow, true), enabled: !!bounds });
  const data = (all.data?.groups ?? [])
    .filter((g) => g.count > 0)
    .map((g) => {
      const conv = converted.data?.groups.find((c) => c.key === g.key)?.count ?? 0;
      return { source: g.title ?? 'Unknown', Leads: g.count - conv, Converted: conv, rate: conv / g.count };
    })
    .sort((a, b) => b.Leads + b.Converted - (a.Leads + a.Converted));
  const total = all.data?.total.count ?? 0;
  const totalConverted = converted.data?.total.count ?? 0;
  return (
    <section className={classes.card} aria-label="Lead conversion by source">
      <Text fw={600}>Lead conversion by source</Text>
      <Text size="xs" c="dimmed" mb="sm">
        {all.data ? `${total} new leads · ${percent(total ? totalConverted / total : null)} converted` : 'New leads'}
      </Text>
      {!all.data || !converted.data ? (
        <Skeleton h={260} />
      ) : !data.length ? (
        <div className={classes.empty}>No new leads in this period.</div>
      ) : (
        <BarChart
          h={Math.max(180, data.length * 34 + 40)}
          data={data}
          dataKey="source"
          type="stacked"
          orientation="vertical"
          series={[
            { name: 'Converted', color: 'teal.6' },
            { name: 'Leads', label: 'Not converted (yet)', color: 'gray.4' },
          ]}
          yAxisProps={{ width: 96, tick: { fontSize: 12 } }}
          gridAxis="x"
          withLegend
          legendProps={{ verticalAlign: 'top', height: 32 }}
          tooltipProps={rowTooltip<(typeof data)[number]>(
            (row) => row.source,
            (row) => (
              <>
                {row.Converted} of {row.Leads + row.Converted} converted ({percent(row.rate)})
              </>
            ),
          )}
        />
      )}
    </section>
  );
}
