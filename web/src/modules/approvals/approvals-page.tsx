// /approvals: what waits for the reader's decision, what they asked for, and (admins) every
// request; approve, reject with a comment, or withdraw from here.
import type { ApprovalRequest, ApprovalStatus } from '@kith/common/api/approvals';
import { Anchor, Badge, Box, Button, Center, Group, Loader, Paper, Stack, Tabs, Text } from '@mantine/core';
import { IconChecklist } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCurrentSession } from '../../platform/auth/session';
import { ObjectIcon } from '../../platform/meta/object-icon';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { recordPath } from '../../platform/meta/paths';
import { EmptyState } from '../../platform/ui/empty-state';
import { ErrorState } from '../../platform/ui/error-state';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import { PageHeader } from '../../platform/ui/page-header';
import { type ApprovalsTab, approvalsListQuery, type Decision } from './approvals-api';
import { DecisionModal } from './decision-modal';

const statusColor: Record<ApprovalStatus, string> = {
  pending: 'yellow',
  approved: 'teal',
  rejected: 'red',
  cancelled: 'gray',
};

function RequestRow({ r }: { r: ApprovalRequest }) {
  const objects = useObjects();
  const meta = objectByName(objects.data, r.object);
  const [decision, setDecision] = useState<Decision | null>(null);
  return (
    <Paper withBorder p="sm" data-testid="approval-row">
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Group gap="sm" align="flex-start" wrap="nowrap" miw={0} style={{ flex: 1 }}>
          <Box c="dimmed" pt={2}>
            <ObjectIcon name={meta?.icon || r.object} size={18} />
          </Box>
          <Box miw={0}>
            <Group gap={8} wrap="wrap">
              {meta ? (
                <Anchor component={Link} to={recordPath(meta.plural, r.recordId)} fw={600} size="sm">
                  {r.recordTitle ?? `A ${meta.label.toLowerCase()}`}
                </Anchor>
              ) : (
                <Text fw={600} size="sm">
                  {r.recordTitle ?? r.object}
                </Text>
              )}
              <Text size="xs" c="dimmed">
                {meta?.label ?? r.object}
              </Text>
              <Badge size="xs" variant="light" color={statusColor[r.status]}>
                {r.status}
              </Badge>
            </Group>
            <Text size="sm" mt={2}>
              {r.reason}
            </Text>
            <Text size="xs" c="dimmed" mt={2}>
              Asked by {r.requestedBy?.name ?? 'someone'}{' '}
              <span title={formatDateTime(r.requestedAt)}>{formatRelative(r.requestedAt)}</span>
              {r.status === 'pending'
                ? ` · for ${r.approvers.map((a) => a.name).join(', ')}`
                : r.decidedBy
                  ? ` · ${r.status} by ${r.decidedBy.name} ${r.decidedAt ? formatRelative(r.decidedAt) : ''}`
                  : ''}
            </Text>
            {r.comment && (
              <Text size="xs" mt={2} fs="italic">
                “{r.comment}”
              </Text>
            )}
          </Box>
        </Group>
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
            <Button size="xs" variant="default" onClick={() => setDecision('cancel')}>
              Withdraw
            </Button>
          )}
        </Group>
      </Group>
      <DecisionModal request={r} decision={decision} plural={meta?.plural} onClose={() => setDecision(null)} />
    </Paper>
  );
}

function RequestList({ tab }: { tab: ApprovalsTab }) {
  const q = useInfiniteQuery(approvalsListQuery(tab, tab === 'mine' ? 'pending' : ''));
  if (q.isPending)
    return (
      <Center py="xl">
        <Loader size="sm" />
      </Center>
    );
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const rows = q.data.pages.flatMap((p) => p.data);
  if (!rows.length)
    return (
      <EmptyState
        icon={<IconChecklist size={22} stroke={1.6} />}
        title={tab === 'mine' ? 'Nothing waits for you' : 'No requests yet'}
        description={
          tab === 'mine'
            ? 'When a record needs your approval (a large discount, an expense), it shows here.'
            : 'Requests for approval appear here when a record needs one.'
        }
      />
    );
  return (
    <Stack gap="xs">
      {rows.map((r) => (
        <RequestRow key={r.id} r={r} />
      ))}
      {q.hasNextPage && (
        <Center>
          <Button variant="subtle" size="xs" loading={q.isFetchingNextPage} onClick={() => void q.fetchNextPage()}>
            More
          </Button>
        </Center>
      )}
    </Stack>
  );
}

export function ApprovalsPage() {
  const { user } = useCurrentSession();
  const [tab, setTab] = useState<ApprovalsTab>('mine');
  return (
    <Box maw={900}>
      <PageHeader
        title="Approvals"
        icon={<IconChecklist size={22} stroke={1.7} />}
        subtitle="Records waiting for a decision: each is locked until it is approved, rejected or withdrawn"
      />
      <Tabs value={tab} onChange={(v) => setTab((v as ApprovalsTab) ?? 'mine')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="mine">Waiting for me</Tabs.Tab>
          <Tabs.Tab value="requested">Asked by me</Tabs.Tab>
          {user.role?.isAdmin && <Tabs.Tab value="all">All</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="mine">
          <RequestList tab="mine" />
        </Tabs.Panel>
        <Tabs.Panel value="requested">
          <RequestList tab="requested" />
        </Tabs.Panel>
        <Tabs.Panel value="all">
          <RequestList tab="all" />
        </Tabs.Panel>
      </Tabs>
    </Box>
  );
}
