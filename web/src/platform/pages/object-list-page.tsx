// /{plural} — the list of any object in the registry. No per-object code.
import type { FilterGroup } from '@kith/common';
import type { SavedView, ViewConfig } from '@kith/common/api/views';
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Center,
  CloseButton,
  Group,
  Loader,
  Menu,
  SegmentedControl,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import {
  IconArrowLeft,
  IconDots,
  IconDownload,
  IconPlus,
  IconSearch,
  IconTable,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { buildUrl } from '../api';
import { type LayoutSettings, tableLayout, useListViews } from '../extensions';
import { FilterBuilder } from '../filters/filter-builder';
import { cleanFilter, parseFilter } from '../filters/filter-ops';
import { RecordFormModal } from '../form/record-form-modal';
import { ObjectIcon } from '../meta/object-icon';
import { type ObjectMeta, useObjectMeta } from '../meta/objects';
import { importPath, listPath, newRecordPath } from '../meta/paths';
import { invalidateObject, listQuery, recordsApi } from '../records/records-api';
import { BulkBar } from '../table/bulk-bar';
import { ColumnChooser } from '../table/column-chooser';
import { defaultColumnNames, useColumns } from '../table/columns';
import { parseSort, RecordTable, type Sort } from '../table/record-table';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-state';
import { ViewBar } from '../views/view-bar';
import classes from './pages.module.css';

export function ObjectListPage({ creating = false }: { creating?: boolean }) {
  const { plural } = useParams();
  const { meta, isPending, error, refetch } = useObjectMeta(plural);
  if (isPending)
    return (
      <Center py={80}>
        <Loader size="sm" />
      </Center>
    );
  if (error) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!meta) return <EmptyState title="Unknown object" description={`There is no “${plural}” in this workspace.`} />;
  return <ListView key={meta.plural} meta={meta} creating={creating} />;
}

function ListView({ meta, creating }: { meta: ObjectMeta; creating: boolean }) {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort');
  const filter = useMemo(() => parseFilter(params.get('filter')), [params]);
  const inBin = params.get('bin') === '1';
  const [search, setSearch] = useState(q);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const cols = useColumns(meta);
  const listViews = useListViews(meta);
  // The table, or a module's view (`?layout=board`); the bin is always a table.
  const layoutView = inBin ? undefined : listViews.find((v) => v.id === params.get('layout'));
  const layout = layoutView?.id ?? tableLayout;
  const settings: LayoutSettings = {
    groupBy: params.get('groupBy') ?? undefined,
    sum: params.get('sum') ?? undefined,
    within: params.get('within') ?? undefined,
  };

  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value === null || value === '') next.delete(key);
        else next.set(key, value);
        return next;
      },
      { replace: true },
    );
  const setQ = useDebouncedCallback((v: string) => setParam('q', v.trim() || null), 250);
  useEffect(() => setSearch(q), [q]);

  const sort = parseSort(sortParam);
  const list = useInfiniteQuery({
    ...listQuery(meta.plural, { sort: sortParam ?? undefined, q, filter: cleanFilter(filter), deleted: inBin }),
    enabled: layout === tableLayout,
  });
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.data) ?? [], [list.data]);

  // Selection follows what is visible: changing the query clears it.
  const filterParam = params.get('filter');
  // biome-ignore lint/correctness/useExhaustiveDependencies: these are the triggers, not values read by the effect
  useEffect(() => setSelected(new Set()), [q, sortParam, filterParam, inBin]);

  const onSort = (s: Sort | null) => setParam('sort', s ? `${s.desc ? '-' : ''}${s.field}` : null);
  const onFilter = (f: FilterGroup | null) => setParam('filter', f ? JSON.stringify(f) : null);
  const filtered = !!q || !!cleanFilter(filter);

  const viewId = params.get('view');
  const currentView: ViewConfig = {
    columns: cols.names,
    filter: cleanFilter(filter),
    sort: sortParam ?? undefined,
    q,
    ...(layout === tableLayout ? {} : { layout: { type: layout, ...settings } }),
  };
  /** Layout and its settings into the URL; the query (search, filter, sort, view) stays. */
  const layoutParams = (next: URLSearchParams, type: string, s: LayoutSettings) => {
    for (const k of ['layout', 'groupBy', 'sum', 'within']) next.delete(k);
    if (type === tableLayout) return next;
    next.set('layout', type);
    if (s.groupBy) next.set('groupBy', s.groupBy);
    if (s.sum) next.set('sum', s.sum);
    if (s.within) next.set('within', s.within);
    return next;
  };
  const setLayout = (type: string) => {
    const view = listViews.find((v) => v.id === type);
    setParams((p) => layoutParams(new URLSearchParams(p), type, view?.defaultSettings?.(meta) ?? {}), {
      replace: true,
    });
  };
  const setSettings = (s: LayoutSettings) =>
    setParams((p) => layoutParams(new URLSearchParams(p), layout, s), { replace: true });
  const applyView = (v: SavedView | null) => {
    const next = new URLSearchParams();
    if (v) {
      next.set('view', v.id);
      if (v.config.q) next.set('q', v.config.q);
      if (v.config.filter?.conditions?.length) next.set('filter', JSON.stringify(v.config.filter));
      if (v.config.sort) next.set('sort', v.config.sort);
      if (v.config.layout) layoutParams(next, v.config.layout.type, v.config.layout);
    }
    setParams(next, { replace: true });
    if (v?.config.columns.length) cols.setNames(v.config.columns.filter((c) => c !== 'title'));
    else cols.reset();
  };
  const exportHref = buildUrl(`/${meta.plural}/export.csv`, {
    q: q || undefined,
    filter: cleanFilter(filter) ? JSON.stringify(cleanFilter(filter)) : undefined,
    sort: sortParam ?? undefined,
    columns: [...meta.titleFields, ...cols.names].join(','),
  });
  const listHref = `${listPath(meta.plural)}${params.toString() ? `?${params}` : ''}`;

  const empty = list.isError ? (
    <ErrorState error={list.error} onRetry={() => void list.refetch()} />
  ) : filtered ? (
    <EmptyState
      icon={<IconSearch size={22} />}
      title={`No ${meta.labelPlural.toLowerCase()} match`}
      description="Try a different search or remove a filter."
      action={
        <Button variant="default" size="xs" onClick={() => setParams({}, { replace: true })}>
          Clear search and filters
        </Button>
      }
    />
  ) : inBin ? (
    <EmptyState
      icon={<IconTrash size={22} />}
      title="The bin is empty"
      description={`Deleted ${meta.labelPlural.toLowerCase()} appear here.`}
    />
  ) : (
    <EmptyState
      icon={<ObjectIcon name={meta.icon || meta.name} size={22} />}
      title={`No ${meta.labelPlural.toLowerCase()} yet`}
      description={`Create your first ${meta.label.toLowerCase()} to get started.`}
      action={
        meta.permissions.create && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => navigate(newRecordPath(meta.plural))}>
            New {meta.label.toLowerCase()}
          </Button>
        )
      }
    />
  );

  return (
    <div className={classes.listPage}>
      <Box px={{ base: 'sm', sm: 'lg' }} pt="md" pb="sm">
        <Group justify="space-between" gap="sm" mb="sm" wrap="nowrap">
          <Group gap={10} wrap="nowrap" miw={0}>
            {inBin ? (
              <ActionIcon variant="subtle" color="gray" onClick={() => setParam('bin', null)} aria-label="Back to list">
                <IconArrowLeft size={18} />
              </ActionIcon>
            ) : (
              <span className={classes.objectIcon}>
                <ObjectIcon name={meta.icon || meta.name} size={18} />
              </span>
            )}
            <Title order={1} fz={20} fw={650} lineClamp={1}>
              {inBin ? `Deleted ${meta.labelPlural.toLowerCase()}` : meta.labelPlural}
            </Title>
            {layout === tableLayout && list.isSuccess && rows.length > 0 && (
              <Badge variant="light" color="gray" radius="sm" visibleFrom="xs">
                {rows.length}
                {list.hasNextPage ? '+' : ''}
              </Badge>
            )}
          </Group>
          {!inBin && (
            <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
              {meta.permissions.create && (
                <Button
                  component={Link}
                  to={importPath(meta.plural)}
                  size="xs"
                  variant="default"
                  leftSection={<IconUpload size={14} />}
                  aria-label={`Import ${meta.labelPlural.toLowerCase()}`}
                  data-testid="import-button"
                  classNames={{ section: classes.iconOnlySection }}
                >
                  <span className={classes.buttonLabel}>Import</span>
                </Button>
              )}
              {meta.permissions.export && (
                <Button
                  component="a"
                  href={exportHref}
                  download
                  size="xs"
                  variant="default"
                  leftSection={<IconDownload size={14} />}
                  aria-label={`Export ${meta.labelPlural.toLowerCase()} as CSV`}
                  title="Export what you see (search, filters, sort and columns) as CSV"
                  data-testid="export-button"
                  classNames={{ section: classes.iconOnlySection }}
                >
                  <span className={classes.buttonLabel}>Export</span>
                </Button>
              )}
              {meta.permissions.create && (
                <Button
                  size="xs"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => navigate(`${newRecordPath(meta.plural)}${params.toString() ? `?${params}` : ''}`)}
                  data-testid="new-record"
                  aria-label={`New ${meta.label.toLowerCase()}`}
                >
                  <span className={classes.buttonLabel}>New {meta.label.toLowerCase()}</span>
                  <span className={classes.phoneLabel}>New</span>
                </Button>
              )}
            </Group>
          )}
        </Group>
        {!inBin && (
          <ViewBar
            meta={meta}
            current={currentView}
            defaultColumns={defaultColumnNames(meta)}
            activeId={viewId}
            onApply={applyView}
            onSaved={(v) => setParam('view', v.id)}
          />
        )}
        <Group gap="xs" wrap="wrap">
          <TextInput
            className={classes.search}
            size="xs"
            placeholder={`Search ${meta.labelPlural.toLowerCase()}…`}
            leftSection={<IconSearch size={14} />}
            rightSection={
              search ? (
                <CloseButton
                  size="xs"
                  onClick={() => {
                    setSearch('');
                    setParam('q', null);
                  }}
                  aria-label="Clear search"
                />
              ) : null
            }
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setQ(e.currentTarget.value);
            }}
            aria-label={`Search ${meta.labelPlural}`}
            data-testid="list-search"
          />
          <FilterBuilder meta={meta} value={filter} onChange={onFilter} />
          {layout === tableLayout && (
            <ColumnChooser
              meta={meta}
              names={cols.names}
              onChange={cols.setNames}
              onReset={cols.reset}
              isDefault={cols.isDefault}
            />
          )}
          {layout === tableLayout && list.isFetching && !list.isFetchingNextPage && !list.isPending && (
            <Loader size={14} ml={4} />
          )}
          {!inBin && listViews.length > 0 && (
            <SegmentedControl
              size="xs"
              ml="auto"
              value={layout}
              onChange={setLayout}
              aria-label="Layout"
              data-testid="layout-switch"
              data={[{ id: tableLayout, label: 'Table', icon: IconTable }, ...listViews].map((v) => ({
                value: v.id,
                label: (
                  <Tooltip label={v.label} openDelay={500}>
                    <Group gap={6} wrap="nowrap" data-testid={`layout-${v.id}`}>
                      <v.icon size={14} stroke={1.8} />
                      <span className={classes.buttonLabel}>{v.label}</span>
                    </Group>
                  </Tooltip>
                ),
              }))}
            />
          )}
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                ml={!inBin && listViews.length > 0 ? undefined : 'auto'}
                aria-label="More"
              >
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconTrash size={14} />} onClick={() => setParam('bin', inBin ? null : '1')}>
                {inBin ? `Back to ${meta.labelPlural.toLowerCase()}` : 'Show deleted'}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Box>

      {layoutView ? (
        <layoutView.component
          meta={meta}
          query={{ q, filter: cleanFilter(filter), sort: sortParam ?? undefined }}
          settings={settings}
          onSettingsChange={setSettings}
          empty={empty}
        />
      ) : (
        <RecordTable
          meta={meta}
          columns={cols.columns}
          rows={rows}
          loading={list.isPending}
          hasNextPage={!!list.hasNextPage}
          fetchingNextPage={list.isFetchingNextPage}
          fetchNextPage={() => void list.fetchNextPage()}
          sort={sort}
          onSort={onSort}
          selected={selected}
          onSelectedChange={setSelected}
          empty={empty}
        />
      )}

      {layout === tableLayout && (
        <BulkBar meta={meta} selected={selected} onClear={() => setSelected(new Set())} inBin={inBin} />
      )}

      <RecordFormModal
        opened={creating}
        onClose={() => navigate(listHref)}
        meta={meta}
        onSubmit={async (values, opts) => {
          const created = await recordsApi.create(meta.plural, values, opts);
          invalidateObject(qc, meta.plural);
          notifications.show({
            color: 'teal',
            message: `${meta.label} “${created?.title ?? ''}” created`,
          });
          void navigate(listHref);
        }}
      />
    </div>
  );
}
