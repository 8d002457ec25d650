// The admin log: every change, newest first, filtered by object, action, person and dates.
import type { AuditPage } from '@kith/common/api/audit';
import { Button, Center, Group, Loader, Paper, Select, TextInput } from '@mantine/core';
import { IconClipboardList, IconX } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../platform/api';
import { UserSelect } from '../../platform/form/user-select';
import { useObjects } from '../../platform/meta/objects';
import { SettingsPage } from '../../platform/pages/settings-page';
import { AuditTimeline, actionVerb } from '../../platform/ui/audit-timeline';
import { EmptyState } from '../../platform/ui/empty-state';

const actions = [
  'create',
  'update',
  'delete',
  'restore',
  'merge',
  'import',
  'export',
  'note.create',
  'login',
  'logout',
  'invite',
  'customField.create',
];
const otherTypes = [
  { value: 'user', label: 'Users' },
  { value: 'customField', label: 'Custom fields' },
  { value: 'view', label: 'Views' },
];
const filterKeys = ['objectType', 'action', 'actorId', 'from', 'to'] as const;

export function AuditLogPage() {
  const objects = useObjects();
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? ''])) as Record<
    (typeof filterKeys)[number],
    string
  >;
  const set = (key: (typeof filterKeys)[number], value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  // Dates are days in the browser's zone; the API takes instants.
  const query = {
    objectType: filters.objectType || undefined,
    action: filters.action || undefined,
    actorId: filters.actorId || undefined,
    from: filters.from ? new Date(`${filters.from}T00:00:00`).toISOString() : undefined,
    to: filters.to ? new Date(new Date(`${filters.to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined,
  };
  const log = useInfiniteQuery({
    queryKey: ['audit-log', query],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api.get<AuditPage>('/audit', { limit: 50, cursor: pageParam, ...query }),
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const typeOptions = [...(objects.data ?? []).map((o) => ({ value: o.name, label: o.labelPlural })), ...otherTypes];
  const filtered = filterKeys.some((k) => filters[k]);
  return (
    <SettingsPage title="Audit log" subtitle="Every change to every record, newest first" query={log}>
      {(data) => {
        const entries = data.pages.flatMap((p) => p.data);
        return (
          <>
            <Group gap="xs" mb="md" wrap="wrap" data-testid="audit-filters">
              <Select
                placeholder="Any object"
                data={typeOptions}
                value={filters.objectType || null}
                onChange={(v) => set('objectType', v)}
                clearable
                w={170}
                aria-label="Object"
              />
              <Select
                placeholder="Any action"
                data={actions.map((a) => ({ value: a, label: actionVerb(a) }))}
                value={filters.action || null}
                onChange={(v) => set('action', v)}
                clearable
                w={190}
                aria-label="Action"
              />
              <UserSelect value={filters.actorId || null} onChange={(id) => set('actorId', id)} placeholder="Anyone" />
              <TextInput
                type="date"
                value={filters.from}
                onChange={(e) => set('from', e.currentTarget.value)}
                aria-label="From"
                w={150}
              />
              <TextInput
                type="date"
                value={filters.to}
                onChange={(e) => set('to', e.currentTarget.value)}
                aria-label="To"
                w={150}
              />
              {filtered && (
                <Button
                  variant="subtle"
                  size="xs"
                  leftSection={<IconX size={14} />}
                  onClick={() => setParams({}, { replace: true })}
                >
                  Clear
                </Button>
              )}
            </Group>
            {entries.length === 0 ? (
              <EmptyState
                icon={<IconClipboardList size={22} />}
                title={filtered ? 'Nothing matches these filters' : 'Nothing has happened yet'}
              />
            ) : (
              <Paper withBorder px="md" py={4}>
                <AuditTimeline entries={entries} objects={objects.data} />
                {log.hasNextPage && (
                  <Center py="sm">
                    <Button
                      variant="default"
                      size="xs"
                      onClick={() => void log.fetchNextPage()}
                      loading={log.isFetchingNextPage}
                    >
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
            )}
          </>
        );
      }}
    </SettingsPage>
  );
}
