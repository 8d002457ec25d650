// On a quote's page: its status, what it waits for, its lines (editable while a draft) and the
// totals the server computed, and what can be done next — submit for approval, send, make a new
// version, download the PDF.
import { Alert, Badge, Button, Divider, Group, Paper, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCopy,
  IconDownload,
  IconFileInvoice,
  IconMessageCircle,
  IconSend,
  IconShieldCheck,
} from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../platform/api';
import type { RecordContext } from '../../platform/extensions';
import { invalidateObject } from '../../platform/records/records-api';
import { DocumentTotals } from '../products/document-totals';
import { type PricedLineEdit, PricedLinesEditor } from '../products/priced-lines-editor';
import { pdfUrl, quoteLinesQuery, quoteSettingsQuery, quotesApi } from './quotes-api';
import { SendQuoteModal } from './send-quote-modal';

export const statusColors: Record<string, string> = {
  draft: 'gray',
  pendingApproval: 'yellow',
  approved: 'teal',
  sent: 'blue',
  accepted: 'green',
  declined: 'red',
  expired: 'orange',
  superseded: 'gray',
};
export const statusLabels: Record<string, string> = {
  draft: 'Draft',
  pendingApproval: 'Waiting for approval',
  approved: 'Approved',
  sent: 'Sent',
  accepted: 'Accepted',
  declined: 'Declined',
  expired: 'Expired',
  superseded: 'Superseded',
};

export function QuotePanel({ meta, record }: RecordContext) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const lines = useQuery(quoteLinesQuery(record.id));
  const settings = useQuery(quoteSettingsQuery);
  const [busy, setBusy] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const quote = (lines.data?.quote ?? record) as Record<string, unknown>;
  const status = String(quote.status ?? 'draft');
  const canChange = meta.permissions.update && !record.deletedAt;
  const limit = settings.data?.approvalDiscountPercent ?? 20;
  const discount = Math.max(Number(quote.discountPercent ?? 0), Number(quote.averageDiscountPercent ?? 0));
  const needsApproval = discount > limit;
  const hasLines = (lines.data?.lines.length ?? 0) > 0;

  const refresh = () => {
    invalidateObject(qc, meta.plural, record.id);
    void qc.invalidateQueries({ queryKey: quoteLinesQuery(record.id).queryKey });
  };
  const act = async (name: string, fn: () => Promise<unknown>, done?: string) => {
    setBusy(name);
    try {
      await fn();
      refresh();
      if (done) notifications.show({ color: 'green', message: done });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not do that', message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };
  const saveLines = async (edits: PricedLineEdit[]) => {
    const lines = edits.map(({ id: _id, ...line }) => line);
    const saved = await quotesApi.saveLines(record.id, { mode: 'replace', lines });
    qc.setQueryData(quoteLinesQuery(record.id).queryKey, saved);
    invalidateObject(qc, meta.plural, record.id);
    return saved.lines;
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="quote-panel">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs">
            <IconFileInvoice size={20} stroke={1.6} />
            <Text fw={600}>
              {String(quote.number ?? '')}
              {Number(quote.version ?? 1) > 1 ? ` · version ${quote.version}` : ''}
            </Text>
            <Badge color={statusColors[status] ?? 'gray'} variant="light" data-testid="quote-status">
              {statusLabels[status] ?? status}
            </Badge>
          </Group>
          <Group gap="xs">
            {canChange && status === 'draft' && (
              <Button
                size="xs"
                variant={needsApproval ? 'filled' : 'light'}
                leftSection={<IconShieldCheck size={14} />}
                loading={busy === 'submit'}
                disabled={!hasLines}
                onClick={() =>
                  void act('submit', async () => {
                    const r = await quotesApi.submit(record.id);
                    notifications.show({
                      color: r.approvalNeeded ? 'yellow' : 'green',
                      message: r.approvalNeeded
                        ? `Sent for approval: ${r.reason}`
                        : 'Approved: within the discount limit',
                    });
                  })
                }
              >
                {needsApproval ? 'Submit for approval' : 'Approve'}
              </Button>
            )}
            {canChange && ['draft', 'approved', 'sent'].includes(status) && (
              <Button
                size="xs"
                leftSection={<IconSend size={14} />}
                disabled={!hasLines || (status === 'draft' && needsApproval)}
                title={status === 'draft' && needsApproval ? 'Needs approval first' : undefined}
                onClick={() => setSending(true)}
              >
                {status === 'sent' ? 'Send again' : 'Send'}
              </Button>
            )}
            {canChange && !['pendingApproval', 'accepted', 'superseded'].includes(status) && (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconCopy size={14} />}
                loading={busy === 'version'}
                onClick={() =>
                  void act(
                    'version',
                    async () => {
                      const v = await quotesApi.newVersion(record.id);
                      void navigate(`/quotes/${v.quote.id}`);
                    },
                    'New version made: the old one is superseded',
                  )
                }
              >
                New version
              </Button>
            )}
            <Button
              size="xs"
              variant="default"
              component="a"
              href={pdfUrl(record.id)}
              leftSection={<IconDownload size={14} />}
            >
              PDF
            </Button>
          </Group>
        </Group>

        {status === 'pendingApproval' && (
          <Alert color="yellow" variant="light" icon={<IconShieldCheck size={18} />}>
            Waiting for approval: the discount of {discount} % is above the {limit} % limit. The quote is locked until
            an approver decides.
          </Alert>
        )}
        {status === 'draft' && typeof quote.approvalComment === 'string' && quote.approvalComment && (
          <Alert color="red" variant="light" icon={<IconMessageCircle size={18} />} title="Returned by the approver">
            {quote.approvalComment}
          </Alert>
        )}
        {status === 'draft' && needsApproval && (
          <Text size="xs" c="dimmed">
            A discount above {limit} % needs approval before the quote is sent.
          </Text>
        )}
        {status === 'accepted' && (
          <Alert color="green" variant="light">
            Accepted by {String(quote.acceptedBy ?? 'the customer')}
            {quote.decidedAt ? ` on ${new Date(String(quote.decidedAt)).toLocaleDateString()}` : ''}.
          </Alert>
        )}
        {status === 'declined' && (
          <Alert color="red" variant="light">
            Declined{quote.declineReason ? `: ${quote.declineReason}` : '.'}
          </Alert>
        )}

        {lines.isLoading ? (
          <Skeleton h={120} />
        ) : (
          <PricedLinesEditor
            lines={lines.data?.lines ?? []}
            currency={String(quote.currency ?? 'EUR')}
            priceBookId={(quote.priceBookId as string | null) ?? null}
            editable={canChange && status === 'draft'}
            onSave={saveLines}
            testId="quote-lines"
            emptyHint="add the products this quote offers"
          />
        )}
        <Divider />
        <DocumentTotals doc={quote} testId="quote-totals" />
      </Stack>
      {sending && (
        <SendQuoteModal
          quoteId={record.id}
          quote={quote}
          onClose={() => setSending(false)}
          onSent={() => {
            setSending(false);
            refresh();
          }}
        />
      )}
    </Paper>
  );
}
