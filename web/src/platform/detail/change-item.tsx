// A change of a related record on a record's timeline (an order of this company confirmed), told
// compactly as its History tab tells it: the record's icon, kind and title (a link to it), what
// happened, the first fields changed before → after, who and when.
import type { ChangeItem as Item } from '@kith/common/api/timeline';
import { Anchor, Box, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { Link } from 'react-router';
import { ObjectIcon } from '../meta/object-icon';
import type { FieldMeta, ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { actionVerb, Change, fieldChange } from '../ui/audit-timeline';
import { formatDateTime, formatRelative } from '../ui/format';
import classes from './notes.module.css';

/** Fields shown before "and n more". */
const SHOWN = 3;

export function ChangeItem({ item, meta }: { item: Item; meta: ObjectMeta | undefined }) {
  const label = meta?.label ?? item.objectType;
  const title = item.recordTitle || label;
  const changed = Object.entries(item.changes ?? {})
    .map(([name, c]) => ({ name, field: meta?.fields.find((f) => f.name === name), change: fieldChange(c) }))
    .filter((c): c is { name: string; field: FieldMeta; change: { before: unknown; after: unknown } } =>
      Boolean(c.field && c.change),
    )
    // What a person set comes before what the server worked out from it (a status before its date).
    .sort((a, b) => Number(a.field.readOnly) - Number(b.field.readOnly));
  const isUpdate = item.action === 'update' || item.action === 'updated';
  return (
    <Group className={classes.item} gap="sm" align="flex-start" wrap="nowrap" data-testid="timeline-change">
      <ThemeIcon size={28} radius="xl" variant="light" color="gray" aria-label={label}>
        <ObjectIcon name={meta?.icon} size={15} />
      </ThemeIcon>
      <Box style={{ flex: 1, minWidth: 0 }}>
        {/* One line: what it is, which (cut short when long), what happened. */}
        <Group gap={6} wrap="nowrap" miw={0}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: 0.4, flexShrink: 0 }}>
            {label}
          </Text>
          {meta ? (
            <Anchor
              component={Link}
              to={recordPath(meta.plural, item.recordId)}
              size="sm"
              fw={600}
              truncate="end"
              miw={0}
              title={title}
            >
              {title}
            </Anchor>
          ) : (
            <Text size="sm" fw={600} truncate="end" miw={0} title={title}>
              {title}
            </Text>
          )}
          <Text size="sm" c="dimmed" style={{ flexShrink: 0, whiteSpace: 'nowrap' }}>
            {actionVerb(item.action)}
          </Text>
        </Group>
        {isUpdate && changed.length > 0 && (
          <Stack gap={2} mt={4}>
            {changed.slice(0, SHOWN).map((c) => (
              <Change
                key={c.name}
                name={c.name}
                field={c.field}
                before={c.change.before}
                after={c.change.after}
                titles={item.titles}
              />
            ))}
            {changed.length > SHOWN && (
              <Text size="xs" c="dimmed">
                and {changed.length - SHOWN} more
              </Text>
            )}
          </Stack>
        )}
        <Text size="xs" c="dimmed" mt={4} title={formatDateTime(item.at)}>
          {item.actor?.title ?? 'Kith'} · {formatRelative(item.at)}
        </Text>
      </Box>
    </Group>
  );
}
