// The 'territory' record scope (decision 024): a reader sees the records whose territoryId is a
// territory they are a member of (rep or manager) or one below it, plus the records they own. The
// platform applies it (permissions.ts); this says which field marks a row and which territories a
// user reaches — one recursive query, loaded with the principal and cached with it.
import { type Sql, sql } from '../../db/sql.ts';
import type { RecordScopeProvider } from '../../platform/record-scopes.ts';

/** The territories a user is a member of, and every live territory below them. */
export const territoriesReached = (userId: Sql): Sql => sql`ARRAY(
  WITH RECURSIVE reach(id) AS (
    SELECT m.territory_id FROM territory_members m JOIN territories t ON t.id = m.territory_id
    WHERE m.user_id = ${userId} AND t.deleted_at IS NULL
    UNION
    SELECT c.id FROM territories c JOIN reach ON c.parent_id = reach.id WHERE c.deleted_at IS NULL
  ) SELECT id FROM reach)`;

export const territoryScope: RecordScopeProvider = {
  key: 'territory',
  field: 'territoryId',
  marks: territoriesReached,
  // Members and the tree (a parent, a deletion) change through audited territory writes.
  changedBy: ['territory'],
};
