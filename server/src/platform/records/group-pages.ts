// A board's data: per group its count and metrics (aggregate.ts) and its first page of records,
// the pages of every group read by one statement. Each group's page is the list's page with that
// group's filter: the same rows, the same sort and the same keyset cursor, so "more" of one column
// is this with `group` and `cursor`, or the list itself with the group's filter.

import type { GroupsResult } from '@kith/common/api/aggregates';
import type { ApiRecord } from '@kith/common/api/records';
import { type Sql, sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { invalid } from '../errors.ts';
import { assertCan } from '../permissions.ts';
import { type ResolvedObject, withOnlyFields } from '../registry/registry.ts';
import { type AggregateParams, aggregateWhere } from './aggregate.ts';
import { type GroupKey, type GroupSpec, groupConditionSql } from './aggregate-query.ts';
import { decodeCursor, encodeCursor, keysetPageSql, parseSort, type SortSpec } from './list-query.ts';
import { type Row, toRecord } from './record-mapper.ts';
import { objectOf, pageSelect, queryWhere } from './records.service.ts';
import { withWithinGroups } from './within.ts';

export interface GroupPagesParams extends AggregateParams {
  groupBy: GroupSpec;
  limit: number;
  sort?: string;
  cursor?: string;
  /** Only these fields of each record (a board's cards); every field when absent. */
  fields?: string[];
}

type Cursor = ReturnType<typeof decodeCursor>;

/**
 * The first limit + 1 rows of each group, in one statement: a branch per group, each planned for
 * its own key (a constant, so a rare stage and a common one each get the plan that suits them;
 * the empty group is IS NULL, a bucket a range on the column), each read as the list reads a page
 * — its keyset segments in order, each limited. No query per group.
 */
function pagesSql(
  ctx: Ctx,
  obj: ResolvedObject,
  where: Sql[],
  spec: GroupSpec,
  keys: GroupKey[],
  sort: SortSpec,
  cursor: Cursor | null,
  limit: number,
): Sql {
  // Titles by subquery: joins would be planned once per column (18 ms for a pipeline's six).
  const select = pageSelect(ctx, obj, sort.column, { joinsAtMost: 0 });
  const dir = sql.raw(sort.desc ? 'DESC' : 'ASC');
  const branches = keys.map(
    (key, i) =>
      sql`(SELECT ${sql.raw(String(i))} AS __group, y.* FROM (${keysetPageSql(select, [...where, groupConditionSql(spec, key)], sort, cursor, limit + 1)}) y)`,
  );
  return sql`SELECT * FROM (${sql.join(branches, ' UNION ALL ')}) z ORDER BY z.__group, z.${sql.ident(sort.column)} ${dir}, z.id ${dir}`;
}

/**
 * Per group (up to groupLimit): its count, its metrics and its first page of records as the list
 * gives them. With `group`: that group only, its page after `cursor`.
 */
export async function groupRecords(ctx: Ctx, objectName: string, params: GroupPagesParams): Promise<GroupsResult> {
  const obj = objectOf(ctx, objectName);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  const p: GroupPagesParams = { ...params, ...(await withWithinGroups(ctx, params)), groupBy: params.groupBy };
  const sort = parseSort(obj, p.sort);
  if (p.cursor && p.group === undefined)
    throw invalid('cursor: a cursor continues one group: give its key as group too', { cursor: 'needs group' });
  const cursor = p.cursor ? decodeCursor(p.cursor, sort) : null;
  const where = await queryWhere(ctx, obj, perm, p);
  const agg = await aggregateWhere(ctx, obj, where, p, perm);
  // The rows' columns and readers: the asked-for fields only (the conditions stay the entry's).
  // Every record keeps its system fields (common/src/api/records.ts), whichever were asked for,
  // and the sort's field, which orders each group's rows.
  const sortField = [...obj.fields.values()].find((f) => f.column === sort.column)?.name;
  const shown = p.fields
    ? withOnlyFields(obj, [...p.fields, 'createdAt', 'updatedAt', ...(sortField ? [sortField] : [])])
    : obj;
  const withRows = agg.groups.filter((g) => g.count > 0);
  const pages = new Map<number, Row[]>();
  if (withRows.length) {
    const keys = withRows.map((g) => g.key);
    const rows = await ctx.db.query<Row>(pagesSql(ctx, shown, where, p.groupBy, keys, sort, cursor, p.limit));
    for (const r of rows) {
      const i = Number(r.__group);
      const page = pages.get(i);
      if (page) page.push(r);
      else pages.set(i, [r]);
    }
  }
  return {
    ...agg,
    groups: agg.groups.map((g) => {
      const rows = pages.get(withRows.indexOf(g)) ?? [];
      const page = rows.slice(0, p.limit);
      const last = page[page.length - 1];
      const nextCursor =
        rows.length > p.limit && last
          ? encodeCursor({ s: sort.key, v: (last.__sort as string | null) ?? null, id: last.id as string })
          : null;
      return { ...g, data: page.map((r) => toRecord(shown, r) as ApiRecord), nextCursor };
    }),
  };
}
