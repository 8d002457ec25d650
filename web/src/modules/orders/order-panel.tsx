// On an order's page: its status and the next step it may take (confirm, mark fulfilled, invoiced,
// paid, or cancel — each a change of its status through the records API, refused by the server
// when the order's life does not allow it), the date of each step it took, the quote and deal it
// came from, its lines (editable while a draft) and the totals the server computed.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
} from '@mantine/core';
import {
  IconAlertCircle,
  IconBan,
  IconCash,
  IconCheck,
  IconFileInvoice,
  IconReceipt,
  IconTruckDelivery,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../platform/api';
import type { RecordContext } from '../../platform/extensions';
import { invalidateObject, type RecordRef, recordsApi } from '../../platform/records/records-api';
import { formatDate, formatDateTime } from '../../platform/ui/format';
import { DocumentTotals } from '../products/document-totals';
import { type PricedLineEdit, PricedLinesEditor } from '../products/priced-lines-editor';
import classes from './orders.module.css';
import { orderLinesQuery, saveOrderLines } from './orders-api';

type Status = 'draft' | 'confirmed' | 'fulfilled' | 'invoiced' | 'paid' | 'cancelled';

/** The order's life as the server keeps it (server/src/modules/orders/order-rules.ts). */
const life: Array<{ status: Status; label: string; color: string; dateField: string }> = [
  { status: 'draft', label: 'Draft', color: 'gray', dateField: 'orderedAt' },
  { status: 'confirmed', label: 'Confirmed', color: 'blue', dateField: 'confirmedAt' },
  { status: 'fulfilled', label: 'Fulfilled', color: 'teal', dateField: 'fulfilledAt' },
  { status: 'invoiced', label: 'Invoiced', color: 'violet', dateField: 'invoicedAt' },
  { status: 'paid', label: 'Paid', color: 'green', dateField: 'paidAt' },
];
const cancelled = { status: 'cancelled' as const, label: 'Cancelled', color: 'red', dateField: 'cancelledAt' };

/** The step after each status, as its button says it. */
const nextStep: Partial<Record<Status, { to: Status; label: string; icon: typeof IconCheck }>> = {
  draft: { to: 'confirmed', label: 'Confirm', icon: IconCheck },
  confirmed: { to: 'fulfilled', label: 'Mark fulfilled', icon: IconTruckDelivery },
  fulfilled: { to: 'invoiced', label: 'Mark invoiced', icon: IconReceipt },
  invoiced: { to: 'paid', label: 'Mark paid', icon: IconCash },
};
/** Until it is invoiced, an order may be cancelled. */
const cancellable: Status[] = ['draft', 'confirmed', 'fulfilled'];

export function OrderPanel({ meta, record }: RecordContext) {
  const qc = useQueryClient();
  const lines = useQuery(orderLinesQuery(record.id));
  const [busy, setBusy] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const status = (record.status as Status | null) ?? 'draft';
  const canChange = meta.permissions.update && !record.deletedAt;
  const next = nextStep[status];
  const hasLines = (lines.data?.length ?? 0) > 0;
  const linesKey = orderLinesQuery(record.id).queryKey;

  const move = async (to: Status) => {
    setBusy(to);
    setError(null);
    try {
      await recordsApi.update(meta.plural, record.id, { status: to });
      invalidateObject(qc, meta.plural, record.id);
      setConfirmCancel(false);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const saveLines = async (edits: PricedLineEdit[]) => {
    try {
      const saved = await saveOrderLines(record.id, lines.data ?? [], edits);
      qc.setQueryData(linesKey, saved);
      return saved;
    } finally {
      // The order's totals, and on a refusal what was saved before it.
      invalidateObject(qc, meta.plural, record.id);
      void qc.invalidateQueries({ queryKey: linesKey });
    }
  };

  const steps = status === 'cancelled' ? [...life.filter((s) => record[s.dateField]), cancelled] : life;
  const current = status === 'cancelled' ? cancelled : (life.find((s) => s.status === status) ?? life[0]);
  const reached = (i: number) => status === 'cancelled' || i <= life.findIndex((s) => s.status === status);
  const quote = record.quote as RecordRef | null | undefined;
  const deal = record.deal as RecordRef | null | undefined;

  return (
    <Paper withBorder p="md" radius="md" mb="md" className={classes.orderPanel} data-testid="order-panel">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <IconFileInvoice size={20} stroke={1.6} />
            <Text fw={600}>{String(record.number ?? 'Order')}</Text>
            <Badge color={current.color} variant="light" data-testid="order-status">
              {current.label}
            </Badge>
          </Group>
          {canChange && (
            <Group gap="xs" data-testid="order-actions">
              {next && (
                <Button
                  size="xs"
                  leftSection={<next.icon size={14} />}
                  loading={busy === next.to}
                  disabled={busy !== null || (next.to === 'confirmed' && !hasLines)}
                  title={next.to === 'confirmed' && !hasLines ? 'Add a line first' : undefined}
                  onClick={() => void move(next.to)}
                >
                  {next.label}
                </Button>
              )}
              {cancellable.includes(status) && (
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  leftSection={<IconBan size={14} />}
                  disabled={busy !== null}
                  onClick={() => setConfirmCancel(true)}
                >
                  Cancel order
                </Button>
              )}
            </Group>
          )}
        </Group>

        {error && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle size={18} />}
            withCloseButton
            onClose={() => setError(null)}
            data-testid="order-error"
          >
            {error}
          </Alert>
        )}

        <SimpleGrid cols={{ base: 2, xs: 3, md: steps.length }} spacing="xs" data-testid="order-steps">
          {steps.map((s, i) => {
            const at = record[s.dateField];
            const done = s === cancelled || reached(i);
            return (
              <div
                key={s.status}
                className={classes.step}
                data-done={done || undefined}
                data-color={s.color}
                title={at ? formatDateTime(at) : undefined}
              >
                <Text size="xs" c="dimmed">
                  {s.status === 'draft' ? 'Ordered' : s.label}
                </Text>
                <Text size="sm" fw={done ? 600 : 400} c={done ? undefined : 'dimmed'}>
                  {at ? formatDate(at) : '—'}
                </Text>
              </div>
            );
          })}
        </SimpleGrid>

        {(quote || deal) && (
          <Group gap="md" wrap="wrap">
            {quote && (
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  From quote{' '}
                </Text>
                <Anchor component={Link} to={`/quotes/${quote.id}`} data-testid="order-quote-link">
                  {quote.title ?? 'Quote'}
                </Anchor>
              </Text>
            )}
            {deal && (
              <Text size="sm">
                <Text span c="dimmed" size="sm">
                  Deal{' '}
                </Text>
                <Anchor component={Link} to={`/deals/${deal.id}`} data-testid="order-deal-link">
                  {deal.title ?? 'Deal'}
                </Anchor>
              </Text>
            )}
          </Group>
        )}

        {status !== 'draft' && (
          <Text size="xs" c="dimmed">
            What was ordered stays as it was once the order is confirmed.
          </Text>
        )}
        {lines.isLoading ? (
          <Skeleton h={120} />
        ) : (
          <PricedLinesEditor
            lines={lines.data ?? []}
            currency={String(record.currency ?? 'EUR')}
            priceBookId={(record.priceBookId as string | null) ?? null}
            editable={canChange && status === 'draft'}
            onSave={saveLines}
            testId="order-lines"
            emptyHint="add the products ordered"
          />
        )}
        <Divider />
        <DocumentTotals doc={record} testId="order-totals" />
      </Stack>

      <Modal opened={confirmCancel} onClose={() => setConfirmCancel(false)} title="Cancel this order?" centered>
        <Stack gap="md">
          <Text size="sm">
            {String(record.number ?? 'The order')} becomes cancelled, dated today. A cancelled order cannot be confirmed
            again.
          </Text>
          {error && (
            <Text size="sm" c="red">
              {error}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={() => setConfirmCancel(false)}>
              Keep it
            </Button>
            <Button color="red" loading={busy === 'cancelled'} onClick={() => void move('cancelled')}>
              Cancel order
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
