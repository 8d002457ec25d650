// A change refused because the server wants more first ("Won needs amount filled in first": a
// board card dropped, a stage step taken): ask for just those fields and make it with them at once.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError, errorMessage } from '../api';
import type { FieldMeta, ObjectMeta } from '../meta/objects';
import type { KRecord, RecordRef } from '../records/records-api';
import { FieldInput } from './field-input';
import { normalizeValue } from './normalize';

export interface NeededMove {
  record: KRecord;
  /** The board's field and the value it moves to. */
  patch: Record<string, unknown>;
  columnTitle: string;
  fields: FieldMeta[];
  message: string;
}

/** The fields a refused move names that a person can fill in here (none: just say no). */
export function neededFields(meta: ObjectMeta, groupBy: string, e: unknown): FieldMeta[] {
  if (!(e instanceof ApiError) || e.status !== 400) return [];
  const named = Object.keys(e.fieldErrors);
  return meta.fields.filter((f) => named.includes(f.name) && f.name !== groupBy && !f.readOnly);
}

export function MoveNeedsFields({
  move,
  onSave,
  onClose,
}: {
  move: NeededMove;
  onSave: (patch: Record<string, unknown>) => Promise<unknown>;
  onClose: () => void;
}) {
  const [values, setValues] = useState<Record<string, unknown>>(() =>
    Object.fromEntries(move.fields.map((f) => [f.name, move.record[f.name] ?? null])),
  );
  const [refs, setRefs] = useState<Record<string, RecordRef | null>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const filled = Object.fromEntries(move.fields.map((f) => [f.name, normalizeValue(f, values[f.name])]));
      await onSave({ ...filled, ...move.patch });
      onClose();
    } catch (e) {
      if (e instanceof ApiError) setErrors(e.fieldErrors);
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={onClose} title={`Move to ${move.columnTitle}`} centered data-testid="move-needs-fields">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {move.message}
          </Text>
          {move.fields.map((f, i) => (
            <FieldInput
              key={f.name}
              field={{ ...f, required: true }}
              value={values[f.name]}
              current={refs[f.name]}
              values={{ ...move.record, ...values }}
              onChange={(v, ref) => {
                setValues((s) => ({ ...s, [f.name]: v }));
                if (ref !== undefined) setRefs((s) => ({ ...s, [f.name]: ref }));
              }}
              error={errors[f.name]}
              autoFocus={i === 0}
            />
          ))}
          {failure && (
            <Alert color="red" variant="light">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="move-needs-fields-save">
              Move
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
