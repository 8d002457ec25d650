// Records linked to this one through a junction (a many-to-many with attributes): on a contact, the
// companies of its affiliations; on a company, the contacts. Each row is the other end, titled and
// linked, with the link's own fields (a role, dates, a note); links are added, edited and removed
// here. Junction rows have no title of their own, so they never show as records in a list.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconPencil, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError, api, errorMessage } from '../api';
import { FieldInput } from '../form/field-input';
import { normalizeValue, sameValue } from '../form/normalize';
import { editableFields, expandedKey, type FieldMeta, type ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { invalidateObject, type KRecord, type RecordPage, type RecordRef, recordsApi } from '../records/records-api';
import { FieldValue, refOf } from '../ui/field-value';
import { formatDate } from '../ui/format';
import { RelatedList, RelatedRow, RowAction } from './related-list';

export interface JunctionSource {
  junction: ObjectMeta;
  /** The junction's field that points at this record. */
  near: FieldMeta;
  /** The junction's field that points at the other end. */
  far: FieldMeta;
  farMeta: ObjectMeta;
}

/** The junctions that link records of `meta` to others, one entry per way in. */
export function junctionSources(objects: ObjectMeta[], meta: ObjectMeta): JunctionSource[] {
  const out: JunctionSource[] = [];
  for (const junction of objects) {
    if (!junction.junction) continue;
    const [a, b] = junction.junction.map((n) => junction.fields.find((f) => f.name === n));
    if (!a || !b) continue;
    for (const [near, far] of [
      [a, b],
      [b, a],
    ] as const) {
      const farMeta = objects.find((o) => o.name === far.relation?.object);
      if (near.relation?.object === meta.name && farMeta) out.push({ junction, near, far, farMeta });
    }
  }
  return out;
}

/** The link's own fields: what it says beyond the two records it links. */
const attributeFields = (s: JunctionSource) =>
  editableFields(s.junction).filter((f) => f.name !== s.near.name && f.name !== s.far.name);

/** "Mar 3, 2021 – Jun 1, 2023", or "Since Mar 3, 2021", from the link's date fields. */
export function datesLine(fields: FieldMeta[], r: KRecord): string {
  const dates = fields.filter((f) => f.type === 'date');
  const [from, to] = dates;
  if (dates.length === 2 && from && to && r[from.name] && r[to.name])
    return `${formatDate(r[from.name])} – ${formatDate(r[to.name])}`;
  return dates
    .filter((f) => r[f.name])
    .map((f) => `${f.label} ${formatDate(r[f.name])}`)
    .join(' · ');
}

export function JunctionRecords({ source, record }: { source: JunctionSource; record: KRecord }) {
  const qc = useQueryClient();
  const { junction, near, far, farMeta } = source;
  const [editing, setEditing] = useState<KRecord | 'new' | null>(null);
  const filter = { op: 'and', conditions: [{ field: near.name, cmp: 'eq', value: record.id }] };
  const list = useQuery({
    queryKey: ['related', junction.plural, near.name, record.id],
    queryFn: ({ signal }) =>
      api.get<RecordPage>(`/${junction.plural}`, { limit: 100, filter: JSON.stringify(filter) }, signal),
  });
  const badges = attributeFields(source).filter((f) => f.type === 'select');
  const notes = attributeFields(source).filter((f) => f.type === 'text' || f.type === 'longText');
  const refresh = () => {
    invalidateObject(qc, junction.plural);
    void qc.invalidateQueries({ queryKey: ['related', junction.plural] });
  };

  const remove = async (r: KRecord) => {
    const other = refOf(r, far)?.title || 'Untitled';
    try {
      await recordsApi.remove(junction.plural, r.id);
      refresh();
      notifications.show({
        color: 'teal',
        message: (
          <Group gap="xs" justify="space-between" wrap="nowrap">
            <span>Link to “{other}” removed</span>
            <Button
              size="compact-xs"
              variant="subtle"
              onClick={async () => {
                try {
                  await recordsApi.restore(junction.plural, r.id);
                  refresh();
                } catch (e) {
                  notifications.show({ color: 'red', title: 'Could not restore the link', message: errorMessage(e) });
                }
              }}
            >
              Undo
            </Button>
          </Group>
        ),
      });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Could not remove the link', message: errorMessage(e) });
    }
  };

  return (
    <>
      <RelatedList
        object={farMeta}
        list={list}
        label={junction.labelPlural.toLowerCase()}
        empty={`No ${farMeta.labelPlural.toLowerCase()} linked yet.`}
        note={
          <Text size="xs" c="dimmed" visibleFrom="xs">
            via {junction.labelPlural.toLowerCase()}
          </Text>
        }
        add={
          junction.permissions.create
            ? {
                label: `Link a ${farMeta.label.toLowerCase()}`,
                onClick: () => setEditing('new'),
                testId: 'junction-add',
              }
            : undefined
        }
        testId={`junction-${junction.plural}-${near.name}`}
      >
        {(r) => {
          const other = refOf(r, far);
          const dates = datesLine(attributeFields(source), r);
          const note = notes.map((f) => r[f.name]).find((v) => typeof v === 'string' && v) as string | undefined;
          return (
            <RelatedRow
              key={r.id}
              variant="item"
              to={other ? recordPath(farMeta.plural, other.id) : null}
              title={other?.title}
              round={farMeta.name === 'contact'}
              badges={badges.map((f) =>
                r[f.name] ? (
                  <div key={f.name} style={{ flex: 'none' }}>
                    <FieldValue field={f} record={r} compact />
                  </div>
                ) : null,
              )}
              subtitle={[dates, note].filter(Boolean).join(' — ')}
              actions={
                (junction.permissions.update || junction.permissions.delete) && (
                  <>
                    {junction.permissions.update && (
                      <RowAction
                        label="Edit link"
                        ariaLabel={`Edit the link to ${other?.title ?? ''}`}
                        icon={<IconPencil size={14} />}
                        onClick={() => setEditing(r)}
                        testId="junction-edit"
                      />
                    )}
                    {junction.permissions.delete && (
                      <RowAction
                        label="Remove link"
                        ariaLabel={`Remove the link to ${other?.title ?? ''}`}
                        icon={<IconTrash size={14} />}
                        onClick={() => void remove(r)}
                        testId="junction-remove"
                      />
                    )}
                  </>
                )
              }
              testId="junction-row"
              titleTestId="junction-title"
            />
          );
        }}
      </RelatedList>
      <JunctionFormModal
        source={source}
        record={record}
        link={editing === 'new' ? null : editing}
        opened={editing !== null}
        onClose={() => setEditing(null)}
        onSaved={refresh}
      />
    </>
  );
}

function JunctionFormModal({
  opened,
  ...props
}: {
  source: JunctionSource;
  record: KRecord;
  /** The link edited; null: a new one. */
  link: KRecord | null;
  opened: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  const { farMeta } = props.source;
  return (
    <Modal
      opened={opened}
      onClose={props.onClose}
      title={
        props.link
          ? `Edit link to ${refOf(props.link, props.source.far)?.title ?? ''}`
          : `Link a ${farMeta.label.toLowerCase()}`
      }
      size="md"
      fullScreen={phone}
      styles={{ title: { fontWeight: 650, fontSize: 18 } }}
    >
      {opened && <JunctionForm key={props.link?.id ?? 'new'} {...props} />}
    </Modal>
  );
}

function JunctionForm({
  source,
  record,
  link,
  onClose,
  onSaved,
}: {
  source: JunctionSource;
  record: KRecord;
  link: KRecord | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { junction, near, far, farMeta } = source;
  const attrs = attributeFields(source);
  const fields = [far, ...attrs];
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(fields.map((f) => [f.name, link?.[f.name] ?? null])),
  );
  const [farRef, setFarRef] = useState<RecordRef | null>(link ? refOf(link, far) : null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values[far.name]) {
      setErrors({ [far.name]: `Choose a ${farMeta.label.toLowerCase()}` });
      return;
    }
    const payload: Record<string, unknown> = {};
    for (const f of fields) {
      const v = normalizeValue(f, values[f.name]);
      if (link ? !sameValue(v, normalizeValue(f, link[f.name])) : v !== null) payload[f.name] = v;
    }
    setBusy(true);
    setFormError(null);
    try {
      if (link) {
        if (Object.keys(payload).length) await recordsApi.update(junction.plural, link.id, payload);
      } else await recordsApi.create(junction.plural, { ...payload, [near.name]: record.id });
      onSaved();
      notifications.show({
        color: 'teal',
        message: link ? 'Link saved' : `Linked to “${farRef?.title ?? farMeta.label}”`,
      });
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409)
        setFormError(`This ${farMeta.label.toLowerCase()} is already linked: edit that link instead.`);
      else if (err instanceof ApiError && Object.keys(err.fieldErrors).length) {
        setErrors(err.fieldErrors);
        if (Object.keys(err.fieldErrors).some((k) => !fields.some((f) => f.name === k))) setFormError(err.message);
      } else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate data-testid="junction-form">
      <Stack gap="sm">
        {fields.map((f) => (
          <FieldInput
            key={f.name}
            field={f === far ? { ...f, label: farMeta.label, required: true } : f}
            value={values[f.name]}
            current={f === far ? farRef : (link?.[expandedKey(f)] as RecordRef | undefined)}
            onChange={(v, ref) => {
              setValues((s) => ({ ...s, [f.name]: v }));
              if (f === far && ref !== undefined) setFarRef(ref);
              if (errors[f.name]) setErrors((x) => ({ ...x, [f.name]: '' }));
            }}
            error={errors[f.name] || undefined}
            autoFocus={f === far && !link}
          />
        ))}
        {formError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="junction-form-error">
            {formError}
          </Alert>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={busy} data-testid="junction-submit">
            {link ? 'Save link' : 'Link'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
