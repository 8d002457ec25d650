// Cmd/Ctrl+K: search every object through GET /search, results grouped by object.
import type { SearchHit } from '@kith/common/api/search';
import { Badge, Center, Group, Loader, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconArrowRight, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../platform/api';
import { ObjectIcon } from '../platform/meta/object-icon';
import { useObjects } from '../platform/meta/objects';
import { listPath, recordPath } from '../platform/meta/paths';

export function GlobalSearch() {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const navigate = useNavigate();
  const listRef = useRef<HTMLDivElement>(null);
  const objects = useObjects();

  const results = useQuery<SearchHit[]>({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) =>
      api.get<{ data: SearchHit[] }>('/search', { q: debounced, limit: 20 }, signal).then((r) => r.data),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const open = (path: string) => {
    spotlight.close();
    void navigate(path);
  };

  const hits = debounced ? (results.data ?? []) : [];
  const groups = new Map<string, SearchHit[]>();
  for (const h of hits) {
    const key = h.plural || h.object;
    groups.set(key, [...(groups.get(key) ?? []), h]);
  }
  const metaOf = (plural: string) => objects.data?.find((o) => o.plural === plural || o.name === plural);
  const firstPath = hits[0] ? recordPath(hits[0].plural, hits[0].id) : null;
  // Only objects found by the global search (the server leaves the others out of its hits too).
  const searchable = (objects.data ?? []).filter((o) => o.globalSearch && o.permissions?.read !== false);
  const placeholder = `Search ${searchable
    .slice(0, 2)
    .map((o) => o.labelPlural.toLowerCase())
    .join(', ')}${searchable.length > 2 ? ', …' : '…'}`;

  return (
    <Spotlight.Root
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K', '/']}
      scrollable
      maxHeight={420}
      size={600}
    >
      <Spotlight.Search
        placeholder={searchable.length ? placeholder : 'Search…'}
        leftSection={<IconSearch size={18} stroke={1.6} />}
        rightSection={results.isFetching ? <Loader size={14} /> : null}
        data-testid="search-input"
        onKeyDown={(e) => {
          // Results arrive after the query changed, so nothing may be selected yet: Enter opens the first.
          if (e.key === 'Enter' && firstPath && !listRef.current?.querySelector('[data-selected]')) {
            e.preventDefault();
            open(firstPath);
          }
        }}
      />
      <Spotlight.ActionsList ref={listRef}>
        {!debounced &&
          searchable.map((o) => (
            <Spotlight.Action
              key={o.plural}
              onClick={() => open(listPath(o.plural))}
              leftSection={<ObjectIcon name={o.icon || o.name} size={18} />}
              rightSection={<IconArrowRight size={14} />}
              label={`Go to ${o.labelPlural}`}
            />
          ))}
        {[...groups.entries()].map(([plural, items]) => {
          const meta = metaOf(plural);
          return (
            <Spotlight.ActionsGroup key={plural} label={meta?.labelPlural ?? plural}>
              {items.map((h) => (
                <Spotlight.Action
                  key={`${plural}:${h.id}`}
                  data-testid="search-result"
                  onClick={() => open(recordPath(h.plural, h.id))}
                  leftSection={<ObjectIcon name={meta?.icon || h.object} size={18} />}
                  label={h.title || '(untitled)'}
                  description={h.subtitle || undefined}
                  rightSection={
                    <Badge size="xs" variant="light" color="gray">
                      {meta?.label ?? h.object}
                    </Badge>
                  }
                />
              ))}
            </Spotlight.ActionsGroup>
          );
        })}
        {debounced && results.isSuccess && hits.length === 0 && (
          <Spotlight.Empty>No results for “{debounced}”</Spotlight.Empty>
        )}
        {debounced && results.isError && (
          <Center p="md">
            <Text size="sm" c="dimmed">
              Search is not available right now.
            </Text>
          </Center>
        )}
      </Spotlight.ActionsList>
      <Group px="md" py={8} gap="md" style={{ borderTop: '1px solid var(--kith-border)' }}>
        <Text size="xs" c="dimmed">
          ↑↓ to move · Enter to open · Esc to close
        </Text>
      </Group>
    </Spotlight.Root>
  );
}
