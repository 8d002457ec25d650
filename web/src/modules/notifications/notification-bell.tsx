// The bell in the header: the unread count, the latest notifications in a popover (newest first),
// each opening the record it is about; new ones arrive live (use-realtime) and show a toast.
import type { Notification } from '@kith/common/api/notifications';
import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBell, IconBellOff, IconChecks } from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { recordPath } from '../../platform/meta/paths';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import classes from './notifications.module.css';
import { notificationsApi, notificationsQuery, refreshNotifications } from './notifications-api';

function Item({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <UnstyledButton
      className={classes.item}
      data-unread={n.readAt ? undefined : true}
      onClick={() => onOpen(n)}
      data-testid="notification-item"
    >
      <Group gap={10} wrap="nowrap" align="flex-start">
        <span className={classes.dot} aria-hidden />
        <Box miw={0} style={{ flex: 1 }}>
          <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
            {n.title}
          </Text>
          {n.body && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {n.body}
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={2} title={formatDateTime(n.createdAt)}>
            {formatRelative(n.createdAt)}
          </Text>
        </Box>
      </Group>
    </UnstyledButton>
  );
}

/** Tells of notifications that arrive while the app is open (not of those there when it loaded). */
function useArrivalToasts(latest: Notification[] | undefined) {
  const seen = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!latest) return;
    if (seen.current)
      for (const n of latest)
        if (!n.readAt && !seen.current.has(n.id))
          notifications.show({
            title: n.title,
            message: n.body ?? n.actor?.name ?? '',
            color: 'kith',
            autoClose: 6000,
          });
    seen.current = new Set([...(seen.current ?? []), ...latest.map((n) => n.id)]);
  }, [latest]);
}

export function NotificationBell() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const objects = useObjects();
  const [opened, setOpened] = useState(false);
  const list = useInfiniteQuery(notificationsQuery);
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  useArrivalToasts(list.data?.pages[0]?.data);

  const markRead = async (input: Parameters<typeof notificationsApi.markRead>[0]) => {
    await notificationsApi.markRead(input);
    await refreshNotifications(qc);
  };
  const open = (n: Notification) => {
    if (!n.readAt) void markRead({ ids: [n.id] });
    const meta = n.record && objectByName(objects.data, n.record.object);
    if (n.record && meta) {
      setOpened(false);
      void navigate(recordPath(meta.plural, n.record.id));
    }
  };

  return (
    <Popover width={360} position="bottom-end" shadow="md" opened={opened} onChange={setOpened} withinPortal>
      <Popover.Target>
        <Indicator
          label={unread > 99 ? '99+' : unread}
          size={16}
          offset={6}
          disabled={unread === 0}
          color="red"
          data-testid="notification-count"
        >
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
            onClick={() => setOpened((o) => !o)}
            data-testid="notification-bell"
          >
            <IconBell size={19} stroke={1.7} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="md" py="sm" className={classes.head}>
          <Text fw={650} size="sm">
            Notifications
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconChecks size={14} />}
            disabled={unread === 0}
            onClick={() => void markRead({ all: true })}
            data-testid="notifications-read-all"
          >
            Mark all read
          </Button>
        </Group>
        <ScrollArea.Autosize mah={420} type="auto">
          {list.isPending ? (
            <Center py="lg">
              <Loader size="sm" />
            </Center>
          ) : items.length === 0 ? (
            <Stack align="center" gap={4} py="xl">
              <IconBellOff size={22} stroke={1.5} color="var(--mantine-color-dimmed)" />
              <Text size="sm" c="dimmed">
                You are all caught up.
              </Text>
            </Stack>
          ) : (
            <div>
              {items.map((n) => (
                <Item key={n.id} n={n} onOpen={open} />
              ))}
              {list.hasNextPage && (
                <Center py={6}>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    onClick={() => void list.fetchNextPage()}
                    loading={list.isFetchingNextPage}
                  >
                    Show older
                  </Button>
                </Center>
              )}
            </div>
          )}
        </ScrollArea.Autosize>
        <Box px="md" py={8} className={classes.foot}>
          <Anchor component={Link} to="/settings/notifications" size="xs" onClick={() => setOpened(false)}>
            Notification settings
          </Anchor>
        </Box>
      </Popover.Dropdown>
    </Popover>
  );
}
