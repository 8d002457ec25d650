// The create/edit form of any object, built from its fields; API validation errors land under the right input.
import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { type FormEvent, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../api';
import { editableFields, expandedKey, type FieldMeta, type ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import type { Duplicate, DuplicateConflictDetails, KRecord, RecordRef, SubmitOptions } from '../records/records-api';
import { FieldInput } from './field-input';
import { normalizeValue, sameValue } from './normalize';

const wide = new Set(['longText', 'addressList', 'phoneList', 'multiSelect', 'tags', 'emailList']);

export function RecordForm({
  meta,
  record,
  initialValues,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  meta: ObjectMeta;
  /** Editing this record; absent when creating. */
  record?: KRecord;
  /** Prefill when creating (e.g. companyId from a company page). */
  initialValues?: Record<string, unknown>;
  submitLabel: string;
  onSubmit: (values: Record<string, unknown>, opts?: SubmitOptions) => Promise<unknown>;
  onCancel?: () => void;
}) {
  const fields = editableFields(meta);
  const [values, setValues] = useState<Record<string, unknown>>(() => {
    const v: Record<string, unknown> = {};
    for (const f of fields) v[f.name] = record ? record[f.name] : (initialValues?.[f.name] ?? f.defaultValue);
    return v;
  });
  const [refs, setRefs] = useState<Record<string, RecordRef | null>>(() => {
    const r: Record<string, RecordRef | null> = {};
    for (const f of fields) {
      const ref = (record ?? initialValues)?.[expandedKey(f)];
      if (ref && typeof ref === 'object' && 'id' in ref) r[f.name] = ref as RecordRef;
    }
    return r;
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<Duplicate[] | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const revealError = () =>
    setTimeout(
      () =>
        formRef.current
          ?.querySelector('[aria-invalid="true"], [data-error="true"], [role="alert"]')
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
      30,
    );

  // Fields within this one (a deal's stage within its pipeline) are emptied when it changes.
  const setField = (f: FieldMeta) => (v: unknown, ref?: RecordRef | null) => {
    const inner = fields.filter((x) => x.within === f.name && v !== values[f.name]).map((x) => x.name);
    setValues((s) => ({ ...s, [f.name]: v, ...Object.fromEntries(inner.map((n) => [n, null])) }));
    if (ref !== undefined) setRefs((s) => ({ ...s, [f.name]: ref }));
    if (errors[f.name]) setErrors((e) => ({ ...e, [f.name]: '' }));
  };

  const submit = async (e?: FormEvent, opts?: SubmitOptions) => {
    e?.preventDefault();
    setDuplicates(null);
    const missing: Record<string, string> = {};
    const payload: Record<string, unknown> = {};
    for (const f of fields) {
      const v = normalizeValue(f, values[f.name]);
      if (f.required && (v === null || (Array.isArray(v) && v.length === 0)))
        missing[f.name] = `${f.label} is required`;
      if (record) {
        if (!sameValue(v, normalizeValue(f, record[f.name]))) payload[f.name] = v;
      } else if (
        v !== null &&
        !(Array.isArray(v) && v.length === 0) &&
        !(f.type === 'boolean' && v === false && values[f.name] === undefined)
      ) {
        payload[f.name] = v;
      }
    }
    if (Object.keys(missing).length) {
      setErrors(missing);
      revealError();
      return;
    }
    if (record && Object.keys(payload).length === 0) {
      onCancel?.();
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      await onSubmit(payload, opts);
    } catch (err) {
      // A 409 names possible duplicates, or (a junction's link made twice) the existing link.
      const dups =
        err instanceof ApiError && err.status === 409
          ? (err.details as Partial<DuplicateConflictDetails> | undefined)?.duplicates
          : undefined;
      if (Array.isArray(dups) && dups.length && !record) {
        setDuplicates(dups);
      } else if (err instanceof ApiError) {
        const fe = err.fieldErrors;
        setErrors(fe);
        const unplaced = Object.keys(fe).filter((k) => !fields.some((f) => f.name === k));
        if (!Object.keys(fe).length || unplaced.length) setFormError(err.message);
        else if (err.status !== 400) setFormError(err.message);
      } else setFormError(errorMessage(err));
      revealError();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
          {fields.map((f) => (
            <div key={f.name} style={wide.has(f.type) ? { gridColumn: '1 / -1' } : undefined}>
              <FieldInput
                field={f}
                value={values[f.name]}
                current={refs[f.name]}
                onChange={setField(f)}
                values={values}
                error={errors[f.name] || undefined}
                autoFocus={f === fields[0]}
              />
            </div>
          ))}
        </SimpleGrid>
        {formError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} data-testid="form-error">
            {formError}
          </Alert>
        )}
        {duplicates && (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconAlertCircle size={18} />}
            title="This may already exist"
            data-testid="duplicate-warning"
          >
            <Stack gap={6}>
              {duplicates.map((d) => (
                <Text key={d.id} size="sm">
                  <Anchor component={Link} to={recordPath(meta.plural, d.id)} size="sm" fw={500}>
                    {d.title || 'Untitled'}
                  </Anchor>
                  <Text span size="xs" c="dimmed" ml={6}>
                    {d.reason}
                  </Text>
                </Text>
              ))}
              <Group gap="xs">
                {duplicates[0] && (
                  <Button
                    size="xs"
                    variant="white"
                    color="dark"
                    component={Link}
                    to={recordPath(meta.plural, duplicates[0].id)}
                    data-testid="open-existing"
                  >
                    Open existing
                  </Button>
                )}
                <Button
                  size="xs"
                  variant="light"
                  color="yellow"
                  onClick={() => void submit(undefined, { allowDuplicate: true })}
                  loading={busy}
                  data-testid="create-anyway"
                >
                  Create anyway
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <Group justify="flex-end" gap="xs" mt="xs">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={busy}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={busy} data-testid="record-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
