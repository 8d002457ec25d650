// Commission per rep for the period, from their statements: a chart of what each earned (won and
// attainment in the tooltip) or the statements as a table with plan and status. Statements are
// per rep, so the Territory filter does not narrow them — the card says so when one is set.
import type { CommissionReport, CommissionRow } from '@kith/common/api/sales-reports';
import { BarChart } from '@mantine/charts';
import { Avatar, Badge, Group, Progress, SimpleGrid, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { IconCoins } from '@tabler/icons-react';
import { useState } from 'react';
import { initials } from '../../platform/ui/format';
import { CardHeader, EmptyCard, FilterNote } from './card-parts';
import { compactMajor, major, percent, wholeMoney } from './money';
import { rowTooltip } from './row-tooltip';
import classes from './sales.module.css';

/** Bars shown; a table lists everyone. */
const shown = 10;

const attainmentColor = (a: number) => (a >= 1 ? 'teal' : a >= 0.7 ? 'kith' : 'orange');

export function CommissionsCard({
  report: r,
  isMonth,
  territorySet,
}: {
  report: CommissionReport | undefined;
  isMonth: boolean;
  territorySet: boolean;
}) {
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const c = r?.currency ?? 'EUR';
  const rows = r?.rows ?? [];
  return (
    <section className={classes.card} aria-label="Commissions per rep">
      <CardHeader
        title="Commissions"
        subtitle={
          r && rows.length
            ? `${wholeMoney(r.total.commission, c)} earned on ${wholeMoney(r.total.won, c)} won · ${rows.length} ${rows.length === 1 ? 'rep' : 'reps'}`
            : "From the reps' commission statements"
        }
        value={view}
        onChange={setView}
        views={[
          { value: 'chart', label: 'Chart' },
          { value: 'table', label: 'Table' },
        ]}
        switchLabel="Show commissions as"
      />
      {!r ? (
        <Skeleton h={260} />
      ) : !rows.length ? (
        <EmptyCard
          icon={<IconCoins size={22} />}
          title="No commission statements for this period"
          hint={
            isMonth
              ? 'Only reps paid monthly have month statements; choose a quarter to see quarterly plans.'
              : 'Statements appear once a rep is on an active commission plan.'
          }
        />
      ) : view === 'chart' ? (
        <CommissionChart rows={rows} currency={c} />
      ) : (
        <CommissionTable rows={rows} currency={c} />
      )}
      {territorySet && <FilterNote>Territory does not apply: a statement covers all of a rep's deals.</FilterNote>}
    </section>
  );
}

function CommissionChart({ rows, currency: c }: { rows: CommissionRow[]; currency: string }) {
  const data = rows.slice(0, shown).map((x) => ({
    name: x.user.name,
    Commission: major(x.commission, c),
    row: x,
  }));
  return (
    <>
      <BarChart
        h={Math.max(150, data.length * 36 + 40)}
        data={data}
        dataKey="name"
        orientation="vertical"
        maxBarWidth={22}
        series={[{ name: 'Commission', color: 'kith.6' }]}
        yAxisProps={{ width: 120, tick: { fontSize: 12 } }}
        xAxisProps={{ tickFormatter: (v: number) => compactMajor(v, c) }}
        gridAxis="x"
        barProps={{ radius: 3 }}
        tooltipProps={rowTooltip<(typeof data)[number]>(
          (d) => d.name,
          (d) => (
            <>
              {wholeMoney(d.row.commission, c)} on {wholeMoney(d.row.won, c)} won
              {d.row.attainment !== null && ` · ${percent(d.row.attainment)} of quota`}
              {d.row.status === 'final' && ' · final'}
            </>
          ),
        )}
      />
      {rows.length > shown && (
        <Text size="xs" c="dimmed" ta="right">
          The {shown} highest of {rows.length}; the table lists everyone.
        </Text>
      )}
      <CommissionFacts rows={rows} />
    </>
  );
}

/** Three figures under the chart: who reached quota, commission over won overall, how many statements are closed. */
function CommissionFacts({ rows }: { rows: CommissionRow[] }) {
  const withQuota = rows.filter((x) => x.attainment !== null);
  const won = rows.reduce((n, x) => n + x.won, 0);
  const paid = rows.reduce((n, x) => n + x.commission, 0);
  const facts = [
    {
      label: 'At quota',
      value: withQuota.length
        ? `${withQuota.filter((x) => (x.attainment ?? 0) >= 1).length} of ${withQuota.length}`
        : '–',
    },
    { label: 'Paid rate', value: won ? percent(paid / won, 1) : '–' },
    { label: 'Final', value: `${rows.filter((x) => x.status === 'final').length} of ${rows.length}` },
  ];
  return (
    <SimpleGrid cols={3} spacing="sm" mt="md" className={classes.facts}>
      {facts.map((f) => (
        <div key={f.label}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
            {f.label}
          </Text>
          <Text fw={700} className={classes.num} ta="left">
            {f.value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}

function CommissionTable({ rows, currency: c }: { rows: CommissionRow[]; currency: string }) {
  return (
    <Table.ScrollContainer minWidth={460}>
      <Table verticalSpacing="xs" highlightOnHover data-testid="commission-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rep</Table.Th>
            <Table.Th className={classes.num}>Won</Table.Th>
            <Table.Th w={130}>Attainment</Table.Th>
            <Table.Th className={classes.num}>Commission</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((x) => (
            <Table.Tr key={x.user.id}>
              <Table.Td>
                <Group gap="xs" wrap="nowrap">
                  <Avatar size={28} radius="xl" color="kith">
                    {initials(x.user.name)}
                  </Avatar>
                  <div style={{ minWidth: 0 }}>
                    <Text size="sm" fw={500} truncate>
                      {x.user.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {x.plan?.name ?? 'No plan'}
                      {x.statements > 1 ? ` · ${x.statements} months` : ''}
                    </Text>
                  </div>
                </Group>
              </Table.Td>
              <Table.Td className={classes.num}>
                <Text size="sm">{wholeMoney(x.won, c)}</Text>
                <Text size="xs" c="dimmed">
                  {x.dealCount} {x.dealCount === 1 ? 'deal' : 'deals'}
                </Text>
              </Table.Td>
              <Table.Td>
                {x.attainment === null ? (
                  <Text size="xs" c="dimmed">
                    No quota
                  </Text>
                ) : (
                  <Tooltip label={`${wholeMoney(x.won, c)} of ${wholeMoney(x.quota ?? 0, c)}`} withinPortal>
                    <div>
                      <Text size="xs" fw={600} mb={3}>
                        {percent(x.attainment)}
                      </Text>
                      <Progress
                        size="sm"
                        radius="xl"
                        value={Math.min(100, x.attainment * 100)}
                        color={attainmentColor(x.attainment)}
                      />
                    </div>
                  </Tooltip>
                )}
              </Table.Td>
              <Table.Td className={classes.num}>
                <Text size="sm" fw={600}>
                  {wholeMoney(x.commission, c)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge size="sm" variant="light" color={x.status === 'final' ? 'teal' : 'gray'}>
                  {x.status === 'final' ? 'Final' : 'Open'}
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
