// The list of records related to the one on the page, as the detail page shows it: a panel with
// the object's icon, a title, a count and an add button, then one row per record. Related
// records (a company's contacts) and records linked through a junction (a contact's companies,
// with the link's role and dates) both render through it.
import { ActionIcon, Avatar, Badge, Group, Paper, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { ObjectIcon } from '../meta/object-icon';
import type { ObjectMeta } from '../meta/objects';
import type { RecordPage } from '../records/records-api';
import { initials } from '../ui/format';
import classes from './detail.module.css';

export function RelatedList<T extends { id: string }>({
  object,
  note,
  list,
  label,
  empty,
  add,
  testId,
  children,
}: {
  /** The object of the records listed: its icon and plural name head the panel. */
  object: ObjectMeta;
  /** Dimmed beside the title: how they are related ("via affiliations"). */
  note?: ReactNode;
  list: UseQueryResult<Omit<RecordPage, 'data'> & { data: T[] }>;
  /** What the panel lists, lower case, for "Could not load …". */
  label: string;
  /** What it says when there is nothing to list. */
  empty: string;
  add?: { label: string; onClick: () => void; testId?: string };
  testId: string;
  children: (row: T) => ReactNode;
}) {
  const rows = list.data?.data ?? [];
  return (
    <Paper withBorder style={{ overflow: 'hidden' }} data-testid={testId}>
      <Group justify="space-between" px="md" py={10}>
        <Group gap={8}>
          <ObjectIcon name={object.icon || object.name} size={16} />
          <Text className={classes.sectionTitle}>{object.labelPlural}</Text>
          {note}
          {list.isSuccess && (
            <Badge size="sm" variant="light" color="gray" radius="sm">
              {rows.length}
              {list.data?.nextCursor ? '+' : ''}
            </Badge>
          )}
        </Group>
        {add && (
          <Tooltip label={add.label}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={add.onClick}
              aria-label={add.label}
              data-testid={add.testId}
            >
              <IconPlus size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
      {list.isPending ? (
        <div style={{ padding: '0 16px 12px' }}>
          <Skeleton h={12} w="60%" mb={10} />
          <Skeleton h={12} w="45%" />
        </div>
      ) : list.isError ? (
        <Text size="sm" c="dimmed" px="md" pb="sm">
          Could not load {label}.
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="sm">
          {empty}
        </Text>
      ) : (
        rows.map(children)
      )}
    </Paper>
  );
}

/**
 * One related record: its initials, its title linking to it, and what the list says beside it.
 * As a `link` the whole row is one link, on one line; as an `item` its title links (buttons
 * cannot sit in a link), with badges, a second, dimmed line and actions shown on hover.
 */
export function RelatedRow({
  variant,
  to,
  title,
  round,
  badges,
  subtitle,
  aside,
  actions,
  testId,
  titleTestId,
}: {
  variant: 'link' | 'item';
  /** Where the title leads; null when the record is not the reader's to see (a dash shows). */
  to: string | null;
  title: string | null | undefined;
  /** A person: a round avatar. */
  round: boolean;
  /** Right after the title (a role). */
  badges?: ReactNode;
  /** Under the title, dimmed (dates, a note). */
  subtitle?: string;
  /** At the right end (an email). */
  aside?: ReactNode;
  /** Buttons at the right end, shown on hover. */
  actions?: ReactNode;
  testId?: string;
  titleTestId?: string;
}) {
  const text = title || 'Untitled';
  const avatar = (size: number, font: number) => (
    <Avatar size={size} radius={round ? 'xl' : 'sm'} color="kith" variant="light">
      <span style={{ fontSize: font }}>{initials(title)}</span>
    </Avatar>
  );
  const side = aside && <div style={{ flex: '0 1 45%', minWidth: 0, overflow: 'hidden' }}>{aside}</div>;
  if (variant === 'link' && to)
    return (
      <Link to={to} className={classes.relatedRow} data-testid={testId}>
        {avatar(26, 10)}
        <Text size="sm" fw={500} truncate style={{ flex: 1, minWidth: 0 }} data-testid={titleTestId}>
          {text}
        </Text>
        {badges}
        {side}
      </Link>
    );
  return (
    <div className={`${classes.relatedRow} ${classes.relatedItem}`} data-testid={testId}>
      {avatar(30, 11)}
      <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
        <Group gap={8} wrap="nowrap" miw={0}>
          {to ? (
            <Text
              component={Link}
              to={to}
              size="sm"
              fw={550}
              truncate
              className={classes.relatedLink}
              data-testid={titleTestId}
            >
              {text}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
          {badges}
        </Group>
        {subtitle && (
          <Text size="xs" c="dimmed" truncate>
            {subtitle}
          </Text>
        )}
      </Stack>
      {side}
      {actions && (
        <Group gap={2} wrap="nowrap" className={classes.relatedActions}>
          {actions}
        </Group>
      )}
    </div>
  );
}

/** A button at the end of a row (edit, remove), with its tooltip. */
export function RowAction({
  label,
  ariaLabel,
  icon,
  onClick,
  testId,
}: {
  label: string;
  ariaLabel: string;
  icon: ReactNode;
  onClick: () => void;
  testId?: string;
}) {
  return (
    <Tooltip label={label}>
      <ActionIcon variant="subtle" color="gray" size="sm" onClick={onClick} aria-label={ariaLabel} data-testid={testId}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
}
