import { Button, Center, Loader, Paper } from '@mantine/core';
import { IconClipboardList } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import type { AuditEntry, Page } from '../../platform/records/records-api';
import { AuditTimeline } from '../../platform/ui/audit-timeline';
import { EmptyState } from '../../platform/ui/empty-state';

export function AuditLogPage() {
  const objects = useObjects();
  const log = useInfiniteQuery({
    queryKey: ['audit-log'],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<Page<AuditEntry>>('/audit', { limit: 50, cursor: pageParam }),
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  return (
    <SettingsPage title="Audit log" subtitle="Every change to every record, newest first" query={log}>
      {(data) => {
        const entries = data.pages.flatMap((p) => p.data);
        if (!entries.length) return <EmptyState icon={<IconClipboardList size={22} />} title="Nothing has happened yet" />;
        return (
          <Paper withBorder px="md" py={4}>
            <AuditTimeline entries={entries} objects={objects.data} />
            {log.hasNextPage && (
              <Center py="sm">
                <Button variant="default" size="xs" onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
                  Load more
                </Button>
              </Center>
            )}
            {log.isFetching && !log.isFetchingNextPage && (
              <Center py="xs">
                <Loader size="xs" />
              </Center>
            )}
          </Paper>
        );
      }}
    </SettingsPage>
  );
}
