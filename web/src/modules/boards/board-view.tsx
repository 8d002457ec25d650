// The board layout of any object's list: a column per option of a select field, each with its
// count, a sum and its cards, paged per column. Moving a card (drag and drop, or its menu) is an
// ordinary update through the records API: shown at once, and undone with the server's message
// when the server refuses it (a hook's rule, a permission).
import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  type ScreenReaderInstructions,
  TouchSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLayoutKanban } from '@tabler/icons-react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, errorMessage } from '../../platform/api';
import { type CardBadgeDef, type ListViewProps, useCardBadges } from '../../platform/extensions';
import { MoveNeedsFields, type NeededMove, neededFields } from '../../platform/form/needs-fields-modal';
import type { FieldMeta, ObjectMeta } from '../../platform/meta/objects';
import {
  invalidateObject,
  type KRecord,
  type RecordPage,
  recordKeys,
  recordsApi,
} from '../../platform/records/records-api';
import { EmptyState } from '../../platform/ui/empty-state';
import { ErrorState } from '../../platform/ui/error-state';
import { formatNumber } from '../../platform/ui/format';
import classes from './board.module.css';
import { type BoardParams, boardQuery } from './board-api';
import { CardBody, cardFields } from './board-card';
import { BoardColumn, type CardShared } from './board-column';
import { boardColumns, boardFields, columnId, type GroupKey, type Move, sumFields, sumMetric } from './board-state';

const PAGE = 50;

/** The board's field when none is chosen: the object's first select field that can group, else a person. */
export const defaultBoardField = (meta: ObjectMeta, preferred?: string): FieldMeta | undefined => {
  const fields = boardFields(meta);
  return (
    fields.find((f) => f.name === preferred) ??
    fields.find((f) => f.within) ??
    fields.find((f) => f.type === 'select') ??
    fields[0]
  );
};

/** The sum when the board is first opened: the object's first currency field, else none. */
export const defaultSumField = (meta: ObjectMeta): FieldMeta | undefined =>
  sumFields(meta).find((f) => f.type === 'currency');

// What a screen reader hears: the card's and the columns' names, not their ids.
const titleOf = (e: { data: { current?: Record<string, unknown> } } | null) =>
  ((e?.data.current?.record as KRecord | undefined)?.title || 'the card') as string;
const columnOf = (e: { id: string | number } | null) =>
  e ? (document.querySelector(`[data-column='${String(e.id)}']`)?.getAttribute('aria-label') ?? 'a column') : null;
const announcements: Announcements = {
  onDragStart: ({ active }) => `Picked up ${titleOf(active)}.`,
  onDragOver: ({ active, over }) =>
    over ? `${titleOf(active)} is over ${columnOf(over)}.` : `${titleOf(active)} is over no column.`,
  onDragEnd: ({ active, over }) =>
    over ? `${titleOf(active)} was dropped in ${columnOf(over)}.` : `${titleOf(active)} was dropped.`,
  onDragCancel: ({ active }) => `Moving ${titleOf(active)} was cancelled.`,
};
const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To move a card, press space or enter, use the arrow keys to reach another column, and press space or enter again; escape cancels. Its menu moves it too.',
};

// The pointer's column for a mouse or finger; the nearest column for the keyboard.
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

export function BoardView({ meta, query, settings, onSettingsChange, empty }: ListViewProps) {
  const field = defaultBoardField(meta, settings.groupBy);
  if (!field)
    return (
      <EmptyState
        icon={<IconLayoutKanban size={22} />}
        title="Nothing to make a board of"
        description={`A board needs a select field that can be filtered on; ${meta.labelPlural.toLowerCase()} have none.`}
      />
    );
  return (
    <Board
      key={field.name}
      meta={meta}
      query={query}
      field={field}
      sumField={sumFields(meta).find((f) => f.name === settings.sum) ?? null}
      within={settings.within}
      onSettingsChange={(next) => {
        const merged = { groupBy: field.name, sum: settings.sum, within: settings.within, ...next };
        // Only a board by a field within another has a record its columns lie within.
        if (!meta.fields.find((f) => f.name === merged.groupBy)?.within) delete merged.within;
        onSettingsChange(merged);
      }}
      empty={empty}
    />
  );
}

interface Token extends Move {
  token: number;
}

const none: ReadonlySet<string> = new Set();

const cardOwner = (meta: ObjectMeta) => meta.fields.find((f) => f.type === 'user' && f.name === 'ownerId');

/** What a board reads of each record: the card's fields, its owner, the column's and the sum's. */
function shownFields(meta: ObjectMeta, field: FieldMeta, sumField: FieldMeta | null, badges: CardBadgeDef[]): string[] {
  const names = [
    field.name,
    sumField?.name,
    cardOwner(meta)?.name,
    ...cardFields(meta, field.name, sumField).map((f) => f.name),
    ...badges.flatMap((b) => b.fields),
  ];
  return [...new Set(names.filter((n): n is string => !!n))];
}

/** The records a field within another can lie within (a deal board's pipelines), in their order. */
function useWithinChoices(meta: ObjectMeta, field: FieldMeta) {
  const plural = meta.fields.find((f) => f.name === field.within)?.relation?.plural;
  return useQuery({
    queryKey: [...recordKeys.lists(plural ?? ''), 'board-within'],
    queryFn: ({ signal }) => api.get<RecordPage>(`/${plural}`, { limit: 100 }, signal),
    enabled: !!plural,
    staleTime: 60_000,
  });
}

function Board({
  meta,
  query,
  field,
  sumField,
  within,
  onSettingsChange,
  empty,
}: Omit<ListViewProps, 'settings'> & { field: FieldMeta; sumField: FieldMeta | null; within?: string }) {
  const qc = useQueryClient();
  const metric = sumMetric(sumField);
  const badges = useCardBadges(meta);
  const choices = useWithinChoices(meta, field);
  const withinRecords = choices.data?.data ?? [];
  const withinId = field.within
    ? (withinRecords.find((r) => r.id === within)?.id ?? withinRecords[0]?.id ?? null)
    : null;
  const withinKey = field.within && withinId ? JSON.stringify({ [field.within]: withinId }) : '';
  const filterKey = JSON.stringify(query.filter ?? null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filter by value (filterKey), not by identity
  const params: BoardParams = useMemo(
    () => ({
      q: query.q,
      filter: query.filter,
      sort: query.sort,
      groupBy: field.name,
      metric,
      limit: PAGE,
      fields: shownFields(meta, field, sumField, badges),
      ...(withinKey ? { within: JSON.parse(withinKey) as Record<string, string> } : {}),
    }),
    [query.q, filterKey, query.sort, field.name, metric, meta, sumField, withinKey, badges],
  );
  const board = useQuery({
    ...boardQuery(meta.plural, params),
    placeholderData: keepPreviousData,
    enabled: !field.within || !!withinId,
  });

  const [moves, setMoves] = useState<Token[]>([]);
  const [menuFor, setMenuFor] = useState<string | null>(null);
  const [needed, setNeeded] = useState<NeededMove | null>(null);
  const tokens = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts the board afresh
  useEffect(() => setMoves([]), [params]);

  const groups = board.data?.groups;
  const dataUpdatedAt = board.dataUpdatedAt;
  const { columns, moved } = useMemo(
    () => boardColumns({ field, groups: groups ?? [], moves, dataUpdatedAt, metric, sumField }),
    [field, groups, moves, dataUpdatedAt, metric, sumField],
  );
  const saving = useMemo(() => {
    const ids = moves.filter((m) => m.savedAt === null).map((m) => m.id);
    return ids.length ? new Set(ids) : none;
  }, [moves]);

  const move = async (record: KRecord, from: GroupKey, to: GroupKey) => {
    setMenuFor(null);
    if (columnId(from) === columnId(to)) return;
    const token = ++tokens.current;
    const previous = moves.find((m) => m.id === record.id);
    // Moved twice before the server showed the first: still counted from where it was fetched.
    const origin =
      previous && (previous.savedAt === null || previous.savedAt > board.dataUpdatedAt) ? previous.from : from;
    const next: Token = {
      token,
      id: record.id,
      record: { ...record, [field.name]: to },
      from: origin,
      to,
      savedAt: null,
    };
    setMoves((ms) => [...ms.filter((m) => m.id !== record.id), next]);
    try {
      await recordsApi.update(meta.plural, record.id, { [field.name]: to });
      setMoves((ms) => ms.map((m) => (m.token === token ? { ...m, savedAt: Date.now() } : m)));
      invalidateObject(qc, meta.plural, record.id);
    } catch (e) {
      setMoves((ms) => [...ms.filter((m) => m.token !== token), ...(previous ? [previous] : [])]);
      const fields = neededFields(meta, field.name, e);
      if (fields.length) {
        const title = columns.find((c) => columnId(c.key) === columnId(to))?.title ?? 'there';
        setNeeded({ record, patch: { [field.name]: to }, columnTitle: title, fields, message: errorMessage(e) });
        return;
      }
      notifications.show({
        color: 'red',
        title: `Could not move “${record.title || 'Untitled'}”`,
        message: errorMessage(e),
        autoClose: 8000,
      });
    }
  };
  // Cards keep one callback for the board's life; it calls the latest move.
  const moveRef = useRef(move);
  moveRef.current = move;
  const onMove = useCallback(
    (record: KRecord, from: GroupKey, to: GroupKey) => void moveRef.current(record, from, to),
    [],
  );

  const canMove = meta.permissions.update && !field.readOnly;
  const targetsKey = JSON.stringify(columns.map((c) => [c.key, c.title]));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the columns by value (targetsKey)
  const targets = useMemo(() => columns.map((c) => ({ key: c.key, title: c.title })), [targetsKey]);
  const shared: CardShared = useMemo(
    () => ({
      meta,
      fields: cardFields(meta, field.name, sumField),
      owner: cardOwner(meta),
      actions: { targets, canMove, onMove, onMenu: setMenuFor },
    }),
    [meta, field.name, sumField, targets, canMove, onMove],
  );

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 220, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );
  const [active, setActive] = useState<KRecord | null>(null);
  const onDragStart = (e: DragStartEvent) => setActive((e.active.data.current?.record as KRecord) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const data = e.active.data.current as { record: KRecord; from: GroupKey } | undefined;
    const to = e.over?.data.current as { key: GroupKey } | undefined;
    if (data && to) void move(data.record, data.from, to.key);
  };

  const groupChoices = boardFields(meta);
  const sums = sumFields(meta);
  const withinField = field.within ? meta.fields.find((f) => f.name === field.within) : undefined;
  const total = board.data?.total.count;
  const filtered = !!query.q.trim() || !!query.filter;

  return (
    <div className={classes.wrap} data-testid="board">
      <div className={classes.toolbar}>
        {withinField && withinRecords.length > 0 && (
          <Select
            size="xs"
            w={220}
            aria-label={withinField.label}
            data={withinRecords.map((r) => ({ value: r.id, label: r.title || 'Untitled' }))}
            value={withinId}
            allowDeselect={false}
            onChange={(v) => v && onSettingsChange({ within: v })}
            data-testid="board-within"
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {groupChoices.length > 1 && (
          <Select
            size="xs"
            w={190}
            label={null}
            leftSection={
              <Text size="xs" c="dimmed" pl={8}>
                By
              </Text>
            }
            leftSectionWidth={34}
            aria-label="Group the board by"
            data={groupChoices.map((f) => ({ value: f.name, label: f.label }))}
            value={field.name}
            allowDeselect={false}
            onChange={(v) => v && onSettingsChange({ groupBy: v })}
            data-testid="board-group-by"
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {sums.length > 0 && (
          <Select
            size="xs"
            w={210}
            leftSection={
              <Text size="xs" c="dimmed" pl={8}>
                Sum
              </Text>
            }
            leftSectionWidth={44}
            aria-label="Sum per column"
            data={[{ value: '', label: 'Count only' }, ...sums.map((f) => ({ value: f.name, label: f.label }))]}
            value={sumField?.name ?? ''}
            allowDeselect={false}
            onChange={(v) => onSettingsChange({ sum: v || undefined })}
            data-testid="board-sum"
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {total !== undefined && (
          <Text size="xs" c="dimmed" ml="auto" data-testid="board-total">
            {formatNumber(total)} {total === 1 ? meta.label.toLowerCase() : meta.labelPlural.toLowerCase()}
            {board.data?.truncated ? ' · first 50 columns' : ''}
          </Text>
        )}
      </div>
      {withinField && choices.isSuccess && !withinId ? (
        <EmptyState
          icon={<IconLayoutKanban size={22} />}
          title={`No ${withinField.label.toLowerCase()} yet`}
          description={`The board's columns are the ${field.label.toLowerCase()}s of a ${withinField.label.toLowerCase()}: add one first.`}
        />
      ) : board.isError ? (
        <ErrorState error={board.error} onRetry={() => void board.refetch()} />
      ) : total === 0 && filtered ? (
        empty
      ) : (
        <DndContext
          sensors={sensors}
          collisionDetection={collision}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={() => setActive(null)}
          accessibility={{ announcements, screenReaderInstructions }}
        >
          <div className={classes.board} data-loading={board.isPending || undefined}>
            {columns.map((c) => (
              <BoardColumn
                key={c.id}
                column={c}
                plural={meta.plural}
                params={params}
                moved={moved}
                saving={saving}
                menuFor={menuFor}
                sumField={sumField}
                loading={board.isPending}
                shared={shared}
              />
            ))}
          </div>
          {needed && (
            <MoveNeedsFields
              move={needed}
              onClose={() => setNeeded(null)}
              onSave={async (patch) => {
                await recordsApi.update(meta.plural, needed.record.id, patch);
                invalidateObject(qc, meta.plural, needed.record.id);
              }}
            />
          )}
          <DragOverlay dropAnimation={null}>
            {active ? (
              <CardBody
                meta={meta}
                record={active}
                fields={shared.fields}
                sum={sumField}
                owner={shared.owner}
                overlay
              />
            ) : null}
          </DragOverlay>
        </DndContext>
      )}
    </div>
  );
}
