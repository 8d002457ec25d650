// Editors for list-valued fields: phone numbers and postal addresses.
import { ActionIcon, Button, Group, Input, Stack, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

export interface PhoneItem {
  label: string;
  number: string;
}

export interface AddressItem {
  label: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

interface Common {
  label?: string;
  error?: React.ReactNode;
  required?: boolean;
  'data-testid'?: string;
}

export function PhoneListInput({
  value,
  onChange,
  label,
  error,
  required,
  'data-testid': testId,
}: Common & {
  value: PhoneItem[];
  onChange: (v: PhoneItem[]) => void;
}) {
  const set = (i: number, patch: Partial<PhoneItem>) =>
    onChange(value.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Input.Wrapper label={label} error={error} required={required}>
      <Stack gap={6} data-testid={testId}>
        {value.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items have no id; position is their identity
          <Group key={i} gap={6} wrap="nowrap">
            <TextInput
              w={96}
              placeholder="Label"
              value={p.label}
              onChange={(e) => set(i, { label: e.currentTarget.value })}
              aria-label="Phone label"
            />
            <TextInput
              style={{ flex: 1 }}
              type="tel"
              placeholder="+1 555 0100"
              value={p.number}
              onChange={(e) => set(i, { number: e.currentTarget.value })}
              aria-label="Phone number"
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              onClick={() => onChange(value.filter((_, j) => j !== i))}
              aria-label="Remove phone"
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => onChange([...value, { label: value.length ? 'other' : 'work', number: '' }])}
        >
          Add phone
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}

const emptyAddress: AddressItem = { label: 'work', street: '', city: '', region: '', postalCode: '', country: '' };

export function AddressListInput({
  value,
  onChange,
  label,
  error,
  required,
  'data-testid': testId,
}: Common & {
  value: AddressItem[];
  onChange: (v: AddressItem[]) => void;
}) {
  const set = (i: number, patch: Partial<AddressItem>) =>
    onChange(value.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <Input.Wrapper label={label} error={error} required={required}>
      <Stack gap="xs" data-testid={testId}>
        {value.map((a, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: list items have no id; position is their identity
          <Stack key={i} gap={6} p="xs" style={{ border: '1px solid var(--kith-border)', borderRadius: 8 }}>
            <Group gap={6} wrap="nowrap">
              <TextInput
                w={110}
                size="xs"
                placeholder="Label"
                value={a.label ?? ''}
                onChange={(e) => set(i, { label: e.currentTarget.value })}
                aria-label="Address label"
              />
              <div style={{ flex: 1 }} />
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                onClick={() => onChange(value.filter((_, j) => j !== i))}
                aria-label="Remove address"
              >
                <IconTrash size={14} />
              </ActionIcon>
            </Group>
            <TextInput
              size="xs"
              placeholder="Street"
              value={a.street ?? ''}
              onChange={(e) => set(i, { street: e.currentTarget.value })}
              aria-label="Street"
            />
            <Group gap={6} grow>
              <TextInput
                size="xs"
                placeholder="Postal code"
                value={a.postalCode ?? ''}
                onChange={(e) => set(i, { postalCode: e.currentTarget.value })}
                aria-label="Postal code"
              />
              <TextInput
                size="xs"
                placeholder="City"
                value={a.city ?? ''}
                onChange={(e) => set(i, { city: e.currentTarget.value })}
                aria-label="City"
              />
            </Group>
            <Group gap={6} grow>
              <TextInput
                size="xs"
                placeholder="Region"
                value={a.region ?? ''}
                onChange={(e) => set(i, { region: e.currentTarget.value })}
                aria-label="Region"
              />
              <TextInput
                size="xs"
                placeholder="Country"
                value={a.country ?? ''}
                onChange={(e) => set(i, { country: e.currentTarget.value })}
                aria-label="Country"
              />
            </Group>
          </Stack>
        ))}
        <Button
          variant="subtle"
          size="compact-sm"
          leftSection={<IconPlus size={14} />}
          style={{ alignSelf: 'flex-start' }}
          onClick={() => onChange([...value, { ...emptyAddress, label: value.length ? 'other' : 'work' }])}
        >
          Add address
        </Button>
      </Stack>
    </Input.Wrapper>
  );
}
