// A reader's read scope as a set of owners, for figures kept per owner (counts, sums) rather than
// read from the rows: they can answer exactly only when the scope is "these owners' rows" or "every
// row".
import type { ObjectPermission } from '@kith/common';
import type { Ctx } from '../context.ts';
import { markColumns } from '../record-scopes.ts';
import { ownerOf, type ResolvedObject } from '../registry/registry.ts';

/**
 * `{ owners: null }` when the reader reads every row, `{ owners }` when exactly the rows of those
 * owners, and null when the scope is no set of owners: rows also shared with the reader (a meeting's
 * attendees), reached by a module's mark (territories), or parts read through their whole (lines).
 */
export function ownersReadable(
  ctx: Ctx,
  obj: ResolvedObject,
  perm: ObjectPermission,
): { owners: string[] | null } | null {
  if (perm.scope === 'all') return { owners: null };
  const partOf = [...obj.fields.values()].some((f) => f.type === 'relation' && f.partOf);
  if (obj.sharedWith || partOf || perm.scope in markColumns(obj)) return null;
  // Without an owner, own and team reach every row (scopeCondition: no condition).
  if (!ownerOf(obj)) return { owners: null };
  if (perm.scope === 'own') return { owners: ctx.principal.userId ? [ctx.principal.userId] : [] };
  // team, and a module's scope on an entry without its mark, which means team.
  return { owners: ctx.principal.teamUserIds };
}
