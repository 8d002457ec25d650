// Settings → Quotas: reps × the months or quarters of a fiscal year. A manager types a target in a
// cell and it is saved when the cell is left (an emptied cell removes the quota); a rep sees their
// own row, read-only. Amounts are typed in major units of the chosen currency.
import type { PeriodKind, QuotaGrid } from '@kith/common/api/forecasts';
import { Badge, Group, NumberInput, SegmentedControl, Select, Table, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTarget } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../platform/api';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { formatMoney, minorDigits } from '../../platform/ui/format';
import classes from './quotas.module.css';
import { quotaGridQuery, saveQuota } from './quotas-api';

const currencies = Intl.supportedValuesOf('currency');
const thisYear = new Date().getFullYear();
const years = Array.from({ length: 6 }, (_, i) => String(thisYear - 2 + i));

/** The currency most cells are in, else the reader's locale's guess, else EUR. */
function usualCurrency(grid: QuotaGrid | undefined): string {
  const counts = new Map<string, number>();
  for (const c of grid?.cells ?? []) counts.set(c.amount.currency, (counts.get(c.amount.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'EUR';
}

const fiscalStartName = (grid: QuotaGrid | undefined) =>
  new Intl.DateTimeFormat(undefined, { month: 'long' }).format(
    new Date(2000, (grid?.fiscalYearStartMonth ?? 1) - 1, 1),
  );

export function QuotasPage() {
  const [year, setYear] = useState(thisYear);
  const [kind, setKind] = useState<PeriodKind>('quarter');
  const [currency, setCurrency] = useState<string | null>(null);
  const query = useQuery(quotaGridQuery(year, kind));
  const { data: objects } = useObjects();
  const quota = objectByName(objects, 'quota');
  const editable = !!quota?.permissions.create && !!quota.permissions.update;
  const chosen = currency ?? usualCurrency(query.data);

  return (
    <SettingsPage
      title="Quotas"
      subtitle={`What each rep is to sell per month or quarter of the fiscal year (from ${fiscalStartName(query.data)}). A cell is saved when you leave it; empty it to remove the quota.`}
      icon={<IconTarget size={20} />}
      query={query}
      actions={
        <Group gap="xs" wrap="wrap">
          <Select
            aria-label="Fiscal year"
            data={years}
            value={String(year)}
            onChange={(v) => v && setYear(Number(v))}
            w={96}
            allowDeselect={false}
          />
          <SegmentedControl
            aria-label="Periods"
            value={kind}
            onChange={(v) => setKind(v as PeriodKind)}
            data={[
              { value: 'quarter', label: 'Quarters' },
              { value: 'month', label: 'Months' },
            ]}
          />
          <Select
            aria-label="Currency"
            data={currencies}
            value={chosen}
            onChange={(v) => v && setCurrency(v)}
            searchable
            w={96}
            allowDeselect={false}
            disabled={!editable}
          />
        </Group>
      }
    >
      {(grid) => <Grid grid={grid} currency={chosen} editable={editable} />}
    </SettingsPage>
  );
}

function Grid({ grid, currency, editable }: { grid: QuotaGrid; currency: string; editable: boolean }) {
  const cellOf = useMemo(() => new Map(grid.cells.map((c) => [`${c.userId} ${c.period}`, c])), [grid.cells]);
  if (!grid.reps.length) return <Text c="dimmed">Nobody to set quotas for yet: invite your sales team first.</Text>;
  return (
    <Table.ScrollContainer minWidth={grid.periods.length * 120 + 320}>
      <Table className={classes.grid} striped highlightOnHover withTableBorder verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th className={classes.rep}>Rep</Table.Th>
            {grid.periods.map((p) => (
              <Table.Th key={p.period} className={classes.num}>
                {label(p.period, grid.kind)}
              </Table.Th>
            ))}
            <Table.Th className={classes.num}>Year</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {grid.reps.map((rep) => {
            const cells = grid.periods.map((p) => cellOf.get(`${rep.id} ${p.period}`));
            const sameCurrency = cells.filter((c) => c && c.amount.currency === currency);
            const total = sameCurrency.reduce((a, c) => a + (c?.amount.amount ?? 0), 0);
            return (
              <Table.Tr key={rep.id}>
                <Table.Td className={classes.rep}>{rep.name}</Table.Td>
                {grid.periods.map((p, i) => (
                  <Table.Td key={p.period} className={classes.num}>
                    <QuotaCell
                      period={p.period}
                      repId={rep.id}
                      repName={rep.name}
                      value={cells[i]?.amount ?? null}
                      currency={currency}
                      editable={editable}
                      year={grid.year}
                      kind={grid.kind}
                    />
                  </Table.Td>
                ))}
                <Table.Td className={classes.num}>
                  <Text size="sm" fw={600}>
                    {sameCurrency.length ? formatMoney({ amount: total, currency }) : '—'}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th className={classes.rep}>Team</Table.Th>
            {grid.periods.map((p) => (
              <Table.Th key={p.period} className={classes.num}>
                {teamTotal(grid, currency, (c) => c.period === p.period)}
              </Table.Th>
            ))}
            <Table.Th className={classes.num}>{teamTotal(grid, currency, () => true)}</Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The sum of the cells in the chosen currency, or a dash when there are none. */
function teamTotal(grid: QuotaGrid, currency: string, which: (c: QuotaGrid['cells'][number]) => boolean): string {
  const cells = grid.cells.filter((c) => which(c) && c.amount.currency === currency);
  return cells.length ? formatMoney({ amount: cells.reduce((a, c) => a + c.amount.amount, 0), currency }) : '—';
}

/** The currency's own sign ("€", "$", "CHF"), for the inputs. */
function currencySign(currency: string): string {
  try {
    return (
      new Intl.NumberFormat(undefined, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
        .formatToParts(0)
        .find((p) => p.type === 'currency')?.value ?? currency
    );
  } catch {
    return currency;
  }
}

const monthNames = Array.from({ length: 12 }, (_, m) =>
  new Intl.DateTimeFormat(undefined, { month: 'short' }).format(new Date(2000, m, 1)),
);

/** "Q3" or "Jul": the fiscal year is chosen above the grid. */
function label(period: string, kind: PeriodKind): string {
  if (kind === 'quarter') return period.slice(5);
  return monthNames[Number(period.slice(5, 7)) - 1];
}

function QuotaCell(props: {
  period: string;
  repId: string;
  repName: string;
  value: { amount: number; currency: string } | null;
  currency: string;
  editable: boolean;
  year: number;
  kind: PeriodKind;
}) {
  const { value, currency, editable } = props;
  const qc = useQueryClient();
  const digits = minorDigits(value?.currency ?? currency);
  const shown = value ? value.amount / 10 ** digits : '';
  const [draft, setDraft] = useState<string | number | null>(null);
  const [saving, setSaving] = useState(false);
  if (!editable || (value && value.currency !== currency))
    return value ? (
      <Tooltip label={value.currency !== currency ? `Set in ${value.currency}` : 'Your target'} withArrow>
        <Text size="sm" span>
          {formatMoney(value)}
        </Text>
      </Tooltip>
    ) : (
      <Text size="sm" c="dimmed" span>
        —
      </Text>
    );
  const save = async () => {
    if (draft === null) return;
    const text = String(draft).trim();
    const major = text === '' ? null : Number(text);
    setDraft(null);
    if (major !== null && !(Number.isFinite(major) && major >= 0)) return;
    const amount = major === null ? null : { amount: Math.round(major * 10 ** minorDigits(currency)), currency };
    if ((amount?.amount ?? null) === (value?.amount ?? null)) return;
    setSaving(true);
    try {
      await saveQuota(props.period, props.repId, amount);
      await qc.invalidateQueries({ queryKey: quotaGridQuery(props.year, props.kind).queryKey });
    } catch (e) {
      notifications.show({
        color: 'red',
        title: `Could not save ${props.repName}'s ${props.period}`,
        message: errorMessage(e),
      });
    } finally {
      setSaving(false);
    }
  };
  return (
    <NumberInput
      aria-label={`${props.repName}, ${props.period}`}
      value={draft ?? shown}
      onChange={setDraft}
      onBlur={() => void save()}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
      min={0}
      decimalScale={digits}
      thousandSeparator=","
      hideControls
      size="xs"
      placeholder="—"
      disabled={saving}
      leftSection={
        <Text size="xs" c="dimmed">
          {currencySign(currency)}
        </Text>
      }
      leftSectionWidth={currencySign(currency).length > 1 ? 36 : 24}
      rightSection={
        saving ? (
          <Badge size="xs" variant="light">
            …
          </Badge>
        ) : undefined
      }
      classNames={{ input: classes.input }}
    />
  );
}
