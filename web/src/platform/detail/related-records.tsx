// Records of other objects that point at this one: through their relation field (a company's
// contacts), or linked from a link to any record (activities, files, notes about anything).
import { ActionIcon, Avatar, Badge, Group, Paper, Skeleton, Text, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { RecordFormModal } from '../form/record-form-modal';
import { ObjectIcon } from '../meta/object-icon';
import { expandedKey, type FieldMeta, type ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { invalidateObject, type KRecord, type RecordPage, recordsApi } from '../records/records-api';
import { FieldValue } from '../ui/field-value';
import { initials } from '../ui/format';
import classes from './detail.module.css';

export function relatedSources(
  objects: ObjectMeta[],
  meta: ObjectMeta,
): Array<{ source: ObjectMeta; field: FieldMeta }> {
  const out: Array<{ source: ObjectMeta; field: FieldMeta }> = [];
  for (const o of objects) {
    // A junction's rows have no title: they show as the records at their other end (junction-records).
    if (o.junction) continue;
    for (const f of o.fields) {
      if (f.type === 'anyRecord' && f.filterable && f.linkTargets?.some((t) => t.object === meta.name)) {
        out.push({ source: o, field: f });
        continue;
      }
      if (
        f.type === 'relation' &&
        f.relation &&
        (f.relation.object === meta.name || f.relation.plural === meta.plural) &&
        f.filterable !== false
      ) {
        out.push({ source: o, field: f });
      }
    }
  }
  return out;
}

export function RelatedRecords({
  meta,
  source,
  field,
  record,
}: {
  /** The object of the record whose page this is. */
  meta: ObjectMeta;
  source: ObjectMeta;
  field: FieldMeta;
  record: KRecord;
}) {
  const qc = useQueryClient();
  const [creating, setCreating] = useState(false);
  // A link to any record names the object too: a gadget about this contact, not about a company with its id.
  const linked = field.type === 'anyRecord';
  const value = linked ? { object: meta.name, id: record.id } : record.id;
  const filter = { op: 'and', conditions: [{ field: field.name, cmp: 'eq', value }] };
  const list = useQuery({
    queryKey: ['related', source.plural, field.name, record.id],
    queryFn: ({ signal }) =>
      api.get<RecordPage>(`/${source.plural}`, { limit: 25, filter: JSON.stringify(filter) }, signal),
  });
  // One more column that says something about each related record, e.g. the contact's email or stage.
  const extra = source.fields.find(
    (f) => f.list && f.name !== field.name && ['email', 'select', 'phone'].includes(f.type),
  );
  const rows = list.data?.data ?? [];
  const label = source.labelPlural;

  return (
    <Paper
      withBorder
      style={{ overflow: 'hidden' }}
      data-testid={linked ? `linked-${source.plural}-${field.name}` : `related-${source.plural}`}
    >
      <Group justify="space-between" px="md" py={10}>
        <Group gap={8}>
          <ObjectIcon name={source.icon || source.name} size={16} />
          <Text className={classes.sectionTitle}>{label}</Text>
          {linked && (
            <Text size="xs" c="dimmed">
              linked by {field.label.toLowerCase()}
            </Text>
          )}
          {list.isSuccess && (
            <Badge size="sm" variant="light" color="gray" radius="sm">
              {rows.length}
              {list.data?.nextCursor ? '+' : ''}
            </Badge>
          )}
        </Group>
        {source.permissions.create && (
          <Tooltip label={`New ${source.label.toLowerCase()}`}>
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => setCreating(true)}
              aria-label={`New ${source.label.toLowerCase()}`}
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
          Could not load {label.toLowerCase()}.
        </Text>
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" px="md" pb="sm">
          No {label.toLowerCase()} yet.
        </Text>
      ) : (
        rows.map((r) => (
          <Link key={r.id} to={recordPath(source.plural, r.id)} className={classes.relatedRow}>
            <Avatar size={26} radius={source.name === 'contact' ? 'xl' : 'sm'} color="kith" variant="light">
              <span style={{ fontSize: 10 }}>{initials(r.title)}</span>
            </Avatar>
            <Text size="sm" fw={500} truncate style={{ flex: 1, minWidth: 0 }}>
              {r.title || 'Untitled'}
            </Text>
            {extra && (
              <div style={{ flex: '0 1 45%', minWidth: 0, overflow: 'hidden' }}>
                <FieldValue field={extra} record={r} compact />
              </div>
            )}
          </Link>
        ))
      )}
      <RecordFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        meta={source}
        initialValues={
          linked
            ? { [field.name]: { ...(value as object), title: record.title } }
            : { [field.name]: record.id, [expandedKey(field)]: { id: record.id, title: record.title } }
        }
        onSubmit={async (values, opts) => {
          const created = await recordsApi.create(source.plural, values, opts);
          setCreating(false);
          invalidateObject(qc, source.plural);
          void qc.invalidateQueries({ queryKey: ['related', source.plural] });
          notifications.show({ color: 'teal', message: `${source.label} “${created?.title ?? ''}” created` });
        }}
      />
    </Paper>
  );
}
