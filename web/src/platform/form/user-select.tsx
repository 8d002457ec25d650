import { Select } from '@mantine/core';
import type { RecordRef } from '../records/records-api';
import { useUsers } from '../records/users';

export function UserSelect({
  value,
  current,
  onChange,
  portal = true,
  ...rest
}: {
  value: string | null;
  current?: RecordRef | null;
  onChange: (id: string | null, ref: RecordRef | null) => void;
  label?: string;
  error?: React.ReactNode;
  required?: boolean;
  placeholder?: string;
  size?: 'xs' | 'sm';
  autoFocus?: boolean;
  'data-testid'?: string;
  portal?: boolean;
}) {
  const users = useUsers();
  const data = (users.data ?? []).map((u) => ({ value: u.id, label: u.name || u.email }));
  if (value && !data.some((d) => d.value === value)) data.unshift({ value, label: current?.title || '…' });
  return (
    <Select
      {...rest}
      data={data}
      value={value}
      searchable
      clearable
      nothingFoundMessage={users.isError ? 'Users are not available' : 'Nobody found'}
      comboboxProps={{ withinPortal: portal }}
      onChange={(id, option) => onChange(id, id ? { id, title: option?.label ?? '' } : null)}
    />
  );
}
