// A link to any record (anyRecord): pick the object among those the field links to, then the
// record with the same search as a relation field.
import type { RecordLinkInput as LinkValue } from '@kith/common/api/shared';
import { Group, Input, Select } from '@mantine/core';
import { useState } from 'react';
import type { FieldMeta } from '../meta/objects';
import { useObjects } from '../meta/objects';
import { asLink } from '../records/records-api';
import { RelationSelect } from './relation-select';

export function RecordLinkInput({
  field,
  value,
  onChange,
  label,
  error,
  required,
  size = 'sm',
  autoFocus,
  portal = true,
  'data-testid': testId,
}: {
  field: FieldMeta;
  value: unknown;
  onChange: (value: LinkValue | null) => void;
  label?: string;
  error?: React.ReactNode;
  required?: boolean;
  size?: 'xs' | 'sm';
  autoFocus?: boolean;
  portal?: boolean;
  'data-testid'?: string;
}) {
  const objects = useObjects();
  const link = asLink(value);
  // Only objects this user may read: the server refuses a link to anything else as missing.
  const targets = (field.linkTargets ?? []).flatMap((t) => {
    const meta = objects.data?.find((o) => o.name === t.object);
    return meta?.permissions.read ? [{ ...t, label: meta.label }] : [];
  });
  const [object, setObject] = useState<string | null>(
    link?.object ?? (targets.length === 1 ? targets[0].object : null),
  );
  const target = targets.find((t) => t.object === object);

  return (
    <Input.Wrapper label={label} error={error} required={required} size={size} data-testid={testId}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Select
          aria-label={`${field.label}: kind of record`}
          data-testid={testId && `${testId}-object`}
          data={targets.map((t) => ({ value: t.object, label: t.label }))}
          value={object}
          onChange={(o) => {
            setObject(o);
            if (o !== link?.object) onChange(null);
          }}
          placeholder="Kind"
          size={size}
          w={130}
          style={{ flex: 'none' }}
          allowDeselect={false}
          autoFocus={autoFocus}
          error={!!error}
          comboboxProps={{ withinPortal: portal }}
        />
        <RelationSelect
          key={object ?? ''}
          aria-label={`${field.label}: record`}
          data-testid={testId && `${testId}-record`}
          plural={target?.plural ?? ''}
          disabled={!target}
          value={link && link.object === object ? link.id : null}
          current={link && link.object === object ? { id: link.id, title: link.title ?? '' } : null}
          onChange={(id, ref) => onChange(id && object ? { object, id, ...(ref ? { title: ref.title } : {}) } : null)}
          placeholder={target ? `Search ${target.label.toLowerCase()}…` : 'Choose a kind first'}
          size={size}
          portal={portal}
          style={{ flex: 1, minWidth: 0 }}
          error={!!error}
        />
      </Group>
    </Input.Wrapper>
  );
}
