// Across a record's page while it waits for approval: who decides and why, with Approve / Reject
// for them, Withdraw for the requester, and "Locked while waiting" for everyone else. A request
// refused stays shown, with its comment, until the record is next changed.
import type { ApprovalRequest } from '@kith/common/api/approvals';
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconLock, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { RecordContext } from '../../platform/extensions';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import { type Decision, recordApprovalQuery } from './approvals-api';
import { DecisionModal } from './decision-modal';

const names = (r: ApprovalRequest) => r.approvers.map((a) => a.name).join(', ') || 'an admin';

export function ApprovalBanner({ meta, record }: RecordContext) {
  const q = useQuery(recordApprovalQuery(meta.plural, record.id));
  const [decision, setDecision] = useState<Decision | null>(null);
  const r = q.data;
  if (!r || (r.status !== 'pending' && r.status !== 'rejected')) return null;
  // A refusal says what to change; once the record changed, it has been heard. (A module's own
  // write in the decision, a quote back to draft, lands within the same moment: not a change.)
  if (r.status === 'rejected' && r.decidedAt && Date.parse(String(record.updatedAt)) > Date.parse(r.decidedAt) + 5000)
    return null;
  if (r.status === 'rejected')
    return (
      <Alert color="red" variant="light" mb="md" icon={<IconX size={18} />} data-testid="approval-banner">
        <Text size="sm">
          <b>{r.decidedBy?.name ?? 'Someone'}</b> rejected the approval{' '}
          <span title={r.decidedAt ? formatDateTime(r.decidedAt) : undefined}>
            {r.decidedAt ? formatRelative(r.decidedAt) : ''}
          </span>{' '}
          — {r.reason}
        </Text>
        {r.comment && (
          <Text size="sm" mt={4}>
            “{r.comment}”
          </Text>
        )}
      </Alert>
    );
  return (
    <Alert color="yellow" variant="light" mb="md" icon={<IconLock size={18} />} data-testid="approval-banner">
      <Group justify="space-between" align="center" gap="sm" wrap="wrap">
        <div style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm">
            Waiting for approval by <b>{names(r)}</b> — {r.reason}
          </Text>
          <Text size="xs" c="dimmed">
            Asked by {r.requestedBy?.name ?? 'someone'} {formatRelative(r.requestedAt)}
            {r.canDecide ? '' : ' · Locked while waiting: it cannot be changed until it is decided'}
          </Text>
        </div>
        <Group gap="xs">
          {r.canDecide && (
            <>
              <Button size="xs" color="teal" onClick={() => setDecision('approve')} data-testid="approval-approve">
                Approve
              </Button>
              <Button
                size="xs"
                color="red"
                variant="light"
                onClick={() => setDecision('reject')}
                data-testid="approval-reject"
              >
                Reject
              </Button>
            </>
          )}
          {r.canCancel && !r.canDecide && (
            <Button size="xs" variant="default" onClick={() => setDecision('cancel')} data-testid="approval-cancel">
              Withdraw request
            </Button>
          )}
        </Group>
      </Group>
      <DecisionModal request={r} decision={decision} plural={meta.plural} onClose={() => setDecision(null)} />
    </Alert>
  );
}
