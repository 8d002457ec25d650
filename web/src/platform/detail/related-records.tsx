// Records of other objects that point at this one: through their relation field (a company's
// contacts), or linked from a link to any record (activities, files, notes about anything).
import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import { RecordFormModal } from '../form/record-form-modal';
import { expandedKey, type FieldMeta, type ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { invalidateObject, type KRecord, type RecordPage, recordsApi } from '../records/records-api';
import { FieldValue } from '../ui/field-value';
import { RelatedList, RelatedRow } from './related-list';

export function relatedSources(
  objects: ObjectMeta[],
  meta: ObjectMeta,
): Array<{ source: ObjectMeta; field: FieldMeta }> {
  const out: Array<{ source: ObjectMeta; field: FieldMeta }> = [];
  for (const o of objects) {
    // A junction's rows have no title: they show as the records at their other end (junction-records).
    if (o.junction) continue;
    // Activities (calls, tasks…) show on the record's timeline instead.
    if (o.activity) continue;
    for (const f of o.fields) {
      if (f.type === 'anyRecord' && f.filterable && f.linkTargets?.some((t) => t.object === meta.name)) {
        out.push({ source: o, field: f });
        continue;
      }
      if (
        f.type === 'relation' &&
        f.relation &&
        (f.relation.object === meta.name || f.relation.plural === meta.plural) &&
        f.filterable !== false &&
        // Parts (a quote's lines) show in their whole's own panel.
        !f.partOf
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
  // Two relations of one object to this one (a bundle and its component): each list says which.
  const twice =
    !linked && source.fields.filter((f) => f.type === 'relation' && f.relation?.object === meta.name).length > 1;

  return (
    <>
      <RelatedList
        object={source}
        list={list}
        label={source.labelPlural.toLowerCase()}
        empty={`No ${source.labelPlural.toLowerCase()} yet.`}
        note={
          (linked || twice) && (
            <Text size="xs" c="dimmed">
              {linked ? 'linked by' : 'as'} {field.label.toLowerCase()}
            </Text>
          )
        }
        add={
          source.permissions.create
            ? { label: `New ${source.label.toLowerCase()}`, onClick: () => setCreating(true) }
            : undefined
        }
        testId={
          linked ? `linked-${source.plural}-${field.name}` : `related-${source.plural}${twice ? `-${field.name}` : ''}`
        }
      >
        {(r) => (
          <RelatedRow
            key={r.id}
            variant="link"
            to={recordPath(source.plural, r.id)}
            title={r.title}
            round={source.name === 'contact'}
            aside={extra && <FieldValue field={extra} record={r} compact />}
          />
        )}
      </RelatedList>
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
    </>
  );
}
