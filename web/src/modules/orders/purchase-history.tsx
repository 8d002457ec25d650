// A customer's purchase history on a company's or a contact's page: what they have bought in all
// (per currency), how many orders and how many still open, when they last ordered, the last twelve
// months drawn as bars, and their orders newest first, ten at a time.
import type { PurchasedOrder, PurchaseSummary } from '@kith/common/api/orders';
import { BarChart } from '@mantine/charts';
import { Anchor, Button, Group, Paper, SimpleGrid, Skeleton, Table, Text } from '@mantine/core';
import { IconShoppingBag } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RecordContext } from '../../platform/extensions';
import { useObjectMeta } from '../../platform/meta/objects';
import { recordPath } from '../../platform/meta/paths';
import { FieldValue } from '../../platform/ui/field-value';
import { formatDate, formatMoney } from '../../platform/ui/format';
import { compactMajor, major } from '../sales/money';
import { shortMonth } from '../sales/periods';
import classes from './orders.module.css';
import { purchaseHistoryQuery } from './orders-api';

export function PurchaseHistoryPanel({ meta, record }: RecordContext) {
  const customer = meta.name === 'company' ? { companyId: record.id } : { contactId: record.id };
  const history = useInfiniteQuery(purchaseHistoryQuery(customer));
  const orders = history.data?.pages.flatMap((p) => p.data) ?? [];
  const summary = history.data?.pages[0]?.summary ?? null;
  // Nothing bought and nothing drafted: the panel stays out of the way.
  if (history.isSuccess && !orders.length) return null;
  if (history.isError) return null;

  return (
    <Paper withBorder className={classes.panel} data-testid="purchase-history">
      <Group gap={8} px="md" py={10}>
        <IconShoppingBag size={16} stroke={1.8} />
        <Text fw={600} size="sm">
          Purchase history
        </Text>
      </Group>
      {summary ? <Summary summary={summary} /> : <Skeleton h={64} mx="md" mb="sm" />}
      <OrdersTable orders={orders} loading={history.isLoading} />
      {history.hasNextPage && (
        <Group justify="center" pb="sm">
          <Button
            variant="subtle"
            size="xs"
            loading={history.isFetchingNextPage}
            onClick={() => history.fetchNextPage()}
          >
            Show older orders
          </Button>
        </Group>
      )}
    </Paper>
  );
}

function Summary({ summary: s }: { summary: PurchaseSummary }) {
  const main = s.lifetimeValue[0];
  const others = s.lifetimeValue.slice(1);
  const months = main ? lastTwelve(s.byMonth.filter((m) => m.currency === main.currency)) : [];
  return (
    <div className={classes.summary}>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" className={classes.kpis}>
        <Kpi label="Lifetime value" value={main ? formatMoney(main) : '—'} hint={others.map(formatMoney).join(' · ')} />
        <Kpi label="Orders" value={String(s.orders)} hint={s.open ? `${s.open} open` : 'none open'} />
        <Kpi label="Last order" value={s.lastOrderedAt ? formatDate(s.lastOrderedAt) : '—'} />
        <Kpi label="Customer since" value={s.firstOrderedAt ? formatDate(s.firstOrderedAt) : '—'} />
      </SimpleGrid>
      {main && months.some((m) => m.amount > 0) && (
        <BarChart
          h={110}
          data={months.map((m) => ({ month: shortMonth(m.month), Bought: major(m.amount, main.currency) }))}
          dataKey="month"
          series={[{ name: 'Bought', color: 'kith.6' }]}
          valueFormatter={(v) => compactMajor(v, main.currency)}
          withYAxis={false}
          gridAxis="none"
          tickLine="none"
          barProps={{ radius: 3 }}
          aria-label="Bought per month over the last twelve months"
        />
      )}
    </div>
  );
}

/** The last twelve months in order, with the months nothing was bought in as zero. */
function lastTwelve(byMonth: PurchaseSummary['byMonth']) {
  const now = new Date();
  const out: Array<{ month: string; amount: number }> = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const month = d.toISOString().slice(0, 7);
    out.push({ month, amount: byMonth.find((m) => m.month === month)?.amount ?? 0 });
  }
  return out;
}

function Kpi({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" lts={0.4}>
        {label}
      </Text>
      <Text fw={650} size="lg" truncate>
        {value}
      </Text>
      {hint ? (
        <Text size="xs" c="dimmed" truncate>
          {hint}
        </Text>
      ) : null}
    </div>
  );
}

function OrdersTable({ orders, loading }: { orders: PurchasedOrder[]; loading: boolean }) {
  const { meta } = useObjectMeta('orders');
  const status = meta?.fields.find((f) => f.name === 'status');
  if (loading) return <Skeleton h={120} mx="md" mb="md" />;
  return (
    <div className={classes.tableWrap}>
      <Table verticalSpacing={6} highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Order</Table.Th>
            <Table.Th visibleFrom="sm">Date</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Anchor component={Link} to={recordPath('orders', o.id)} size="sm" fw={500}>
                  {o.number}
                </Anchor>
                {o.name ? (
                  <Text size="xs" c="dimmed" lineClamp={1} maw={260}>
                    {o.name}
                  </Text>
                ) : null}
                <Text size="xs" c="dimmed" hiddenFrom="sm">
                  {formatDate(o.orderedAt)}
                </Text>
              </Table.Td>
              <Table.Td visibleFrom="sm" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDate(o.orderedAt)}</Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {status ? (
                  <FieldValue
                    field={status}
                    record={{ id: o.id, title: '', createdAt: '', updatedAt: '', deletedAt: null, status: o.status }}
                    compact
                  />
                ) : (
                  <Text size="sm">{o.status}</Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" ff="monospace">
                  {o.total ? formatMoney(o.total) : '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}
