// A repeat rule (RRULE) picked as people say it: "Does not repeat", "Every weekday", "Every 2
// weeks"… or written by hand under "Custom" for anything else the server takes.
import { describeRule, repeatPresets } from '@kith/common/repeat-rules';
import { Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';

const none = '';
const custom = 'custom';

export function RepeatInput({
  value,
  onChange,
  label,
  error,
  size,
  testId,
}: {
  value: string | null;
  onChange: (rule: string | null) => void;
  label?: string;
  error?: React.ReactNode;
  size?: 'xs' | 'sm';
  testId?: string;
}) {
  const rule = value ?? '';
  const preset = repeatPresets.find((p) => p.value === rule);
  const [customOpen, setCustomOpen] = useState(!!rule && !preset);
  const choice = !rule && !customOpen ? none : preset && !customOpen ? preset.value : custom;
  const data = [
    { value: none, label: 'Does not repeat' },
    ...repeatPresets.map((p) => ({ value: p.value, label: p.label })),
    { value: custom, label: rule && !preset ? `Custom: ${describeRule(rule)}` : 'Custom…' },
  ];
  return (
    <Stack gap={6}>
      <Select
        label={label}
        aria-label={label ?? 'Repeats'}
        size={size}
        data={data}
        value={choice}
        allowDeselect={false}
        onChange={(v) => {
          if (v === custom) return setCustomOpen(true);
          setCustomOpen(false);
          onChange(v ? v : null);
        }}
        error={customOpen ? undefined : error}
        data-testid={testId}
        comboboxProps={{ withinPortal: true }}
      />
      {customOpen && (
        <TextInput
          size={size}
          placeholder="FREQ=MONTHLY;BYMONTHDAY=15"
          description="A repeat rule as calendars write it (RFC 5545)"
          value={rule}
          onChange={(e) => onChange(e.currentTarget.value || null)}
          error={error}
          data-testid={testId ? `${testId}-custom` : undefined}
        />
      )}
    </Stack>
  );
}
