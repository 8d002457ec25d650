// One column of a board: its option, count and sum, and its cards in a virtualised list that asks
// for the column's next page as its end comes into view (a column of 10,000 cards keeps a few
// dozen in the page).
import { useDroppable } from '@dnd-kit/core';
import { Badge, Loader, Skeleton, Stack, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { FieldMeta, ObjectMeta } from '../../platform/meta/objects';
import { formatMoney, formatNumber, minorDigits } from '../../platform/ui/format';
import classes from './board.module.css';
import { type BoardParams, columnPagesQuery } from './board-api';
import { BoardCard, type CardActions } from './board-card';
import { type Column, withPages } from './board-state';

const GAP = 8;

const compactFmt = (currency?: string) =>
  new Intl.NumberFormat(undefined, {
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(currency ? { style: 'currency', currency } : {}),
  });

/** A column's sum: short ("€10.7B + $3.1M") for the header, or in full. */
export function formatSum(sum: Column['sum'], field: FieldMeta | null, compact = false): string | null {
  if (sum === undefined || !field) return null;
  if (Array.isArray(sum)) {
    if (!sum.length) return null;
    return sum
      .map((m) => {
        if (!compact) return formatMoney(m);
        try {
          return compactFmt(m.currency).format(m.amount / 10 ** minorDigits(m.currency));
        } catch {
          return formatMoney(m);
        }
      })
      .join(' + ');
  }
  if (sum === null) return null;
  return compact && Math.abs(sum) >= 10_000 ? compactFmt().format(sum) : formatNumber(Math.round(sum * 100) / 100);
}

/** What every card of the board shares (stable between renders, so cards re-render only when theirs changes). */
export interface CardShared {
  meta: ObjectMeta;
  fields: FieldMeta[];
  owner: FieldMeta | undefined;
  actions: CardActions;
}

export const BoardColumn = memo(function BoardColumn({
  column,
  plural,
  params,
  moved,
  saving,
  menuFor,
  sumField,
  loading = false,
  shared,
}: {
  column: Column;
  plural: string;
  params: BoardParams;
  /** Cards shown where they were moved to (left out of this column's later pages). */
  moved: ReadonlySet<string>;
  /** Cards whose move is on its way to the server. */
  saving: ReadonlySet<string>;
  /** The card whose menu is open. */
  menuFor: string | null;
  sumField: FieldMeta | null;
  /** The board's first answer is on its way. */
  loading?: boolean;
  shared: CardShared;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.id, data: { key: column.key } });
  const scrollRef = useRef<HTMLDivElement>(null);
  // The column's next pages, asked for once its end comes into view; only this column re-renders.
  const [wantMore, setWantMore] = useState(false);
  const pages = useInfiniteQuery({
    ...columnPagesQuery(plural, params, column.key, column.firstCursor ?? ''),
    enabled: wantMore && !!column.firstCursor,
  });
  const loaded = pages.data?.pages;
  const cards = useMemo(() => withPages(column, loaded?.map((p) => p.data) ?? [], moved), [column, loaded, moved]);
  const hasMore = loaded ? pages.hasNextPage : !!column.firstCursor;
  const fetching = pages.isFetching;
  const virtualizer = useVirtualizer({
    count: cards.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 76,
    gap: GAP,
    overscan: 6,
    getItemKey: (i) => cards[i]?.id ?? 'more',
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const nearEnd = !!last && last.index >= cards.length - 4;
  useEffect(() => {
    if (!nearEnd || !hasMore || fetching) return;
    if (!wantMore) setWantMore(true);
    else if (loaded) void pages.fetchNextPage();
  }, [nearEnd, hasMore, fetching, wantMore, loaded, pages]);

  const color = column.color ? `var(--mantine-color-${column.color}-5)` : 'var(--mantine-color-gray-5)';
  return (
    <section
      ref={setNodeRef}
      className={classes.column}
      data-over={isOver || undefined}
      data-testid="board-column"
      data-column={column.id}
      aria-label={column.title}
    >
      <header className={classes.columnHead}>
        <div className={classes.columnTitle}>
          <span className={classes.dot} style={{ background: color }} />
          <Text
            size="sm"
            fw={600}
            truncate
            style={{ flex: 1, minWidth: 0 }}
            c={column.key === null ? 'dimmed' : undefined}
          >
            {column.title}
          </Text>
          {!loading && (
            <Badge size="sm" variant="light" color="gray" radius="sm" data-testid="board-column-count">
              {formatNumber(column.count)}
            </Badge>
          )}
        </div>
        {sumField && (
          <Text
            size="xs"
            c="dimmed"
            fw={500}
            truncate
            pl={16}
            data-testid="board-column-sum"
            title={`${sumField.label}: ${formatSum(column.sum, sumField) ?? 'none'}`}
          >
            {loading ? '\u00a0' : (formatSum(column.sum, sumField, true) ?? '—')}
          </Text>
        )}
      </header>
      <div ref={scrollRef} className={classes.columnBody} data-testid="board-column-body">
        {loading ? (
          <Stack gap={GAP}>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={72} radius="md" opacity={1 - i * 0.25} />
            ))}
          </Stack>
        ) : cards.length === 0 && !hasMore ? (
          <div className={classes.emptyColumn}>{isOver ? 'Drop here' : 'Nothing here'}</div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const record = cards[item.index];
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
                >
                  {record ? (
                    <BoardCard
                      meta={shared.meta}
                      record={record}
                      fields={shared.fields}
                      sum={sumField}
                      owner={shared.owner}
                      saving={saving.has(record.id)}
                      columnKey={column.key}
                      actions={shared.actions}
                      menuOpen={menuFor === record.id}
                    />
                  ) : (
                    <div className={classes.more}>
                      <Loader size="xs" />
                    </div>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
});
