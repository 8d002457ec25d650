// The reps of the period: forecast against quota as a chart, and the leaderboard by won revenue
// with attainment and commit — which a manager may adjust, with a note.
import type { ForecastGroup, ForecastResult } from '@kith/common/api/forecasts';
import { BarChart } from '@mantine/charts';
import { ActionIcon, Avatar, Badge, Group, Progress, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useState } from 'react';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { initials } from '../../platform/ui/format';
import { AdjustCommitModal } from './adjust-commit-modal';
import { compactMajor, compactMoney, major, money, percent, wholeMoney } from './money';
import classes from './sales.module.css';

const repName = (g: ForecastGroup) => g.title ?? (g.key ? 'Someone' : 'Unassigned');

export function RepsCard({ forecast: f, chart }: { forecast: ForecastResult | undefined; chart?: boolean }) {
  if (chart) return <ForecastVsQuota forecast={f} />;
  return <Leaderboard forecast={f} />;
}

function ForecastVsQuota({ forecast: f }: { forecast: ForecastResult | undefined }) {
  const c = f?.currency ?? 'EUR';
  const reps = (f?.groups ?? []).filter((g) => g.key !== null).slice(0, 8);
  const data = reps.map((g) => ({
    rep: repName(g).split(' ')[0],
    Won: major(g.won, c),
    Commit: major(Math.max(0, g.commitAdjusted), c),
    Quota: g.quota === null ? null : major(g.quota, c),
  }));
  return (
    <section className={classes.card} aria-label="Forecast against quota per rep">
      <Text fw={600}>Forecast vs quota</Text>
      <Text size="xs" c="dimmed" mb="sm">
        Won and commit (as adjusted) against each rep's quota
      </Text>
      {!f ? (
        <Skeleton h={260} />
      ) : !data.length ? (
        <div className={classes.empty}>Nobody has deals or a quota in this period.</div>
      ) : (
        <BarChart
          h={260}
          data={data}
          dataKey="rep"
          series={[
            { name: 'Won', color: 'kith.6' },
            { name: 'Commit', color: 'violet.4' },
            { name: 'Quota', color: 'gray.4' },
          ]}
          valueFormatter={(v) => compactMajor(v, c)}
          yAxisProps={{ width: 64 }}
          gridAxis="y"
          withLegend
          legendProps={{ verticalAlign: 'top', height: 36 }}
          barProps={{ radius: [3, 3, 0, 0] }}
        />
      )}
    </section>
  );
}

function Leaderboard({ forecast: f }: { forecast: ForecastResult | undefined }) {
  const objects = useObjects();
  const canAdjust = objectByName(objects.data, 'forecastAdjustment')?.permissions.create ?? false;
  const [adjusting, setAdjusting] = useState<ForecastGroup | null>(null);
  const c = f?.currency ?? 'EUR';
  const reps = f?.groups ?? [];
  return (
    <section className={classes.card} aria-label="Rep leaderboard">
      <Text fw={600}>Leaderboard</Text>
      <Text size="xs" c="dimmed" mb="sm">
        Won this period, against quota; commit and pipeline of deals expected to close in it
      </Text>
      {!f ? (
        <Skeleton h={160} />
      ) : !reps.length ? (
        <div className={classes.empty}>No deals in this period yet.</div>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing="xs" highlightOnHover data-testid="leaderboard">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>#</Table.Th>
                <Table.Th>Rep</Table.Th>
                <Table.Th className={classes.num}>Won</Table.Th>
                <Table.Th w={170}>Quota attainment</Table.Th>
                <Table.Th className={classes.num}>Commit</Table.Th>
                <Table.Th className={classes.num} visibleFrom="md">
                  Best case
                </Table.Th>
                <Table.Th className={classes.num}>Pipeline</Table.Th>
                <Table.Th className={classes.num} visibleFrom="md">
                  Weighted
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reps.map((g, i) => {
                const adj = g.adjustments?.commit ?? null;
                return (
                  <Table.Tr key={g.key ?? 'none'}>
                    <Table.Td>
                      <Text size="sm" c="dimmed" fw={600}>
                        {g.key ? i + 1 : ''}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Avatar size={28} radius="xl" color="kith">
                          {initials(repName(g))}
                        </Avatar>
                        <div>
                          <Text size="sm" fw={500} truncate>
                            {repName(g)}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {g.wonCount} won · {g.openCount} open
                          </Text>
                        </div>
                      </Group>
                    </Table.Td>
                    <Table.Td className={classes.num}>
                      <Text size="sm" fw={600}>
                        {wholeMoney(g.won, c)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      {g.quota ? (
                        <Tooltip label={`${money(g.won, c)} of ${money(g.quota, c)}`} withinPortal>
                          <div>
                            <Group justify="space-between" gap={4} mb={3}>
                              <Text size="xs" fw={600}>
                                {percent(g.attainment)}
                              </Text>
                              <Text size="xs" c="dimmed">
                                of {compactMoney(g.quota, c)}
                              </Text>
                            </Group>
                            <Progress
                              size="sm"
                              radius="xl"
                              value={Math.min(100, (g.attainment ?? 0) * 100)}
                              color={(g.attainment ?? 0) >= 1 ? 'teal' : (g.attainment ?? 0) >= 0.7 ? 'kith' : 'orange'}
                            />
                          </div>
                        </Tooltip>
                      ) : (
                        <Text size="xs" c="dimmed">
                          {g.key ? 'No quota' : ''}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td className={classes.num}>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {adj ? (
                          <Tooltip
                            withinPortal
                            multiline
                            w={260}
                            label={`${adj.note} — ${adj.by?.name ?? 'a manager'} (was ${wholeMoney(g.commit, c)})`}
                          >
                            <Badge variant="light" color="violet" size="sm" data-testid="adjusted-commit">
                              {wholeMoney(g.commitAdjusted, c)}
                            </Badge>
                          </Tooltip>
                        ) : (
                          <Text size="sm">{wholeMoney(g.commit, c)}</Text>
                        )}
                        {canAdjust && g.key && (
                          <ActionIcon
                            variant="subtle"
                            size="sm"
                            color="gray"
                            aria-label={`Adjust ${repName(g)}'s commit`}
                            onClick={() => setAdjusting(g)}
                          >
                            <IconPencil size={14} />
                          </ActionIcon>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td className={classes.num} visibleFrom="md">
                      <Text size="sm">{wholeMoney(g.bestCase, c)}</Text>
                    </Table.Td>
                    <Table.Td className={classes.num}>
                      <Text size="sm">{wholeMoney(g.pipeline, c)}</Text>
                    </Table.Td>
                    <Table.Td className={classes.num} visibleFrom="md">
                      <Text size="sm" c="dimmed">
                        {wholeMoney(g.weighted, c)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {f && <AdjustCommitModal forecast={f} rep={adjusting} onClose={() => setAdjusting(null)} />}
    </section>
  );
}
