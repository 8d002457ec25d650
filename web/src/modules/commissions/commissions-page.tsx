// Commissions (/commissions): a rep's statement for a period — won, quota, attainment against the
// plan's tiers, and what each won deal earned — and, for managers, their reps' statements side by
// side (choose one to see its deals) with a button to recalculate the period now.
import type { StatementSummary } from '@kith/common/api/commissions';
import { Alert, Badge, Button, Group, Select, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { errorMessage } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { formatDate, formatMoney } from '../../platform/ui/format';
import { AttainmentBar } from './attainment-bar';
import classes from './commissions.module.css';
import { recalculate, statementKeys, statementQuery, statementsQuery } from './commissions-api';
import { currentPeriod, statementPeriods } from './periods';

const money = (amount: number | null, currency: string) =>
  amount === null ? '—' : formatMoney({ amount: Math.round(amount), currency });
const percent = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10} %`);

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className={classes.card}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz={{ base: 17, sm: 22 }} fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </div>
  );
}

function Statement({ id }: { id: string }) {
  const q = useQuery(statementQuery(id));
  const s = q.data;
  if (q.error) return <Alert color="red">{errorMessage(q.error)}</Alert>;
  if (!s) return <Skeleton h={320} />;
  const c = s.currency;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={3}>
            {s.user.name} · {s.period}
          </Title>
          <Text size="sm" c="dimmed">
            {s.plan ? `Plan: ${s.plan.name}` : 'No plan'} · calculated {formatDate(s.calculatedAt)}
          </Text>
        </div>
        <Badge color={s.status === 'final' ? 'gray' : 'blue'} variant="light">
          {s.status === 'final' ? 'Final' : 'Open'}
        </Badge>
      </Group>
      {s.missingRates.length > 0 && (
        <Alert color="yellow">
          Deals in {s.missingRates.join(', ')} are left out: no exchange rate on their close day.
        </Alert>
      )}
      <div className={classes.kpis}>
        <Kpi label="Won" value={money(s.won, c)} hint={`${s.dealCount} deals`} />
        <Kpi label="Quota" value={money(s.quota, c)} />
        <Kpi label="Attainment" value={percent(s.attainment)} />
        <Kpi
          label="Commission"
          value={money(s.commission, c)}
          hint={s.won ? `${Math.round((s.commission / s.won) * 10000) / 100} % of won` : undefined}
        />
      </div>
      <section className={classes.card}>
        <Text fw={600}>Attainment and tiers</Text>
        <Text size="xs" c="dimmed">
          Each band’s rate is paid on the part of won amount inside it.
          {s.quota === null ? ' No quota is set: every deal earns the first band’s rate.' : ''}
        </Text>
        <AttainmentBar tiers={s.tiers} attainment={s.attainment} />
      </section>
      <section className={classes.card}>
        <Text fw={600} mb="xs">
          What each deal earned
        </Text>
        {s.lines.length === 0 ? (
          <Text c="dimmed" size="sm">
            No won deals in this period.
          </Text>
        ) : (
          <div className={classes.tableWrap}>
            <Table striped highlightOnHover miw={560}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Deal</Table.Th>
                  <Table.Th>Closed</Table.Th>
                  <Table.Th ta="right">Won</Table.Th>
                  <Table.Th>Rate</Table.Th>
                  <Table.Th ta="right">Commission</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.lines.slice(0, 500).map((l) => (
                  <Table.Tr key={l.dealId}>
                    <Table.Td>{l.dealName}</Table.Td>
                    <Table.Td>{formatDate(l.closedAt)}</Table.Td>
                    <Table.Td ta="right">
                      {money(l.won, c)}
                      {l.amount.currency && l.amount.currency !== c && (
                        <Text span size="xs" c="dimmed">
                          {' '}
                          ({formatMoney({ amount: l.amount.amount, currency: l.amount.currency })})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {l.parts.map((p) => (
                          <Badge
                            key={p.kind === 'band' ? `b${p.band}` : `c${p.categoryId}`}
                            size="sm"
                            variant="light"
                            color={p.kind === 'band' ? 'teal' : 'violet'}
                          >
                            {p.ratePercent} % × {formatMoney({ amount: p.amount, currency: c })}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {money(l.commission, c)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {s.lines.length > 500 && (
              <Text size="xs" c="dimmed">
                The first 500 of {s.lines.length} deals.
              </Text>
            )}
          </div>
        )}
      </section>
    </Stack>
  );
}

function TeamTable({
  rows,
  selected,
  onSelect,
}: {
  rows: StatementSummary[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  return (
    <section className={classes.card}>
      <Text fw={600} mb="xs">
        Reps
      </Text>
      <div className={classes.tableWrap}>
        <Table highlightOnHover miw={560}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rep</Table.Th>
              <Table.Th>Plan</Table.Th>
              <Table.Th ta="right">Won</Table.Th>
              <Table.Th ta="right">Attainment</Table.Th>
              <Table.Th ta="right">Commission</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr
                key={r.id}
                className={classes.clickable}
                bg={r.id === selected ? 'var(--mantine-color-blue-light)' : undefined}
                onClick={() => onSelect(r.id)}
              >
                <Table.Td>{r.user.name}</Table.Td>
                <Table.Td>{r.plan?.name ?? '—'}</Table.Td>
                <Table.Td ta="right">{money(r.won, r.currency)}</Table.Td>
                <Table.Td ta="right">{percent(r.attainment)}</Table.Td>
                <Table.Td ta="right" fw={600}>
                  {money(r.commission, r.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  );
}

export function CommissionsPage() {
  const [params, setParams] = useSearchParams();
  const period = params.get('period') ?? currentPeriod('quarter');
  const { user } = useCurrentSession();
  const { data: objects } = useObjects();
  const manager = !!objectByName(objects, 'commissionPlan')?.permissions.update;
  const list = useQuery(statementsQuery(period));
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = list.data?.data ?? [];
  const selected =
    (chosen && rows.some((r) => r.id === chosen) ? chosen : null) ??
    rows.find((r) => r.user.id === user.id)?.id ??
    rows[0]?.id ??
    null;

  const recalc = async () => {
    setBusy(true);
    try {
      const r = await recalculate({ period });
      notifications.show({ message: `${r.data.length} statements recalculated` });
      await qc.invalidateQueries({ queryKey: statementKeys.all });
    } catch (e) {
      notifications.show({ color: 'red', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" p={{ base: 'md', sm: 'xl' }} className={classes.page} data-testid="commissions-page">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={2}>Commissions</Title>
          <Text size="sm" c="dimmed">
            {manager ? 'Your reps’ statements' : 'Your statement'} — kept up to date as deals are won and change.
          </Text>
        </div>
        <Group gap="xs">
          <Select
            aria-label="Period"
            data={statementPeriods()}
            value={period}
            onChange={(v) => v && setParams({ period: v }, { replace: true })}
            w={170}
            allowDeselect={false}
          />
          {manager && (
            <Button variant="default" leftSection={<IconRefresh size={16} />} loading={busy} onClick={recalc}>
              Recalculate
            </Button>
          )}
        </Group>
      </Group>
      {list.error && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {!list.data ? (
        <Skeleton h={200} />
      ) : rows.length === 0 ? (
        <Alert color="gray">
          No statement for {period}.{' '}
          {manager
            ? 'Statements exist for reps on an active plan paying per this kind of period; recalculate to make them now.'
            : 'You are on no active plan for this period, or none pays per this kind of period.'}
        </Alert>
      ) : (
        <>
          {manager && rows.length > 1 && <TeamTable rows={rows} selected={selected} onSelect={setChosen} />}
          {selected && <Statement id={selected} />}
        </>
      )}
    </Stack>
  );
}
