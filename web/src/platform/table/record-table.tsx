// The list of any object: a virtualised grid, sticky header and title column, keyset pages
// loaded as you scroll, sortable headers and row checkboxes.
import { Avatar, Checkbox, Loader, Skeleton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconSelector } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Link, useNavigate } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../meta/objects';
import { recordPath } from '../meta/paths';
import type { KRecord } from '../records/records-api';
import { FieldValue } from '../ui/field-value';
import { initials } from '../ui/format';
import { columnWidth, titleSortKey } from './columns';
import classes from './table.module.css';

const ROW = 40;

export interface Sort {
  field: string;
  desc: boolean;
}

export function parseSort(s: string | null | undefined): Sort | null {
  if (!s) return null;
  return s.startsWith('-') ? { field: s.slice(1), desc: true } : { field: s, desc: false };
}

function SortIcon({ sort, field }: { sort: Sort | null; field: string }) {
  if (sort?.field !== field) return <IconSelector size={12} style={{ opacity: 0.45 }} />;
  return sort.desc ? <IconArrowDown size={12} /> : <IconArrowUp size={12} />;
}

export function RecordTable({
  meta,
  columns,
  rows,
  loading,
  hasNextPage,
  fetchingNextPage,
  fetchNextPage,
  sort,
  onSort,
  selected,
  onSelectedChange,
  empty,
}: {
  meta: ObjectMeta;
  columns: FieldMeta[];
  rows: KRecord[];
  loading: boolean;
  hasNextPage: boolean;
  fetchingNextPage: boolean;
  fetchNextPage: () => void;
  sort: Sort | null;
  onSort: (s: Sort | null) => void;
  selected: Set<string>;
  onSelectedChange: (s: Set<string>) => void;
  empty: React.ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const titleWidth = typeof window !== 'undefined' && window.innerWidth < 600 ? 170 : 260;
  const template = `40px ${titleWidth}px ${columns.map((c) => `minmax(${columnWidth(c)}px, 1fr)`).join(' ')}`;
  const minWidth = 40 + titleWidth + columns.reduce((n, c) => n + columnWidth(c), 0);

  const count = rows.length + (hasNextPage ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= rows.length - 15 && hasNextPage && !fetchingNextPage) fetchNextPage();
  }, [last?.index, rows.length, hasNextPage, fetchingNextPage, fetchNextPage, last]);

  const titleSort = titleSortKey(meta);
  const cycle = (field: string) => {
    if (sort?.field !== field) onSort({ field, desc: false });
    else if (!sort.desc) onSort({ field, desc: true });
    else onSort(null);
  };

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = !allSelected && rows.some((r) => selected.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onSelectedChange(next);
  };

  const headerCell = (key: string, label: string, sortKey: string | null, extra = '') => {
    const sorted = !!sortKey && sort?.field === sortKey;
    const className = `${classes.headerCell} ${sortKey ? classes.sortable : ''} ${sorted ? classes.sorted : ''} ${extra}`;
    const content = (
      <>
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>{label}</span>
        {sortKey && <SortIcon sort={sort} field={sortKey} />}
      </>
    );
    return sortKey ? (
      <button
        type="button"
        key={key}
        className={className}
        onClick={() => cycle(sortKey)}
        aria-label={`Sort by ${label}${sorted ? (sort?.desc ? ', sorted descending' : ', sorted ascending') : ''}`}
        data-testid={`column-${key}`}
      >
        {content}
      </button>
    ) : (
      <div key={key} className={className} data-testid={`column-${key}`}>
        {content}
      </div>
    );
  };

  return (
    <div ref={scrollRef} className={classes.scroller} data-testid="record-table">
      <div style={{ minWidth, width: '100%' }}>
        <div className={classes.header} style={{ gridTemplateColumns: template }}>
          <div className={`${classes.headerCell} ${classes.check} ${classes.sticky}`}>
            <Checkbox
              size="xs"
              checked={allSelected}
              indeterminate={someSelected}
              onChange={() => onSelectedChange(allSelected ? new Set() : new Set(rows.map((r) => r.id)))}
              aria-label="Select all loaded rows"
              data-testid="select-all"
            />
          </div>
          {headerCell('title', 'Name', titleSort, classes.stickyTitle)}
          {columns.map((c) => headerCell(c.name, c.label, c.sortable ? c.name : null))}
        </div>

        {loading ? (
          <div>
            {[0, 1, 2, 3, 4, 5, 6, 7].map((i) => (
              <div
                key={`skeleton-${i}`}
                className={classes.row}
                style={{ position: 'relative', gridTemplateColumns: template }}
              >
                <div className={classes.cell} />
                <div className={classes.cell}>
                  <Skeleton h={10} w="70%" radius="xl" />
                </div>
                {columns.map((c) => (
                  <div key={c.name} className={classes.cell}>
                    <Skeleton h={10} w={`${40 + ((i * 13 + c.name.length * 7) % 45)}%`} radius="xl" />
                  </div>
                ))}
              </div>
            ))}
          </div>
        ) : rows.length === 0 ? (
          <div style={{ position: 'sticky', left: 0, width: scrollRef.current?.clientWidth ?? '100%' }}>{empty}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const r = rows[vi.index];
              if (!r)
                return (
                  <div key="loader" className={classes.loadingRow} style={{ transform: `translateY(${vi.start}px)` }}>
                    <Loader size="xs" />
                  </div>
                );
              const href = recordPath(meta.plural, r.id);
              return (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the title cell holds a real link for keyboard users; clicking the row is a mouse shortcut
                // biome-ignore lint/a11y/noStaticElementInteractions: as above
                <div
                  key={r.id}
                  className={classes.row}
                  style={{ gridTemplateColumns: template, transform: `translateY(${vi.start}px)`, width: '100%' }}
                  data-selected={selected.has(r.id) || undefined}
                  data-testid="record-row"
                  data-id={r.id}
                  onClick={(e) => {
                    if (e.metaKey || e.ctrlKey) window.open(href, '_blank');
                    else void navigate(href);
                  }}
                >
                  {/* biome-ignore lint/a11y/noStaticElementInteractions: stops the row click around the checkbox */}
                  {/* biome-ignore lint/a11y/useKeyWithClickEvents: the checkbox inside is keyboard-operable */}
                  <div
                    className={`${classes.cell} ${classes.check} ${classes.sticky}`}
                    onClick={(e) => e.stopPropagation()}
                  >
                    <Checkbox
                      size="xs"
                      checked={selected.has(r.id)}
                      onChange={() => toggle(r.id)}
                      aria-label={`Select ${r.title}`}
                      data-testid="row-checkbox"
                    />
                  </div>
                  <div className={`${classes.cell} ${classes.stickyTitle}`}>
                    <Link to={href} className={classes.titleLink} onClick={(e) => e.stopPropagation()}>
                      <Avatar
                        size={22}
                        radius={meta.name === 'contact' ? 'xl' : 'sm'}
                        color="kith"
                        variant="light"
                        style={{ flex: 'none' }}
                      >
                        <span style={{ fontSize: 9.5, fontWeight: 600 }}>{initials(r.title)}</span>
                      </Avatar>
                      <span className={classes.titleText}>{r.title || 'Untitled'}</span>
                    </Link>
                  </div>
                  {columns.map((c) => (
                    <div
                      key={c.name}
                      className={classes.cell}
                      style={c.type === 'number' || c.type === 'currency' ? { justifyContent: 'flex-end' } : undefined}
                    >
                      <FieldValue field={c} record={r} compact />
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
