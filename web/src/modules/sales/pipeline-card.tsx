// Open deals per stage of one pipeline: how many and how much, every stage in order (empty ones too).
import type { FilterCondition } from '@kith/common';
import { BarChart } from '@mantine/charts';
import { Group, Select, Skeleton, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { compactMajor, compactMoney, major } from './money';
import { rowTooltip } from './row-tooltip';
import classes from './sales.module.css';
import { exchangeRatesQuery, inCompanyCurrency, pipelinesQuery, stagesQuery } from './sales-api';

export function PipelineCard({ narrow, currency }: { narrow: FilterCondition[]; currency: string | undefined }) {
  const pipelines = useQuery(pipelinesQuery);
  const rates = useQuery(exchangeRatesQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  // Stage names side by side do not fit a phone: bars lie down there.
  const phone = useMediaQuery('(max-width: 36em)');
  const pipelineId = chosen ?? pipelines.data?.data[0]?.id ?? null;
  const stages = useQuery({ ...stagesQuery(pipelineId ?? '', narrow), enabled: !!pipelineId });
  const c = currency ?? rates.data?.companyCurrency ?? 'EUR';
  // Closed stages hold no open deal: the chart shows the open ones.
  const groups = (stages.data?.groups ?? []).filter((g) => g.count > 0 || !/^(won|lost)$/i.test(g.title ?? ''));
  const data = groups.map((g) => ({
    stage: g.title ?? 'No stage',
    Amount: major(inCompanyCurrency(rates.data, g.metrics['sum:amount']), c),
    deals: g.count,
  }));
  const total = stages.data ? inCompanyCurrency(rates.data, stages.data.total.metrics['sum:amount']) : null;
  return (
    <section className={classes.card} aria-label="Pipeline by stage">
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <div>
          <Text fw={600}>Pipeline by stage</Text>
          <Text size="xs" c="dimmed">
            {stages.data && total !== null
              ? `${stages.data.total.count} open deals · ${compactMoney(total, c)}`
              : 'Open deals'}
          </Text>
        </div>
        {(pipelines.data?.data.length ?? 0) > 1 && (
          <Select
            aria-label="Pipeline"
            size="xs"
            w={160}
            allowDeselect={false}
            data={(pipelines.data?.data ?? []).map((p) => ({ value: p.id, label: p.title ?? '' }))}
            value={pipelineId}
            onChange={setChosen}
          />
        )}
      </Group>
      {!stages.data ? (
        <Skeleton h={260} />
      ) : stages.data.total.count === 0 ? (
        <div className={classes.empty}>No open deals in this pipeline.</div>
      ) : (
        <BarChart
          h={260}
          data={data}
          dataKey="stage"
          series={[{ name: 'Amount', color: 'kith.6' }]}
          valueFormatter={(v) => compactMajor(v, c)}
          orientation={phone ? 'vertical' : 'horizontal'}
          yAxisProps={phone ? { width: 96, tick: { fontSize: 11 } } : { width: 64 }}
          xAxisProps={phone ? undefined : { interval: 0, tick: { fontSize: 11 } }}
          gridAxis={phone ? 'x' : 'y'}
          withBarValueLabel={!phone}
          valueLabelProps={{ fontSize: 11 }}
          tooltipProps={rowTooltip<(typeof data)[number]>(
            (row) => row.stage,
            (row) => (
              <>
                {row.deals} deals · {compactMajor(row.Amount, c)}
              </>
            ),
          )}
        />
      )}
    </section>
  );
}
