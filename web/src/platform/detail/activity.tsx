// Notes about a record (its timeline) and its change history.
import { Paper, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconHistory, IconNote } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api';
import type { ObjectMeta } from '../meta/objects';
import { auditQuery, type KRecord } from '../records/records-api';
import { AuditTimeline } from '../ui/audit-timeline';
import { Notes, timelineQuery } from './notes';

export function Activity({ meta, record }: { meta: ObjectMeta; record: KRecord }) {
  const notes = useInfiniteQuery(timelineQuery(meta.plural, record.id));
  // A 404 means this server keeps no timeline for this object: no tab, no noise.
  const notesAvailable = !(notes.error instanceof ApiError && notes.error.status === 404);
  const audit = useQuery(auditQuery(meta.plural, record.id));
  const [tab, setTab] = useState<string | null>(null);
  const active = tab ?? (notesAvailable ? 'notes' : 'history');

  return (
    <Paper withBorder p="md">
      <Tabs value={active} onChange={setTab} variant="default">
        <Tabs.List mb="sm">
          {notesAvailable && (
            <Tabs.Tab value="notes" leftSection={<IconNote size={15} />} data-testid="notes-tab">
              Notes
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" leftSection={<IconHistory size={15} />} data-testid="history-tab">
            History
          </Tabs.Tab>
        </Tabs.List>
        {notesAvailable && (
          <Tabs.Panel value="notes">
            <Notes meta={meta} record={record} />
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
