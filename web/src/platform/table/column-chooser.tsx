import { ActionIcon, Button, Checkbox, Divider, Group, Popover, ScrollArea, Stack, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconColumns3 } from '@tabler/icons-react';
import type { ObjectMeta } from '../meta/objects';
import { systemFields } from '../meta/objects';

export function ColumnChooser({
  meta,
  names,
  onChange,
  onReset,
  isDefault,
}: {
  meta: ObjectMeta;
  names: string[];
  onChange: (names: string[]) => void;
  onReset: () => void;
  isDefault: boolean;
}) {
  const fields = meta.fields.filter((f) => !systemFields.has(f.name));
  const shown = names.map((n) => fields.find((f) => f.name === n)).filter((f) => !!f);
  const hidden = fields.filter((f) => !names.includes(f.name));
  const move = (i: number, d: number) => {
    const next = [...names];
    const j = i + d;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j] as string, next[i] as string];
    onChange(next);
  };
  return (
    <Popover position="bottom-end" width={280}>
      <Popover.Target>
        <Button variant="default" size="xs" leftSection={<IconColumns3 size={14} />} data-testid="column-chooser">
          Columns
        </Button>
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <Group justify="space-between" px={4} mb={4}>
          <Text size="xs" fw={600} c="dimmed" tt="uppercase">
            Shown
          </Text>
          {!isDefault && (
            <Button variant="subtle" size="compact-xs" color="gray" onClick={onReset}>
              Reset
            </Button>
          )}
        </Group>
        <ScrollArea.Autosize mah={360} type="auto">
          <Stack gap={2}>
            {shown.map((f, i) => (
              <Group key={f.name} gap={4} justify="space-between" wrap="nowrap" px={4} py={2}>
                <Checkbox
                  size="xs"
                  label={f.label}
                  checked
                  onChange={() => onChange(names.filter((n) => n !== f.name))}
                />
                <Group gap={0} wrap="nowrap">
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    onClick={() => move(i, -1)}
                    disabled={i === 0}
                    aria-label={`Move ${f.label} left`}
                  >
                    <IconArrowUp size={12} />
                  </ActionIcon>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    onClick={() => move(i, 1)}
                    disabled={i === shown.length - 1}
                    aria-label={`Move ${f.label} right`}
                  >
                    <IconArrowDown size={12} />
                  </ActionIcon>
                </Group>
              </Group>
            ))}
            {hidden.length > 0 && <Divider my={6} label="Hidden" labelPosition="left" />}
            {hidden.map((f) => (
              <Checkbox
                key={f.name}
                size="xs"
                px={4}
                py={4}
                label={f.label}
                checked={false}
                onChange={() => onChange([...names, f.name])}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
