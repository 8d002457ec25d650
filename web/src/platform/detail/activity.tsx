// A record's timeline (notes, activities, related records' changes) and its own change history.
import { Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconHistory, IconTimeline } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api';
import type { ObjectMeta } from '../meta/objects';
import { auditQuery, type KRecord } from '../records/records-api';
import { AuditTimeline } from '../ui/audit-timeline';
import { Timeline, timelineQuery } from './timeline';

export function Activity({ meta, record }: { meta: ObjectMeta; record: KRecord }) {
  const timeline = useInfiniteQuery(timelineQuery(meta.plural, record.id));
  // A 404 means this server keeps no timeline for this object: no tab, no noise.
  const timelineAvailable = !(timeline.error instanceof ApiError && timeline.error.status === 404);
  const audit = useQuery(auditQuery(meta.plural, record.id));
  const [tab, setTab] = useState<string | null>(null);
  const active = tab ?? (timelineAvailable ? 'activity' : 'history');

  return (
    <Paper withBorder p="md">
      <Tabs value={active} onChange={setTab} variant="default">
        <Tabs.List mb="sm">
          {timelineAvailable && (
            <Tabs.Tab value="activity" leftSection={<IconTimeline size={15} />} data-testid="activity-tab">
              Activity
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" leftSection={<IconHistory size={15} />} data-testid="history-tab">
            History
          </Tabs.Tab>
        </Tabs.List>
        {timelineAvailable && (
          <Tabs.Panel value="activity">
            <Timeline meta={meta} record={record} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="history">
          {audit.isPending ? (
            <Stack gap={8}>
              <Skeleton h={14} w="70%" />
              <Skeleton h={14} w="50%" />
            </Stack>
          ) : audit.isError ? (
            <Text size="sm" c="dimmed">
              History is not available.
            </Text>
          ) : audit.data.length === 0 ? (
            <Text size="sm" c="dimmed">
              No changes recorded yet.
            </Text>
          ) : (
            <AuditTimeline entries={audit.data} meta={meta} />
          )}
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
