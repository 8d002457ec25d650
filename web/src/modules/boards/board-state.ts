// What a board shows, worked out from what the server sent (each column's first page, count and
// sum from /groups, and the further pages loaded as a column scrolls) and the moves made here that
// the server has not yet shown back. Pure: the board component and the tests call it alike.
import type { MetricValue, RecordGroup } from '@kith/common/api/aggregates';
import type { FieldMeta, ObjectMeta } from '../../platform/meta/objects';
import type { KRecord } from '../../platform/records/records-api';

export type GroupKey = string | boolean | null;

/** A column's id: its key as JSON, as the server's `group` parameter takes it. */
export const columnId = (key: GroupKey) => JSON.stringify(key);

/** A card moved here: shown in its new column at once, counted there until the server agrees. */
export interface Move {
  id: string;
  /** The card as moved (its field already set to `to`). */
  record: KRecord;
  from: GroupKey;
  to: GroupKey;
  /** When the server accepted it (Date.now()); null while the request is in flight. */
  savedAt: number | null;
}

export interface Column {
  key: GroupKey;
  id: string;
  title: string;
  color?: string;
  count: number;
  sum: MetricValue | undefined;
  /** Cards moved here, then the first page's (less those moved away). */
  cards: KRecord[];
  /** The cursor the column's first page ended with: where its next pages start (null: no more). */
  firstCursor: string | null;
}

export interface Board {
  columns: Column[];
  /** Cards shown where they were moved to: left out of the pages where the server still has them. */
  moved: ReadonlySet<string>;
}

/**
 * Fields a board can group by: choices, and people (a manager's team view: a column per assignee
 * or owner, a card dragged to a colleague is given to them); filterable, so the server groups
 * them on an index.
 */
export const boardFields = (meta: ObjectMeta): FieldMeta[] =>
  meta.fields.filter(
    (f) =>
      (f.type === 'select' || f.type === 'user' || (f.type === 'relation' && f.within)) && f.filterable && !f.readOnly,
  );

/** Number and currency fields a board can sum per column. */
export const sumFields = (meta: ObjectMeta): FieldMeta[] =>
  meta.fields.filter((f) => f.type === 'number' || f.type === 'currency');

export const sumMetric = (field: FieldMeta | null | undefined) => (field ? `sum:${field.name}` : null);

type MoneyList = Array<{ currency: string; amount: number }>;

/** A sum with one card's value added (sign 1) or taken away (sign -1). */
export function adjustSum(sum: MetricValue | undefined, value: unknown, sign: 1 | -1): MetricValue | undefined {
  if (sum === undefined) return undefined;
  if (typeof value === 'number') {
    if (Array.isArray(sum)) return sum;
    return (sum ?? 0) + sign * value;
  }
  if (value && typeof value === 'object' && 'amount' in value && 'currency' in value) {
    const money = value as { amount: number; currency: string };
    const list: MoneyList = Array.isArray(sum) ? sum.map((m) => ({ ...m })) : [];
    const entry = list.find((m) => m.currency === money.currency);
    if (entry) entry.amount += sign * money.amount;
    else list.push({ currency: money.currency, amount: sign * money.amount });
    return list.filter((m) => m.amount !== 0);
  }
  return sum;
}

/** Is this move still something the server's data does not show? */
const counted = (m: Move, dataUpdatedAt: number) => m.savedAt === null || m.savedAt > dataUpdatedAt;

/**
 * The columns from the first pages, with the moves made here applied: the options in their
 * order, then values outside them that records hold, then "No value".
 */
export function boardColumns(input: {
  field: FieldMeta;
  groups: RecordGroup[];
  moves?: Move[];
  /** When the groups were fetched (Date.now()). */
  dataUpdatedAt: number;
  /** The metric asked of the server (`sum:amount`), or null. */
  metric: string | null;
  sumField?: FieldMeta | null;
}): Board {
  const { field, groups, dataUpdatedAt, metric } = input;
  const byId = new Map(groups.map((g) => [columnId(g.key as GroupKey), g]));
  const keys: GroupKey[] = (field.options ?? []).map((o) => o.value);
  for (const g of groups) if (g.key !== null && !keys.includes(g.key as GroupKey)) keys.push(g.key as GroupKey);
  // "No value" when the field may be empty, or when records are.
  if (!field.required || byId.get(columnId(null))?.count) keys.push(null);

  // Where the server's pages put each card, to tell a stale move from one it has not seen yet.
  const fetchedIn = new Map<string, string>();
  const loaded = new Map<string, KRecord[]>();
  for (const key of keys) {
    const id = columnId(key);
    const seen = new Set<string>();
    const cards: KRecord[] = [];
    for (const r of (byId.get(id)?.data ?? []) as KRecord[])
      if (!seen.has(r.id)) {
        seen.add(r.id);
        cards.push(r);
        fetchedIn.set(r.id, id);
      }
    loaded.set(id, cards);
  }
  // A saved move that newer data shows elsewhere was overtaken (someone moved the card again).
  const moves = (input.moves ?? []).filter((m) => {
    const at = fetchedIn.get(m.id);
    return counted(m, dataUpdatedAt) || at === undefined || at === columnId(m.to);
  });
  const movedIds = new Set(moves.map((m) => m.id));

  const columns = keys.map((key) => {
    const id = columnId(key);
    const g = byId.get(id);
    const option = field.options?.find((o) => o.value === key);
    let count = g?.count ?? 0;
    let sum = metric ? (g?.metrics[metric] ?? (input.sumField?.type === 'currency' ? [] : null)) : undefined;
    for (const m of moves) {
      if (!counted(m, dataUpdatedAt)) continue;
      const value = input.sumField ? m.record[input.sumField.name] : undefined;
      if (columnId(m.from) === id) {
        count -= 1;
        sum = adjustSum(sum, value, -1);
      }
      if (columnId(m.to) === id) {
        count += 1;
        sum = adjustSum(sum, value, 1);
      }
    }
    // Cards moved here come first, latest on top; moved cards leave the columns they were fetched in.
    const pinned = moves
      .filter((m) => columnId(m.to) === id)
      .reverse()
      .map((m) => m.record);
    const cards = [...pinned, ...(loaded.get(id) ?? []).filter((r) => !movedIds.has(r.id))];
    return {
      key,
      id,
      title: key === null ? 'No value' : (option?.label ?? g?.title ?? String(key)),
      color: option?.color,
      count: Math.max(0, count),
      sum,
      cards,
      firstCursor: g?.nextCursor ?? null,
    };
  });
  return { columns, moved: movedIds };
}

/** A column's cards with the pages loaded after its first: each card once, moved ones where they went. */
export function withPages(column: Column, pages: KRecord[][], moved: ReadonlySet<string>): KRecord[] {
  if (!pages.length) return column.cards;
  const seen = new Set(column.cards.map((r) => r.id));
  const out = [...column.cards];
  for (const page of pages)
    for (const r of page)
      if (!seen.has(r.id) && !moved.has(r.id)) {
        seen.add(r.id);
        out.push(r);
      }
  return out;
}

/** The query string of /groups for a board: the list's own query, the field, the sum, a page size. */
export function groupsParams(p: {
  q: string;
  filter: unknown;
  sort?: string;
  groupBy: string;
  metric: string | null;
  limit: number;
  /** The fields the cards show (the server sends only those); all when absent. */
  fields?: string[];
  /** For a field within another: that field and the record the columns lie within (`pipelineId=…`). */
  within?: Record<string, string>;
}): Record<string, string | number | undefined> {
  return {
    ...p.within,
    groupBy: p.groupBy,
    fields: p.fields?.length ? p.fields.join(',') : undefined,
    metrics: p.metric ?? undefined,
    limit: p.limit,
    groupLimit: 50,
    sort: p.sort || undefined,
    q: p.q.trim() || undefined,
    filter: p.filter ? JSON.stringify(p.filter) : undefined,
  };
}
