// Add conditions (field, comparison, value) combined with AND or OR.
import type { FilterComparator, FilterCondition, FilterGroup } from '@kith/common';
import {
  ActionIcon,
  Badge,
  Button,
  Group,
  MultiSelect,
  Popover,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { IconFilter, IconPlus, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { FieldInput } from '../form/field-input';
import type { FieldMeta, ObjectMeta } from '../meta/objects';
import { useUsers } from '../records/users';
import { cleanFilter, needsValue, opLabel, opsFor } from './filter-ops';

function defaultValue(field: FieldMeta, op: FilterComparator): unknown {
  if (!needsValue(op)) return undefined;
  if (op === 'in') return [];
  if (field.type === 'boolean') return true;
  return undefined;
}

function InValue({ field, value, onChange }: { field: FieldMeta; value: unknown; onChange: (v: unknown) => void }) {
  const users = useUsers();
  const data =
    field.type === 'user'
      ? (users.data ?? []).map((u) => ({ value: u.id, label: u.name || u.email }))
      : (field.options ?? []).map((o) => ({ value: o.value, label: o.label }));
  return (
    <MultiSelect
      size="xs"
      data={data}
      value={Array.isArray(value) ? value.map(String) : []}
      onChange={onChange}
      placeholder="Choose…"
      searchable
      aria-label={`${field.label} values`}
      comboboxProps={{ withinPortal: false }}
    />
  );
}

function ConditionRow({
  fields,
  condition,
  onChange,
  onRemove,
}: {
  fields: FieldMeta[];
  condition: FilterCondition;
  onChange: (c: FilterCondition) => void;
  onRemove: () => void;
}) {
  const field = fields.find((f) => f.name === condition.field);
  const ops = field ? opsFor(field) : [];
  const currency = field?.type === 'currency';
  return (
    <Group gap={6} wrap="wrap" align="flex-start" data-testid="filter-condition">
      <Select
        size="xs"
        w={150}
        data={fields.map((f) => ({ value: f.name, label: f.label }))}
        value={condition.field}
        searchable
        allowDeselect={false}
        aria-label="Field"
        comboboxProps={{ withinPortal: false }}
        onChange={(name) => {
          const f = fields.find((x) => x.name === name);
          if (!f) return;
          const cmp = opsFor(f)[0] ?? 'eq';
          onChange({ field: f.name, cmp, value: defaultValue(f, cmp) });
        }}
      />
      <Select
        size="xs"
        w={130}
        data={ops.map((op) => ({ value: op, label: opLabel(op, field) }))}
        value={condition.cmp}
        allowDeselect={false}
        aria-label="Comparison"
        comboboxProps={{ withinPortal: false }}
        onChange={(op) => {
          if (!op || !field) return;
          const cmp = op as FilterComparator;
          const keep = needsValue(cmp) && (cmp === 'in') === (condition.cmp === 'in');
          onChange({ ...condition, cmp, value: keep ? condition.value : defaultValue(field, cmp) });
        }}
      />
      <div style={{ flex: '1 1 160px', minWidth: 140 }}>
        {field && needsValue(condition.cmp) ? (
          condition.cmp === 'in' ? (
            <InValue field={field} value={condition.value} onChange={(v) => onChange({ ...condition, value: v })} />
          ) : field.type === 'boolean' ? (
            <Select
              size="xs"
              data={[
                { value: 'true', label: 'Yes' },
                { value: 'false', label: 'No' },
              ]}
              value={String(condition.value ?? true)}
              allowDeselect={false}
              aria-label="Value"
              comboboxProps={{ withinPortal: false }}
              onChange={(v) => onChange({ ...condition, value: v === 'true' })}
            />
          ) : (
            <FieldInput
              field={
                currency
                  ? { ...field, type: 'number' }
                  : ['emailList', 'tags', 'phoneList', 'addressList', 'longText'].includes(field.type)
                    ? { ...field, type: 'text' }
                    : field.type === 'multiSelect'
                      ? { ...field, type: 'select' }
                      : field
              }
              value={currency && typeof condition.value === 'number' ? condition.value / 100 : condition.value}
              onChange={(v) =>
                onChange({
                  ...condition,
                  value: currency && typeof v === 'number' ? Math.round(v * 100) : v === '' ? undefined : v,
                })
              }
              bare
              size="xs"
              portal={false}
            />
          )
        ) : null}
      </div>
      <ActionIcon variant="subtle" color="gray" onClick={onRemove} aria-label="Remove condition" mt={2}>
        <IconX size={14} />
      </ActionIcon>
    </Group>
  );
}

export function FilterBuilder({
  meta,
  value,
  onChange,
}: {
  meta: ObjectMeta;
  value: FilterGroup | null;
  onChange: (f: FilterGroup | null) => void;
}) {
  const fields = meta.fields.filter((f) => f.filterable);
  const [draft, setDraft] = useState<FilterGroup>(value ?? { op: 'and', conditions: [] });
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    if (!opened) setDraft(value ?? { op: 'and', conditions: [] });
  }, [value, opened]);

  // Apply as the user edits: complete conditions take effect at once.
  const update = (next: FilterGroup) => {
    setDraft(next);
    onChange(cleanFilter(next));
  };
  const active = cleanFilter(value)?.conditions.length ?? 0;
  const flat = draft.conditions.filter((c): c is FilterCondition => !('conditions' in c));

  const add = () => {
    const f = fields[0];
    if (!f) return;
    const cmp = opsFor(f)[0] ?? 'eq';
    setDraft({ ...draft, conditions: [...draft.conditions, { field: f.name, cmp, value: defaultValue(f, cmp) }] });
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-start" width={560} trapFocus={false} closeOnEscape>
      <Popover.Target>
        <Button
          variant={active ? 'light' : 'default'}
          size="xs"
          leftSection={<IconFilter size={14} />}
          onClick={() => {
            setOpened((o) => !o);
            if (!draft.conditions.length) add();
          }}
          rightSection={
            active ? (
              <Badge size="xs" circle>
                {active}
              </Badge>
            ) : null
          }
          data-testid="filter-button"
        >
          Filter
        </Button>
      </Popover.Target>
      <Popover.Dropdown maw="calc(100vw - 24px)" p="sm">
        {fields.length === 0 ? (
          <Text size="sm" c="dimmed">
            No field of {meta.labelPlural.toLowerCase()} can be filtered.
          </Text>
        ) : (
          <Stack gap="xs">
            <Group justify="space-between" gap="xs">
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  Match
                </Text>
                <SegmentedControl
                  size="xs"
                  value={draft.op}
                  onChange={(op) => update({ ...draft, op: op as 'and' | 'or' })}
                  data={[
                    { value: 'and', label: 'All (AND)' },
                    { value: 'or', label: 'Any (OR)' },
                  ]}
                />
              </Group>
              {flat.length > 0 && (
                <Button
                  variant="subtle"
                  color="gray"
                  size="compact-xs"
                  onClick={() => update({ op: draft.op, conditions: [] })}
                >
                  Clear all
                </Button>
              )}
            </Group>
            {flat.map((c, i) => (
              <ConditionRow
                // biome-ignore lint/suspicious/noArrayIndexKey: list items have no id; position is their identity
                key={i}
                fields={fields}
                condition={c}
                onChange={(nc) => update({ ...draft, conditions: flat.map((x, j) => (j === i ? nc : x)) })}
                onRemove={() => update({ ...draft, conditions: flat.filter((_, j) => j !== i) })}
              />
            ))}
            {flat.length === 0 && (
              <Text size="sm" c="dimmed">
                No conditions: showing all {meta.labelPlural.toLowerCase()}.
              </Text>
            )}
            <Button
              variant="subtle"
              size="compact-sm"
              leftSection={<IconPlus size={14} />}
              onClick={add}
              style={{ alignSelf: 'flex-start' }}
              data-testid="filter-add"
            >
              Add condition
            </Button>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
