// Rule conditions (assignment and scoring) are the lists' filter JSON, turned into SQL by the
// records path's own filterSql. A rule is evaluated on one lead at a time (by primary key) or on a
// batch by id, so it may name any field of the lead, not only those the list indexes for filters.
import type { FilterGroup } from '@kith/common';
import type { Sql } from '../../db/sql.ts';
import { filterSql } from '../../platform/records/list-query.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';

const views = new WeakMap<ResolvedObject, ResolvedObject>();

/** The entry with every field open to conditions (never used for a list query). */
function ruleView(obj: ResolvedObject): ResolvedObject {
  let view = views.get(obj);
  if (!view) {
    const fields = new Map([...obj.fields].map(([name, f]) => [name, { ...f, filterable: true }]));
    view = { ...obj, fields };
    views.set(obj, view);
  }
  return view;
}

/**
 * The SQL of a rule's conditions on the lead under alias t, or null when it has none (it matches
 * every lead). Bad conditions are a 400 naming `path` and the part that is wrong.
 */
export const conditionsSql = (obj: ResolvedObject, conditions: FilterGroup, path: string): Sql | null =>
  filterSql(ruleView(obj), conditions, path);
