// A field value for reading: in table cells and on detail pages.
import { describeRule } from '@kith/common/repeat-rules';
import { Anchor, Avatar, Badge, Group, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { expandedKey, type FieldMeta, useObjects } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { asLink, type KRecord, type RecordRef } from '../records/records-api';
import { displayText } from './display-text';
import { formatDate, formatDateTime, formatMoney, formatNumber, initials } from './format';

const stop = (e: React.MouseEvent) => e.stopPropagation();

function Empty() {
  return (
    <Text span c="dimmed" size="sm" style={{ opacity: 0.55 }}>
      —
    </Text>
  );
}

function Chips({ items, field, max }: { items: string[]; field: FieldMeta; max: number }) {
  const shown = items.slice(0, max);
  return (
    <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
      {shown.map((v) => {
        const o = field.options?.find((x) => x.value === v);
        return (
          <Badge
            key={v}
            size="sm"
            variant="light"
            color={o?.color ?? 'gray'}
            radius="sm"
            tt="none"
            fw={500}
            style={{ flex: 'none' }}
          >
            {o?.label ?? v}
          </Badge>
        );
      })}
      {items.length > max && (
        <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
          +{items.length - max}
        </Text>
      )}
    </Group>
  );
}

function More({ first, rest }: { first: React.ReactNode; rest: number }) {
  return (
    <Group gap={6} wrap="nowrap" style={{ overflow: 'hidden' }}>
      <div style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{first}</div>
      {rest > 0 && (
        <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
          +{rest}
        </Text>
      )}
    </Group>
  );
}

export function refOf(record: KRecord, field: FieldMeta): RecordRef | null {
  const ref = record[expandedKey(field)];
  if (ref && typeof ref === 'object' && 'id' in ref) return ref as RecordRef;
  const id = record[field.name];
  return typeof id === 'string' && id ? { id, title: '' } : null;
}

/** A link to any record: the kind of record, then its title, linking to it (no link when the title is withheld). */
function LinkValue({ field, value, compact }: { field: FieldMeta; value: unknown; compact: boolean }) {
  const objects = useObjects();
  const link = asLink(value);
  if (!link) return <Empty />;
  const meta = objects.data?.find((o) => o.name === link.object);
  const plural = meta?.plural ?? field.linkTargets?.find((t) => t.object === link.object)?.plural;
  const kind = (
    <Text span size="xs" c="dimmed" style={{ flex: 'none' }}>
      {meta?.label ?? link.object}
    </Text>
  );
  if (link.title === null || link.title === undefined)
    return (
      <Group gap={6} wrap="nowrap" style={{ overflow: 'hidden' }}>
        {kind}
        <Text size="sm" c="dimmed" fs="italic" truncate>
          Restricted
        </Text>
      </Group>
    );
  const title = link.title || 'Untitled';
  return (
    <Group gap={6} wrap="nowrap" style={{ overflow: 'hidden' }} data-testid={`link-${field.name}`}>
      {kind}
      {plural && !compact ? (
        <Anchor component={Link} to={recordPath(plural, link.id)} size="sm" onClick={stop} truncate="end" maw="100%">
          {title}
        </Anchor>
      ) : (
        <Text size="sm" truncate>
          {title}
        </Text>
      )}
    </Group>
  );
}

export function FieldValue({
  field,
  record,
  compact = false,
}: {
  field: FieldMeta;
  record: KRecord;
  /** In a table cell: one line, fewer chips. */
  compact?: boolean;
}) {
  const v = record[field.name];
  const max = compact ? 2 : 20;

  if (field.format === 'rrule' && typeof v === 'string' && v)
    return (
      <Text size="sm" truncate title={v}>
        {describeRule(v)}
      </Text>
    );
  switch (field.type) {
    case 'anyRecord':
      return <LinkValue field={field} value={v} compact={compact} />;
    case 'relation':
    case 'user': {
      const ref = refOf(record, field);
      if (!ref) return <Empty />;
      const title = ref.title || 'Untitled';
      if (field.type === 'user')
        return (
          <Group gap={6} wrap="nowrap" style={{ overflow: 'hidden' }}>
            <Avatar size={20} radius="xl" color="kith" style={{ flex: 'none' }}>
              <span style={{ fontSize: 9 }}>{initials(title)}</span>
            </Avatar>
            <Text size="sm" truncate>
              {title}
            </Text>
          </Group>
        );
      // A null title: the server hides the name of a record this user may not read; so no link.
      if (ref.title === null)
        return (
          <Text size="sm" c="dimmed" fs="italic" truncate>
            Restricted
          </Text>
        );
      return field.relation && !compact ? (
        <Anchor
          component={Link}
          to={recordPath(field.relation.plural, ref.id)}
          size="sm"
          onClick={stop}
          truncate="end"
          display="inline-block"
          maw="100%"
          style={{ verticalAlign: 'top' }}
        >
          {title}
        </Anchor>
      ) : (
        <Text size="sm" truncate>
          {title}
        </Text>
      );
    }
    case 'boolean':
      return v ? (
        <IconCheck size={16} color="var(--mantine-color-teal-6)" />
      ) : compact ? (
        <Empty />
      ) : (
        <Text size="sm">No</Text>
      );
    case 'select': {
      if (v == null || v === '') return <Empty />;
      return <Chips items={[String(v)]} field={field} max={1} />;
    }
    case 'multiSelect':
    case 'tags': {
      const items = Array.isArray(v) ? v.map(String) : [];
      return items.length ? <Chips items={items} field={field} max={max} /> : <Empty />;
    }
    case 'email': {
      if (!v) return <Empty />;
      if (compact)
        return (
          <Text size="sm" truncate>
            {String(v)}
          </Text>
        );
      return (
        <Anchor
          href={`mailto:${v}`}
          size="sm"
          onClick={stop}
          truncate="end"
          display="inline-block"
          maw="100%"
          style={{ verticalAlign: 'top' }}
        >
          {String(v)}
        </Anchor>
      );
    }
    case 'emailList': {
      const items = Array.isArray(v) ? (v as string[]) : [];
      if (!items.length) return <Empty />;
      if (!compact)
        return (
          <div>
            {items.map((e) => (
              <Anchor key={e} href={`mailto:${e}`} size="sm" display="block" truncate="end">
                {e}
              </Anchor>
            ))}
          </div>
        );
      return (
        <More
          first={
            <Text size="sm" span>
              {items[0]}
            </Text>
          }
          rest={items.length - 1}
        />
      );
    }
    case 'phone':
      if (v && compact)
        return (
          <Text size="sm" truncate>
            {String(v)}
          </Text>
        );
      return v ? (
        <Anchor href={`tel:${v}`} size="sm" onClick={stop} c="var(--mantine-color-text)">
          {String(v)}
        </Anchor>
      ) : (
        <Empty />
      );
    case 'phoneList': {
      const items = Array.isArray(v) ? (v as Array<{ label?: string; number: string }>) : [];
      if (!items.length) return <Empty />;
      if (!compact)
        return (
          <div>
            {items.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: list items have no id; position is their identity
              <Text key={`${p.number}-${i}`} size="sm">
                <Anchor href={`tel:${p.number}`} size="sm" c="var(--mantine-color-text)">
                  {p.number}
                </Anchor>
                {p.label && (
                  <Text span size="xs" c="dimmed" ml={6}>
                    {p.label}
                  </Text>
                )}
              </Text>
            ))}
          </div>
        );
      return (
        <More
          first={
            <Text size="sm" span>
              {items[0]?.number}
            </Text>
          }
          rest={items.length - 1}
        />
      );
    }
    case 'url': {
      if (!v) return <Empty />;
      if (compact)
        return (
          <Text size="sm" truncate>
            {String(v)
              .replace(/^https?:\/\/(www\.)?/i, '')
              .replace(/\/$/, '')}
          </Text>
        );
      const href = /^https?:\/\//i.test(String(v)) ? String(v) : `https://${v}`;
      return (
        <Anchor
          href={href}
          target="_blank"
          rel="noreferrer noopener"
          size="sm"
          onClick={stop}
          truncate="end"
          display="inline-block"
          maw="100%"
          style={{ verticalAlign: 'top' }}
        >
          {String(v)
            .replace(/^https?:\/\/(www\.)?/i, '')
            .replace(/\/$/, '')}
        </Anchor>
      );
    }
    case 'addressList': {
      const items = Array.isArray(v) ? (v as Array<Record<string, string>>) : [];
      if (!items.length) return <Empty />;
      if (compact) {
        const a = items[0] ?? {};
        return (
          <More
            first={
              <Text size="sm" span>
                {[a.city, a.country].filter(Boolean).join(', ') || a.street}
              </Text>
            }
            rest={items.length - 1}
          />
        );
      }
      return (
        <div>
          {items.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: list items have no id; position is their identity
            <Text key={i} size="sm" mb={4}>
              {a.label && (
                <Text span size="xs" c="dimmed" mr={6}>
                  {a.label}
                </Text>
              )}
              {[a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country]
                .filter(Boolean)
                .join(', ')}
            </Text>
          ))}
        </div>
      );
    }
    case 'currency':
      return v ? (
        <Text size="sm" ff="var(--mantine-font-family)" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatMoney(v)}
        </Text>
      ) : (
        <Empty />
      );
    case 'number':
      return v == null ? (
        <Empty />
      ) : (
        <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatNumber(v)}
        </Text>
      );
    case 'date':
      return v ? <Text size="sm">{formatDate(v)}</Text> : <Empty />;
    case 'datetime':
      return v ? <Text size="sm">{formatDateTime(v)}</Text> : <Empty />;
    case 'longText':
      return v ? (
        <Text size="sm" lineClamp={compact ? 1 : undefined} style={compact ? undefined : { whiteSpace: 'pre-wrap' }}>
          {String(v)}
        </Text>
      ) : (
        <Empty />
      );
    default: {
      const text = displayText(field, v);
      return text ? (
        <Text
          size="sm"
          truncate={compact ? 'end' : undefined}
          style={compact ? undefined : { wordBreak: 'break-word' }}
        >
          {text}
        </Text>
      ) : (
        <Empty />
      );
    }
  }
}
