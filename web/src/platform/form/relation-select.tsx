// Pick one record of another object: searches GET /{plural}?q=… as you type.
import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { api } from '../api';
import type { RecordPage, RecordRef } from '../records/records-api';

export function RelationSelect({
  plural,
  value,
  current,
  onChange,
  portal = true,
  params,
  ...rest
}: {
  plural: string;
  value: string | null;
  /** The expanded `{id,title}` of the current value, so it shows before any search. */
  current?: RecordRef | null;
  onChange: (id: string | null, ref: RecordRef | null) => void;
  label?: string;
  error?: React.ReactNode;
  required?: boolean;
  placeholder?: string;
  size?: 'xs' | 'sm';
  autoFocus?: boolean;
  'data-testid'?: string;
  'aria-label'?: string;
  disabled?: boolean;
  style?: React.CSSProperties;
  portal?: boolean;
  /** More list parameters that narrow the choices (`pipelineId=…` for a deal's stage). */
  params?: Record<string, string>;
}) {
  const [search, setSearch] = useState('');
  const [opened, setOpened] = useState(false);
  const [q] = useDebouncedValue(search, 200);
  const [picked, setPicked] = useState<RecordRef | null>(current ?? null);
  const list = useQuery<RecordPage>({
    queryKey: ['related', plural, 'options', q, params ?? null],
    queryFn: ({ signal }) => api.get<RecordPage>(`/${plural}`, { q: q || undefined, limit: 20, ...params }, signal),
    enabled: opened,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const data = useMemo(() => {
    const items = (list.data?.data ?? []).map((r) => ({ value: r.id, label: r.title || 'Untitled' }));
    const selected = picked && picked.id === value ? picked : current && current.id === value ? current : null;
    if (selected && !items.some((i) => i.value === selected.id))
      // null: a record this user may not read (the server withholds its name).
      items.unshift({
        value: selected.id,
        label: selected.title === null ? 'Restricted' : selected.title || 'Untitled',
      });
    else if (value && !selected && !items.some((i) => i.value === value)) items.unshift({ value, label: '…' });
    return items;
  }, [list.data, picked, current, value]);

  return (
    <Select
      {...rest}
      data={data}
      value={value}
      searchable
      clearable
      filter={({ options }) => options}
      searchValue={opened ? search : undefined}
      onSearchChange={(s) => opened && setSearch(s)}
      onDropdownOpen={() => {
        setOpened(true);
        setSearch('');
      }}
      onDropdownClose={() => setOpened(false)}
      nothingFoundMessage={list.isFetching ? 'Searching…' : 'Nothing found'}
      rightSection={list.isFetching && opened ? <Loader size={12} /> : undefined}
      onChange={(id, option) => {
        const ref = id ? { id, title: option?.label ?? '' } : null;
        setPicked(ref);
        onChange(id, ref);
      }}
      comboboxProps={{ withinPortal: portal }}
    />
  );
}
