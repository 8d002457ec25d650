// Expenses of the period by category or by rep: approved (and reimbursed) and still waiting for
// approval as two distinct parts of each bar, with the total. Expenses belong to a rep, not to a
// deal, so the Territory filter does not narrow them — the card says so when one is set.
import type { ExpenseSummary } from '@kith/common/api/expenses';
import { BarChart } from '@mantine/charts';
import { Group, Skeleton, Text } from '@mantine/core';
import { IconReceipt } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CardHeader, EmptyCard, FilterNote } from './card-parts';
import { compactMajor, major, wholeMoney } from './money';
import { rowTooltip } from './row-tooltip';
import classes from './sales.module.css';
import { expenseSummaryQuery } from './sales-api';

/** Bars shown; the rest are summed as "Everything else". */
const shown = 8;

/** The two parts of each bar: what is approved (or reimbursed), and what still waits on a manager. */
const parts = [
  { name: 'Approved', label: 'Approved or reimbursed', color: 'kith.6' },
  { name: 'Submitted', label: 'Awaiting approval', color: 'yellow.5' },
];

type ExpenseGroup = ExpenseSummary['groups'][number];

export function ExpensesCard({
  days,
  teamId,
  territorySet,
}: {
  /** The period's first and last day; null until the period is known. */
  days: { from: string; to: string } | null;
  teamId: string | null;
  territorySet: boolean;
}) {
  const [by, setBy] = useState<'category' | 'rep'>('category');
  const summary = useQuery({
    ...expenseSummaryQuery(days ?? { from: '', to: '' }, teamId, by),
    enabled: !!days,
  });
  const s = summary.data;
  const c = s?.currency ?? 'EUR';
  const groups = s?.groups ?? [];
  const rest = groups.slice(shown);
  const restSum = (pick: (g: ExpenseGroup) => number) => rest.reduce((n, g) => n + pick(g), 0);
  const rows = [
    ...groups.slice(0, shown).map((g) => ({ ...g, name: g.title ?? (by === 'rep' ? 'Nobody' : 'Uncategorised') })),
    ...(rest.length
      ? [
          {
            name: `Everything else (${rest.length})`,
            total: restSum((g) => g.total),
            approved: restSum((g) => g.approved),
            submitted: restSum((g) => g.submitted),
            reimbursed: restSum((g) => g.reimbursed),
            count: restSum((g) => g.count),
          },
        ]
      : []),
  ];
  const data = rows.map((g) => ({
    name: g.name,
    Approved: major(g.approved, c),
    Submitted: major(g.submitted, c),
    row: g,
  }));
  const t = s?.total;
  return (
    <section className={classes.card} aria-label="Expenses">
      <CardHeader
        title={`Expenses by ${by}`}
        subtitle={
          t?.count
            ? `${wholeMoney(t.total, c)} in ${t.count} ${t.count === 1 ? 'expense' : 'expenses'}${t.submitted ? ` · ${wholeMoney(t.submitted, c)} awaiting approval` : ''}`
            : 'Submitted and approved in the period'
        }
        value={by}
        onChange={setBy}
        views={[
          { value: 'category', label: 'Categories' },
          { value: 'rep', label: 'Reps' },
        ]}
        switchLabel="Group expenses by"
      />
      {!s ? (
        <Skeleton h={260} />
      ) : !data.length ? (
        <EmptyCard
          icon={<IconReceipt size={22} />}
          title="No expenses in this period"
          hint="Drafts and rejected expenses are not counted until they are submitted."
        />
      ) : (
        <>
          <Group gap="md" mb={4} aria-hidden>
            {parts.map((p) => (
              <Group key={p.name} gap={6} wrap="nowrap">
                <span
                  className={classes.swatch}
                  style={{ background: `var(--mantine-color-${p.color.replace('.', '-')})` }}
                />
                <Text size="xs" c="dimmed">
                  {p.label}
                </Text>
              </Group>
            ))}
          </Group>
          <BarChart
            h={Math.max(150, data.length * 36 + 30)}
            data={data}
            dataKey="name"
            type="stacked"
            orientation="vertical"
            series={parts}
            maxBarWidth={22}
            yAxisProps={{ width: 110, tick: { fontSize: 12 } }}
            xAxisProps={{ tickFormatter: (v: number) => compactMajor(v, c) }}
            gridAxis="x"
            tooltipProps={rowTooltip<(typeof data)[number]>(
              (d) => d.name,
              (d) => (
                <>
                  {wholeMoney(d.row.total, c)} in {d.row.count} · {wholeMoney(d.row.approved, c)} approved
                  {d.row.reimbursed ? ` (${wholeMoney(d.row.reimbursed, c)} reimbursed)` : ''}
                  {d.row.submitted ? ` · ${wholeMoney(d.row.submitted, c)} awaiting approval` : ''}
                </>
              ),
            )}
          />
        </>
      )}
      {s && s.missingRates.length > 0 && (
        <FilterNote>Expenses in {s.missingRates.join(', ')} are left out: no exchange rate on their day.</FilterNote>
      )}
      {territorySet && <FilterNote>Territory does not apply: expenses belong to a rep, not to a deal.</FilterNote>}
    </section>
  );
}
