// One activity on a record's timeline (a call, an email, a task, a meeting…), drawn from its
// entry's meta: what it is, its title linking to it, its coloured choices (outcome, status…), who
// logged it, when, and the start of its text.
import type { ActivityItem as Item } from '@kith/common/api/timeline';
import { Anchor, Badge, Box, Group, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';
import { ObjectIcon } from '../meta/object-icon';
import type { ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { refOf } from '../ui/field-value';
import { formatDateTime, formatRelative } from '../ui/format';
import classes from './notes.module.css';

const kindColors: Record<string, string> = { call: 'teal', email: 'blue', task: 'orange', event: 'grape' };

export function ActivityItem({ item, meta }: { item: Item; meta: ObjectMeta | undefined }) {
  const record = item.record;
  const fields = meta?.fields ?? [];
  const choices = fields.filter((f) => f.type === 'select' && typeof record[f.name] === 'string');
  const owner = fields.find((f) => f.type === 'user' && refOf(record, f));
  const text = fields.find((f) => f.type === 'longText' && typeof record[f.name] === 'string' && record[f.name]);
  // A call that did not connect has no length worth showing.
  const minutes =
    typeof record.durationMinutes === 'number' && record.durationMinutes > 0 ? record.durationMinutes : null;
  const due = typeof record.dueAt === 'string' ? record.dueAt : null;
  const label = meta?.label ?? item.kind;
  return (
    <Group className={classes.item} gap="sm" align="flex-start" wrap="nowrap" data-testid={`timeline-${item.kind}`}>
      <ThemeIcon size={28} radius="xl" variant="light" color={kindColors[item.kind] ?? 'gray'} aria-label={label}>
        <ObjectIcon name={meta?.icon} size={15} />
      </ThemeIcon>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="wrap" miw={0}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4 }}>
            {label}
          </Text>
          {meta ? (
            <Anchor component={Link} to={recordPath(meta.plural, record.id)} size="sm" fw={600} truncate="end">
              {record.title || 'Untitled'}
            </Anchor>
          ) : (
            <Text size="sm" fw={600}>
              {record.title || 'Untitled'}
            </Text>
          )}
        </Group>
        <Group gap={6} mt={4} wrap="wrap">
          {choices.map((f) => {
            const o = f.options?.find((x) => x.value === record[f.name]);
            return (
              <Badge key={f.name} size="sm" variant="light" color={o?.color ?? 'gray'} radius="sm" tt="none" fw={500}>
                {o?.label ?? String(record[f.name])}
              </Badge>
            );
          })}
          {minutes !== null && (
            <Text size="xs" c="dimmed">
              {minutes} min
            </Text>
          )}
          {due && (
            <Text size="xs" c="dimmed">
              Due {formatDateTime(due)}
            </Text>
          )}
        </Group>
        {text && (
          // The start of its text as one paragraph: a letter's greeting and blank lines take no room.
          <Text size="sm" mt={4} lineClamp={2}>
            {String(record[text.name]).replace(/\s+/g, ' ').trim()}
          </Text>
        )}
        <Text size="xs" c="dimmed" mt={4} title={formatDateTime(item.at)}>
          {owner ? `${refOf(record, owner)?.title ?? 'Someone'} · ` : ''}
          {formatRelative(item.at)}
        </Text>
      </Box>
    </Group>
  );
}
