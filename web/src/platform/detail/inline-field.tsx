// One field on a detail page: read it, click to change it, Enter (or the check) saves with PATCH.
import { ActionIcon, Box, Group, Text } from '@mantine/core';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiError, errorMessage } from '../api';
import { FieldInput } from '../form/field-input';
import { normalizeValue, sameValue } from '../form/normalize';
import { expandedKey, type FieldMeta } from '../meta/objects';
import type { KRecord, RecordRef } from '../records/records-api';
import { FieldValue } from '../ui/field-value';
import classes from './detail.module.css';

export function InlineField({
  field,
  record,
  editable,
  onSave,
}: {
  field: FieldMeta;
  record: KRecord;
  editable: boolean;
  onSave: (values: Record<string, unknown>) => Promise<unknown>;
}) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<unknown>(null);
  const [ref, setRef] = useState<RecordRef | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canEdit = editable && !field.readOnly;

  const start = () => {
    if (!canEdit || editing) return;
    setValue(record[field.name]);
    const r = record[expandedKey(field)];
    setRef(r && typeof r === 'object' && 'id' in r ? (r as RecordRef) : null);
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    setEditing(false);
    setError(null);
  };
  const save = async () => {
    const v = normalizeValue(field, value);
    if (sameValue(v, normalizeValue(field, record[field.name]))) return cancel();
    if (field.required && (v === null || (Array.isArray(v) && !v.length))) {
      setError(`${field.label} is required`);
      return;
    }
    setBusy(true);
    try {
      await onSave({ [field.name]: v });
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? (e.fieldErrors[field.name] ?? e.message) : errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={classes.fieldRow} data-testid={`detail-field-${field.name}`}>
      <Text className={classes.fieldLabel} size="sm" c="dimmed">
        {field.label}
      </Text>
      {editing ? (
        <Box
          className={classes.fieldEditor}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              cancel();
            }
          }}
        >
          <FieldInput
            field={field}
            value={value}
            current={ref}
            onChange={(v, r) => {
              setValue(v);
              if (r !== undefined) setRef(r);
              setError(null);
            }}
            error={error}
            values={record}
            bare
            size="xs"
            autoFocus
            onSubmit={() => void save()}
          />
          <Group gap={4} mt={6} justify="flex-end">
            <ActionIcon size="sm" variant="default" onClick={cancel} aria-label="Cancel">
              <IconX size={14} />
            </ActionIcon>
            <ActionIcon
              size="sm"
              onClick={() => void save()}
              loading={busy}
              aria-label="Save"
              data-testid="inline-save"
            >
              <IconCheck size={14} />
            </ActionIcon>
          </Group>
        </Box>
      ) : canEdit ? (
        // biome-ignore lint/a11y/useSemanticElements: the value may hold links (mailto, related record), which a <button> may not contain
        <div
          className={`${classes.fieldValue} ${classes.editable}`}
          onClick={start}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' || e.key === ' ') && e.target === e.currentTarget) {
              e.preventDefault();
              start();
            }
          }}
          tabIndex={0}
          role="button"
          aria-label={`Edit ${field.label}`}
        >
          <div style={{ minWidth: 0, flex: 1 }}>
            <FieldValue field={field} record={record} />
          </div>
          <IconPencil size={13} className={classes.pencil} />
        </div>
      ) : (
        <div className={classes.fieldValue}>
          <div style={{ minWidth: 0, flex: 1 }}>
            <FieldValue field={field} record={record} />
          </div>
        </div>
      )}
    </div>
  );
}
