import type { RecordGroup } from '@kith/common/api/aggregates';
import { describe, expect, it } from 'vitest';
import type { FieldMeta } from '../../platform/meta/objects';
import type { KRecord } from '../../platform/records/records-api';
import { adjustSum, boardColumns, groupsParams, type Move, withPages } from './board-state';

const stage: FieldMeta = {
  name: 'stage',
  label: 'Stage',
  type: 'select',
  required: false,
  readOnly: false,
  searchable: false,
  filterable: true,
  sortable: true,
  list: true,
  custom: false,
  options: [
    { value: 'lead', label: 'Lead', color: 'blue' },
    { value: 'won', label: 'Won', color: 'green' },
  ],
};
const amount: FieldMeta = { ...stage, name: 'amount', label: 'Amount', type: 'number', options: undefined };

const card = (id: string, s: string | null, value?: number): KRecord => ({
  id,
  title: id,
  createdAt: '',
  updatedAt: '',
  deletedAt: null,
  stage: s,
  amount: value ?? null,
});

const group = (
  key: string | null,
  data: KRecord[],
  count: number,
  sum: number | null,
  nextCursor = null as string | null,
) =>
  ({
    key,
    title: key,
    count,
    metrics: { 'sum:amount': sum },
    filter: { op: 'and', conditions: [] },
    data,
    nextCursor,
  }) as RecordGroup;

const groups = [group('lead', [card('a', 'lead', 10), card('b', 'lead', 5)], 40, 300, 'c1'), group('won', [], 0, null)];

describe('board columns', () => {
  it('lists the options in order, then "No value", with counts, sums and where "more" starts', () => {
    const { columns: cols } = boardColumns({
      field: stage,
      groups,
      dataUpdatedAt: 1,
      metric: 'sum:amount',
      sumField: amount,
    });
    expect(cols.map((c) => [c.title, c.count, c.sum, c.cards.length, c.firstCursor])).toEqual([
      ['Lead', 40, 300, 2, 'c1'],
      ['Won', 0, null, 0, null],
      ['No value', 0, null, 0, null],
    ]);
    expect(cols[0]?.color).toBe('blue');
  });

  it('keeps values outside the options as their own columns, and no "No value" for a required field', () => {
    const { columns: cols } = boardColumns({
      field: { ...stage, required: true },
      groups: [...groups, group('legacy', [card('z', 'legacy')], 1, null)],
      dataUpdatedAt: 1,
      metric: null,
    });
    expect(cols.map((c) => c.title)).toEqual(['Lead', 'Won', 'legacy']);
    expect(cols[0]?.sum).toBeUndefined();
  });

  it('appends the pages loaded as a column scrolls, once each, leaving out cards moved elsewhere', () => {
    const { columns } = boardColumns({ field: stage, groups, dataUpdatedAt: 1, metric: null });
    const lead = columns[0]!;
    const pages = [
      [card('b', 'lead'), card('c', 'lead')],
      [card('d', 'lead'), card('e', 'lead')],
    ];
    expect(withPages(lead, pages, new Set(['d'])).map((c) => c.id)).toEqual(['a', 'b', 'c', 'e']);
    expect(withPages(lead, [], new Set())).toBe(lead.cards);
  });

  it('shows a move at once (card on top of its new column, counts and sums moved) until newer data has it', () => {
    const move: Move = { id: 'a', record: card('a', 'won', 10), from: 'lead', to: 'won', savedAt: null };
    const at = (dataUpdatedAt: number, m: Move, g = groups) =>
      boardColumns({ field: stage, groups: g, moves: [m], dataUpdatedAt, metric: 'sum:amount', sumField: amount })
        .columns;
    const pending = at(1, move);
    expect(pending.map((c) => [c.count, c.sum, c.cards.map((r) => r.id)])).toEqual([
      [39, 290, ['b']],
      [1, 10, ['a']],
      [0, null, []],
    ]);
    // Saved at 5: data fetched at 3 does not have it yet; data fetched at 9 does (counts from the server).
    expect(at(3, { ...move, savedAt: 5 })[1]?.count).toBe(1);
    const fresh = [group('lead', [card('b', 'lead', 5)], 39, 290), group('won', [card('a', 'won', 10)], 1, 10)];
    const settled = at(9, { ...move, savedAt: 5 }, fresh);
    expect(settled.map((c) => [c.count, c.cards.map((r) => r.id)])).toEqual([
      [39, ['b']],
      [1, ['a']],
      [0, []],
    ]);
  });

  it('keeps a moved card in its new column when the new data has it beyond the loaded pages', () => {
    const move: Move = { id: 'a', record: card('a', 'won'), from: 'lead', to: 'won', savedAt: 5 };
    const fresh = [group('lead', [card('b', 'lead')], 39, null), group('won', [card('x', 'won')], 2, null)];
    const { columns: cols, moved } = boardColumns({
      field: stage,
      groups: fresh,
      moves: [move],
      dataUpdatedAt: 9,
      metric: null,
    });
    expect([...moved]).toEqual(['a']);
    expect(cols[1]?.cards.map((r) => r.id)).toEqual(['a', 'x']);
    expect(cols[1]?.count).toBe(2);
  });

  it('drops a saved move that newer data shows in yet another column (moved again elsewhere)', () => {
    const move: Move = { id: 'a', record: card('a', 'won'), from: 'lead', to: 'won', savedAt: 5 };
    const { columns: cols, moved } = boardColumns({
      field: stage,
      groups,
      moves: [move],
      dataUpdatedAt: 9,
      metric: null,
    });
    expect(moved.size).toBe(0);
    expect(cols[0]?.cards.map((r) => r.id)).toEqual(['a', 'b']);
    expect(cols[1]?.cards).toEqual([]);
  });
});

describe('sums', () => {
  it('adds and takes numbers, and money per currency', () => {
    expect(adjustSum(null, 5, 1)).toBe(5);
    expect(adjustSum(7, 5, -1)).toBe(2);
    expect(adjustSum(7, null, -1)).toBe(7);
    expect(adjustSum(undefined, 5, 1)).toBeUndefined();
    const eur = [{ currency: 'EUR', amount: 1000 }];
    expect(adjustSum(eur, { currency: 'EUR', amount: 1000 }, -1)).toEqual([]);
    expect(adjustSum(eur, { currency: 'USD', amount: 50 }, 1)).toEqual([...eur, { currency: 'USD', amount: 50 }]);
  });
});

it('asks /groups with the list query, leaving out what is empty', () => {
  expect(groupsParams({ q: ' ', filter: null, groupBy: 'stage', metric: 'sum:amount', limit: 30, sort: '' })).toEqual({
    groupBy: 'stage',
    metrics: 'sum:amount',
    limit: 30,
    groupLimit: 50,
    sort: undefined,
    q: undefined,
    filter: undefined,
  });
});
