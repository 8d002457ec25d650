// A rule's conditions, edited with the lists' filter builder and read back in words. Rules are
// evaluated on one lead at a time, so every field of a lead may be a condition, indexed or not.
import type { FilterCondition, FilterGroup } from '@kith/common';
import { Group, Text } from '@mantine/core';
import { useMemo } from 'react';
import { FilterBuilder } from '../../platform/filters/filter-builder';
import { needsValue, opLabel } from '../../platform/filters/filter-ops';
import type { ObjectMeta } from '../../platform/meta/objects';
import { displayText } from '../../platform/ui/display-text';

/** The lead's meta with every field a condition may name open to the builder. */
export function useRuleMeta(meta: ObjectMeta | undefined): ObjectMeta | undefined {
  return useMemo(
    () =>
      meta && {
        ...meta,
        fields: meta.fields.map((f) => ({ ...f, filterable: f.type !== 'longText' && f.type !== 'anyRecord' })),
      },
    [meta],
  );
}

export function describeConditions(meta: ObjectMeta, group: FilterGroup | null | undefined): string {
  const conds = (group?.conditions ?? []).filter((c): c is FilterCondition => !('conditions' in c));
  if (!conds.length) return 'Every lead';
  const parts = conds.map((c) => {
    const f = meta.fields.find((x) => x.name === c.field);
    const value = Array.isArray(c.value) ? c.value.map((v) => displayText(f, v)).join(', ') : displayText(f, c.value);
    return `${f?.label ?? c.field} ${opLabel(c.cmp, f)}${needsValue(c.cmp) ? ` ${value || '…'}` : ''}`;
  });
  return parts.join(group?.op === 'or' ? ' or ' : ' and ');
}

export function RuleConditions({
  meta,
  value,
  onChange,
}: {
  meta: ObjectMeta;
  value: FilterGroup;
  onChange: (g: FilterGroup) => void;
}) {
  return (
    <Group gap="xs" wrap="nowrap" align="center">
      <FilterBuilder meta={meta} value={value} onChange={(g) => onChange(g ?? { op: 'and', conditions: [] })} />
      <Text size="sm" c="dimmed" lineClamp={2} data-testid="rule-conditions">
        {describeConditions(meta, value)}
      </Text>
    </Group>
  );
}
