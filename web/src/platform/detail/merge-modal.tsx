// "Merge with…": pick the other record, choose field by field which value survives, POST /{plural}/merge.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Radio,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowsJoin } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../api';
import { RelationSelect } from '../form/relation-select';
import { type FieldMeta, type ObjectMeta, systemFields } from '../meta/objects';
import { recordPath } from '../meta/paths';
import { invalidateObject, type KRecord, type RecordRef, recordQuery, recordsApi } from '../records/records-api';
import { FieldValue } from '../ui/field-value';
import classes from './merge.module.css';

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const listTypes = new Set(['emailList', 'phoneList', 'addressList', 'tags', 'multiSelect']);

/** Records that look like this one, from POST /{plural}/duplicates (best effort). */
function useSuggestions(meta: ObjectMeta, record: KRecord, enabled: boolean) {
  return useQuery({
    queryKey: ['duplicates', meta.plural, record.id],
    enabled,
    retry: false,
    queryFn: async () => {
      const values: Record<string, unknown> = {};
      for (const f of meta.fields) {
        if (f.readOnly || systemFields.has(f.name) || f.type === 'relation' || f.type === 'user') continue;
        if (!isEmpty(record[f.name])) values[f.name] = record[f.name];
      }
      const found = await recordsApi.duplicates(meta.plural, { ...values, excludeId: record.id });
      return found.filter((d) => d.id !== record.id);
    },
  });
}

export function MergeModal({
  opened,
  onClose,
  meta,
  record,
}: {
  opened: boolean;
  onClose: () => void;
  meta: ObjectMeta;
  record: KRecord;
}) {
  const phone = useMediaQuery('(max-width: 48em)');
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={`Merge “${record.title || 'Untitled'}” with another ${meta.label.toLowerCase()}`}
      size="xl"
      fullScreen={phone}
      styles={{ title: { fontWeight: 650 } }}
    >
      {opened && <MergeBody meta={meta} record={record} onClose={onClose} />}
    </Modal>
  );
}

function MergeBody({ meta, record, onClose }: { meta: ObjectMeta; record: KRecord; onClose: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [otherId, setOtherId] = useState<string | null>(null);
  const [otherRef, setOtherRef] = useState<RecordRef | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const [picks, setPicks] = useState<Record<string, 'primary' | 'duplicate'>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suggestions = useSuggestions(meta, record, !otherId);
  const other = useQuery({ ...recordQuery(meta.plural, otherId ?? ''), enabled: !!otherId });

  const primary = keepThis ? record : other.data;
  const duplicate = keepThis ? other.data : record;

  const fields = useMemo(() => meta.fields.filter((f) => !f.readOnly && !systemFields.has(f.name)), [meta.fields]);
  const differing =
    primary && duplicate
      ? fields.filter((f) => !same(primary[f.name], duplicate[f.name]) && !isEmpty(duplicate[f.name]))
      : [];
  /** Which side a field's value comes from: the user's pick, else what the server does by default. */
  const sideOf = (f: FieldMeta): 'primary' | 'duplicate' =>
    picks[f.name] ?? (primary && isEmpty(primary[f.name]) ? 'duplicate' : 'primary');

  const pick = (id: string | null, ref: RecordRef | null) => {
    setOtherId(id);
    setOtherRef(ref);
    setPicks({});
    setError(null);
  };

  const merge = async () => {
    if (!primary || !duplicate) return;
    setBusy(true);
    setError(null);
    try {
      const take = differing
        .filter((f) => !listTypes.has(f.type) && sideOf(f) === 'duplicate' && !isEmpty(duplicate[f.name]))
        .map((f) => f.name);
      const merged = await recordsApi.merge(meta.plural, { primaryId: primary.id, duplicateId: duplicate.id, take });
      invalidateObject(qc, meta.plural, primary.id);
      invalidateObject(qc, meta.plural, duplicate.id);
      void qc.invalidateQueries({ queryKey: ['related'] });
      void qc.invalidateQueries({ queryKey: ['timeline', meta.plural] });
      notifications.show({
        color: 'teal',
        title: 'Merged',
        message: `“${duplicate.title}” was merged into “${merged.title}”.`,
      });
      onClose();
      void navigate(recordPath(meta.plural, primary.id));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <RelationSelect
        plural={meta.plural}
        value={otherId}
        current={otherRef}
        onChange={pick}
        label={`The other ${meta.label.toLowerCase()}`}
        placeholder={`Search ${meta.labelPlural.toLowerCase()}…`}
        data-testid="merge-pick"
      />
      {!otherId && (suggestions.data?.length ?? 0) > 0 && (
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6}>
            Possible duplicates
          </Text>
          <Stack gap={6}>
            {suggestions.data?.map((d) => (
              <UnstyledButton
                key={d.id}
                className={classes.suggestion}
                onClick={() => pick(d.id, d)}
                data-testid="merge-suggestion"
              >
                <Text size="sm" fw={500}>
                  {d.title || 'Untitled'}
                </Text>
                {d.reason && (
                  <Badge size="sm" variant="light" color="yellow" radius="sm" tt="none">
                    {d.reason}
                  </Badge>
                )}
              </UnstyledButton>
            ))}
          </Stack>
        </div>
      )}

      {otherId && other.data?.id === record.id && (
        <Alert color="orange" variant="light">
          Choose a different {meta.label.toLowerCase()}: a record cannot be merged with itself.
        </Alert>
      )}
      {otherId && other.isPending && <Skeleton h={160} />}
      {otherId && other.isError && (
        <Alert color="red" variant="light">
          {errorMessage(other.error)}
        </Alert>
      )}

      {primary && duplicate && primary.id !== duplicate.id && (
        <>
          <div>
            <Text size="sm" fw={600} mb={6}>
              Which record survives?
            </Text>
            <SegmentedControl
              fullWidth
              value={keepThis ? 'this' : 'other'}
              onChange={(v) => {
                setKeepThis(v === 'this');
                setPicks({});
              }}
              data={[
                { value: 'this', label: `Keep “${record.title || 'Untitled'}”` },
                { value: 'other', label: `Keep “${other.data?.title || 'Untitled'}”` },
              ]}
              data-testid="merge-survivor"
            />
            <Text size="xs" c="dimmed" mt={6}>
              The other one goes to the bin; its notes and related records move to the survivor. Lists (emails, phones,
              tags…) are combined.
            </Text>
          </div>

          {differing.length === 0 ? (
            <Alert color="gray" variant="light">
              The two records hold the same values: nothing to choose.
            </Alert>
          ) : (
            <div className={classes.grid} data-testid="merge-fields">
              <div className={classes.head} />
              <Text className={classes.head} size="xs" fw={600} c="dimmed" truncate>
                <Anchor component={Link} to={recordPath(meta.plural, primary.id)} target="_blank" size="xs" c="dimmed">
                  {primary.title || 'Untitled'}
                </Anchor>{' '}
                (survives)
              </Text>
              <Text className={classes.head} size="xs" fw={600} c="dimmed" truncate>
                <Anchor
                  component={Link}
                  to={recordPath(meta.plural, duplicate.id)}
                  target="_blank"
                  size="xs"
                  c="dimmed"
                >
                  {duplicate.title || 'Untitled'}
                </Anchor>
              </Text>
              {differing.map((f) => {
                const combined = listTypes.has(f.type);
                const side = sideOf(f);
                return (
                  <Fragment key={f.name}>
                    <Text size="sm" c="dimmed" className={classes.label}>
                      {f.label}
                      {combined && (
                        <Badge size="xs" variant="light" color="kith" ml={6} radius="sm" tt="none">
                          combined
                        </Badge>
                      )}
                    </Text>
                    {(['primary', 'duplicate'] as const).map((s) => {
                      const rec = s === 'primary' ? primary : duplicate;
                      return combined ? (
                        <div key={s} className={classes.option}>
                          <FieldValue field={f} record={rec} compact />
                        </div>
                      ) : (
                        <Radio.Card
                          key={s}
                          value={s}
                          checked={side === s}
                          onClick={() => setPicks((p) => ({ ...p, [f.name]: s }))}
                          className={classes.option}
                          data-checked={side === s || undefined}
                          aria-label={`${f.label} from ${rec.title}`}
                          data-testid={`merge-${f.name}-${s}`}
                        >
                          <Group gap={8} wrap="nowrap" align="flex-start">
                            <Radio.Indicator size="xs" mt={3} />
                            <div style={{ minWidth: 0, flex: 1 }}>
                              <FieldValue field={f} record={rec} compact />
                            </div>
                          </Group>
                        </Radio.Card>
                      );
                    })}
                  </Fragment>
                );
              })}
            </div>
          )}
        </>
      )}

      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
          {error}
        </Alert>
      )}

      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <Button
          leftSection={<IconArrowsJoin size={16} />}
          disabled={!primary || !duplicate || primary.id === duplicate.id}
          loading={busy}
          onClick={() => void merge()}
          data-testid="merge-confirm"
        >
          Merge records
        </Button>
      </Group>
    </Stack>
  );
}
