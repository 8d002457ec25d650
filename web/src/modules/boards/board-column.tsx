// One column of a board: its option, count and sum, and its cards in a virtualised list that asks
// for the column's next page as its end comes into view (a column of 10,000 cards keeps a few
// dozen in the page).
import { useDroppable } from '@dnd-kit/core';
import { Badge, Loader, Skeleton, Stack, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useRef } from 'react';
import type { FieldMeta } from '../../platform/meta/objects';
import type { KRecord } from '../../platform/records/records-api';
import { formatMoney, formatNumber } from '../../platform/ui/format';
import classes from './board.module.css';
import type { Column } from './board-state';

const GAP = 8;

export function formatSum(sum: Column['sum'], field: FieldMeta | null): string | null {
  if (sum === undefined || !field) return null;
  if (Array.isArray(sum)) return sum.length ? sum.map((m) => formatMoney(m)).join(' + ') : null;
  return sum === null ? null : formatNumber(Math.round(sum * 100) / 100);
}

export function BoardColumn({
  column,
  sumField,
  loading = false,
  loadingMore,
  onLoadMore,
  renderCard,
}: {
  column: Column;
  sumField: FieldMeta | null;
  /** The board's first answer is on its way. */
  loading?: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  renderCard: (record: KRecord) => ReactNode;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.id, data: { key: column.key } });
  const scrollRef = useRef<HTMLDivElement>(null);
  const { cards, nextCursor } = column;
  const hasMore = !!nextCursor || loadingMore;
  const virtualizer = useVirtualizer({
    count: cards.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 84,
    gap: GAP,
    overscan: 6,
    getItemKey: (i) => cards[i]?.id ?? 'more',
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (last && last.index >= cards.length - 4 && nextCursor && !loadingMore) onLoadMore();
  }, [last, cards.length, nextCursor, loadingMore, onLoadMore]);

  const sum = formatSum(column.sum, sumField);
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
          <Tooltip label={`Sum of ${sumField.label.toLowerCase()}`} position="bottom-start">
            <Text size="xs" c="dimmed" fw={500} truncate pl={16} data-testid="board-column-sum">
              {loading ? '\u00a0' : (sum ?? '—')}
            </Text>
          </Tooltip>
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
                    renderCard(record)
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
}
