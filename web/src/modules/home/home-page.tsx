// Home: a person's day at a glance — their open tasks (overdue, today, upcoming) to tick off,
// today's meetings, and who mentioned them lately.
import type { Occurrence } from '@kith/common/api/calendar';
import type { Notification } from '@kith/common/api/notifications';
import {
  Anchor,
  Badge,
  Box,
  Checkbox,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlarm, IconAt, IconCalendarEvent, IconChecklist, IconVideo } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../../platform/api';
import { useCurrentSession } from '../../platform/auth/session';
import { objectByName, useObjects } from '../../platform/meta/objects';
import { recordPath } from '../../platform/meta/paths';
import { asLink, invalidateObject, type KRecord, recordsApi } from '../../platform/records/records-api';
import { formatDateTime, formatRelative } from '../../platform/ui/format';
import classes from './home.module.css';
import { mentionsQuery, myTasksQuery, type TaskBucket, todaysMeetingsQuery } from './home-queries';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const longDate = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });

function greeting(now = new Date()) {
  const h = now.getHours();
  return h < 12 ? 'Good morning' : h < 18 ? 'Good afternoon' : 'Good evening';
}

function Tile({
  icon,
  label,
  value,
  tone,
  onClick,
  testId,
}: {
  icon: ReactNode;
  label: string;
  value: number | undefined;
  tone: string;
  onClick?: () => void;
  testId: string;
}) {
  return (
    <UnstyledButton onClick={onClick} className={classes.tile} data-testid={testId}>
      <Group gap="sm" wrap="nowrap">
        <Box className={classes.tileIcon} style={{ color: `var(--mantine-color-${tone}-6)` }}>
          {icon}
        </Box>
        <div>
          <Text fz={24} fw={700} lh={1.1}>
            {value === undefined ? '–' : value >= 50 ? '50+' : value}
          </Text>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
        </div>
      </Group>
    </UnstyledButton>
  );
}

function TaskRow({ task, bucket }: { task: KRecord; bucket: TaskBucket }) {
  const overdue = bucket === 'overdue';
  const qc = useQueryClient();
  const objects = useObjects();
  const [done, setDone] = useState(false);
  const about = asLink(task.about);
  const aboutMeta = about && objectByName(objects.data, about.object);
  const priority = typeof task.priority === 'string' ? task.priority : null;
  const complete = async () => {
    setDone(true);
    try {
      await recordsApi.update('tasks', task.id, { status: 'done' });
      invalidateObject(qc, 'tasks', task.id);
    } catch (e) {
      setDone(false);
      notifications.show({ color: 'red', title: 'Could not complete the task', message: errorMessage(e) });
    }
  };
  return (
    <Group className={classes.row} gap="sm" wrap="nowrap" align="flex-start" data-testid="home-task">
      <Checkbox
        mt={2}
        checked={done}
        onChange={() => void complete()}
        disabled={done}
        aria-label={`Mark “${task.title}” done`}
        radius="xl"
      />
      <Box miw={0} style={{ flex: 1 }}>
        <Anchor
          component={Link}
          to={recordPath('tasks', task.id)}
          size="sm"
          fw={500}
          c="var(--mantine-color-text)"
          td={done ? 'line-through' : undefined}
        >
          {task.title || 'Untitled task'}
        </Anchor>
        <Group gap={8} mt={2} wrap="wrap">
          {typeof task.dueAt === 'string' && (
            <Text size="xs" c={overdue ? 'red' : 'dimmed'}>
              {overdue
                ? `Overdue · ${formatRelative(task.dueAt)}`
                : bucket === 'today'
                  ? `Due at ${time.format(new Date(task.dueAt))}`
                  : `Due ${formatDateTime(task.dueAt)}`}
            </Text>
          )}
          {about && aboutMeta && about.title && (
            <Anchor component={Link} to={recordPath(aboutMeta.plural, about.id)} size="xs" c="dimmed">
              {aboutMeta.label}: {about.title}
            </Anchor>
          )}
        </Group>
      </Box>
      {priority && priority !== 'normal' && priority !== 'low' && (
        <Badge size="sm" variant="light" color={priority === 'urgent' ? 'red' : 'orange'} radius="sm" tt="none">
          {priority === 'urgent' ? 'Urgent' : 'High'}
        </Badge>
      )}
    </Group>
  );
}

function Section({
  title,
  icon,
  children,
  extra,
}: {
  title: string;
  icon: ReactNode;
  children: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Group gap={8}>
          {icon}
          <Title order={2} fz="md" fw={650}>
            {title}
          </Title>
        </Group>
        {extra}
      </Group>
      {children}
    </Paper>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed" py="sm">
      {children}
    </Text>
  );
}

function MeetingRow({ o }: { o: Occurrence }) {
  const body = (
    <Group gap="sm" wrap="nowrap" align="flex-start" className={classes.row} data-testid="home-meeting">
      <Text size="sm" fw={600} w={76} style={{ flex: 'none', whiteSpace: 'nowrap' }}>
        {o.allDay ? 'All day' : time.format(new Date(o.start))}
      </Text>
      <Box miw={0} style={{ flex: 1 }}>
        <Text size="sm" fw={500} truncate>
          {o.title ?? 'Busy'}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {o.allDay ? '' : `until ${time.format(new Date(o.end))}`}
          {o.location ? ` · ${o.location}` : ''}
        </Text>
      </Box>
      {o.videoUrl && (
        <Anchor href={o.videoUrl} target="_blank" rel="noopener noreferrer" aria-label="Join the video call">
          <IconVideo size={18} />
        </Anchor>
      )}
    </Group>
  );
  return o.eventId ? (
    <Anchor component={Link} to={recordPath('events', o.eventId)} underline="never" c="inherit" display="block">
      {body}
    </Anchor>
  ) : (
    body
  );
}

function MentionRow({ n }: { n: Notification }) {
  const objects = useObjects();
  const meta = n.record && objectByName(objects.data, n.record.object);
  return (
    <Box className={classes.row} data-testid="home-mention">
      {meta && n.record ? (
        <Anchor component={Link} to={recordPath(meta.plural, n.record.id)} size="sm" fw={500}>
          {n.title}
        </Anchor>
      ) : (
        <Text size="sm" fw={500}>
          {n.title}
        </Text>
      )}
      {n.body && (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {n.body}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {formatRelative(n.createdAt)}
      </Text>
    </Box>
  );
}

export function HomePage() {
  const { user } = useCurrentSession();
  const objects = useObjects();
  const hasTasks = !!objectByName(objects.data, 'task');
  const hasEvents = !!objectByName(objects.data, 'event');
  const [bucket, setBucket] = useState<TaskBucket>('today');
  const overdue = useQuery({ ...myTasksQuery(user.id, 'overdue'), enabled: hasTasks });
  const today = useQuery({ ...myTasksQuery(user.id, 'today'), enabled: hasTasks });
  const upcoming = useQuery({ ...myTasksQuery(user.id, 'upcoming'), enabled: hasTasks });
  const meetings = useQuery({ ...todaysMeetingsQuery(), enabled: hasEvents });
  const mentions = useQuery(mentionsQuery);
  const lists = { overdue, today, upcoming };
  const shown = lists[bucket];
  const first = user.name.split(' ')[0] || user.name;

  return (
    <Box p={{ base: 'md', sm: 'xl' }} maw={1200} mx="auto">
      <Title order={1} fz={{ base: 22, sm: 26 }} fw={700}>
        {greeting()}, {first}
      </Title>
      <Text c="dimmed" size="sm" mb="lg">
        {longDate.format(new Date())}
      </Text>

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" mb="lg">
        <Tile
          icon={<IconAlarm size={22} />}
          label="Overdue tasks"
          value={overdue.data?.data.length}
          tone="red"
          onClick={() => setBucket('overdue')}
          testId="tile-overdue"
        />
        <Tile
          icon={<IconChecklist size={22} />}
          label="Due today"
          value={today.data?.data.length}
          tone="orange"
          onClick={() => setBucket('today')}
          testId="tile-today"
        />
        <Tile
          icon={<IconCalendarEvent size={22} />}
          label="Meetings today"
          value={meetings.data?.length}
          tone="grape"
          testId="tile-meetings"
        />
        <Tile
          icon={<IconAt size={22} />}
          label="Unread mentions"
          value={mentions.data?.data.filter((n) => !n.readAt).length}
          tone="blue"
          testId="tile-mentions"
        />
      </SimpleGrid>

      <div className={classes.columns}>
        <Section
          title="My tasks"
          icon={<IconChecklist size={18} />}
          extra={
            <SegmentedControl
              size="xs"
              value={bucket}
              onChange={(v) => setBucket(v as TaskBucket)}
              data={[
                {
                  value: 'overdue',
                  label: `Overdue${overdue.data?.data.length ? ` (${overdue.data.data.length})` : ''}`,
                },
                { value: 'today', label: 'Today' },
                { value: 'upcoming', label: 'Upcoming' },
              ]}
              data-testid="task-buckets"
            />
          }
        >
          {!hasTasks ? (
            <Empty>Tasks are not available to your role.</Empty>
          ) : shown.isPending ? (
            <Stack gap={8}>
              <Skeleton h={16} w="70%" />
              <Skeleton h={16} w="55%" />
            </Stack>
          ) : shown.isError ? (
            <Empty>Your tasks could not be loaded: {errorMessage(shown.error)}</Empty>
          ) : shown.data.data.length === 0 ? (
            <Empty>
              {bucket === 'overdue'
                ? 'Nothing overdue. Well done.'
                : bucket === 'today'
                  ? 'Nothing due today.'
                  : 'Nothing planned yet.'}
            </Empty>
          ) : (
            <div>
              {shown.data.data.map((t) => (
                <TaskRow key={t.id} task={t} bucket={bucket} />
              ))}
            </div>
          )}
          <Anchor component={Link} to="/tasks" size="xs" mt="xs" display="inline-block">
            All tasks
          </Anchor>
        </Section>

        <Stack gap="lg">
          <Section title="Today's meetings" icon={<IconCalendarEvent size={18} />}>
            {!hasEvents ? (
              <Empty>The calendar is not available to your role.</Empty>
            ) : meetings.isPending ? (
              <Skeleton h={16} w="60%" />
            ) : (meetings.data ?? []).length === 0 ? (
              <Empty>No meetings today.</Empty>
            ) : (
              (meetings.data ?? []).map((o) => <MeetingRow key={`${o.eventId}:${o.start}`} o={o} />)
            )}
            {hasEvents && (
              <Anchor component={Link} to="/calendar" size="xs" mt="xs" display="inline-block">
                Open the calendar
              </Anchor>
            )}
          </Section>
          <Section title="Recent mentions" icon={<IconAt size={18} />}>
            {mentions.isPending ? (
              <Skeleton h={16} w="60%" />
            ) : (mentions.data?.data ?? []).length === 0 ? (
              <Empty>No one has mentioned you yet. Type @ in a note to mention a colleague.</Empty>
            ) : (
              mentions.data?.data.map((n) => <MentionRow key={n.id} n={n} />)
            )}
          </Section>
        </Stack>
      </div>
    </Box>
  );
}
