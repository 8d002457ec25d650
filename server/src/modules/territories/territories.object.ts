// Territories: a hierarchy (region › country › state, city or postal code, and/or industry) whose
// criteria decide which territory a company, lead or deal belongs to (territory-match.ts). Set up
// in Settings → Territories; the list and record routes come from the registry.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { HookChange, ObjectHooks } from '../../platform/records/hooks.ts';
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { requestReassign } from './territory-reassign.ts';
import { countryCode, parsePostalPattern } from './territory-values.ts';

/** The fields that decide which records a territory takes: a change to any re-runs assignment. */
export const criteriaFields = ['countries', 'regions', 'cities', 'postalCodes', 'industries'] as const;
const matchingFields = new Set<string>([...criteriaFields, 'parentId', 'inactive']);

/** How deep the hierarchy may go: deeper than any real sales organisation, shallow enough to walk. */
export const maxDepth = 12;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

/** Each criterion must mean something the matcher can compare: a 400 names the field and the value. */
function checkCriteria(after: Record<string, unknown>): void {
  for (const c of list(after.countries))
    if (!countryCode(c))
      throw invalid(
        `countries: "${c}" is not a country (write its ISO code, such as DE, or its name, such as Germany)`,
        {
          countries: `unknown country "${c}"`,
        },
      );
  for (const p of list(after.postalCodes)) {
    const parsed = parsePostalPattern(p);
    if (typeof parsed === 'string') throw invalid(`postalCodes: ${parsed}`, { postalCodes: parsed });
  }
  for (const name of ['regions', 'cities', 'industries'] as const)
    for (const v of list(after[name]))
      if (!/[\p{L}\p{N}]/u.test(v))
        throw invalid(`${name}: "${v}" holds no letter or digit`, { [name]: 'needs a letter or digit' });
}

/** A parent must not be the territory itself or one of its descendants, and the tree stays shallow. */
async function checkParent(ctx: Ctx, id: string, parentId: string): Promise<void> {
  if (parentId === id) throw invalid('parentId: a territory cannot be its own parent', { parentId: 'is itself' });
  // Up from the new parent: meeting this territory means the move would close a loop.
  const up = await ctx.db.query<{ id: string; depth: number }>(sql`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 1 FROM territories WHERE id = ${parentId}::uuid
      UNION ALL
      SELECT t.id, t.parent_id, up.depth + 1 FROM territories t JOIN up ON t.id = up.parent_id
      WHERE up.depth <= ${maxDepth} AND up.id <> ${id}::uuid
    ) SELECT id, depth FROM up`);
  if (up.some((r) => r.id === id))
    throw invalid('parentId: the parent would sit inside this territory (a cycle)', {
      parentId: 'is one of its own sub-territories',
    });
  // The subtree below this territory moves with it.
  const [below] = await ctx.db.query<{ depth: number }>(sql`
    WITH RECURSIVE down(id, depth) AS (
      SELECT id, 0 FROM territories WHERE id = ${id}::uuid
      UNION ALL
      SELECT t.id, down.depth + 1 FROM territories t JOIN down ON t.parent_id = down.id
      WHERE t.deleted_at IS NULL AND down.depth <= ${maxDepth}
    ) SELECT max(depth)::int AS depth FROM down`);
  if (up.length + (below?.depth ?? 0) >= maxDepth)
    throw invalid(`parentId: territories nest at most ${maxDepth} levels deep`, { parentId: 'too deep' });
}

async function liveChildren(ctx: Ctx, id: string): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM territories WHERE parent_id = ${id}::uuid AND deleted_at IS NULL`,
  );
  return row?.n ?? 0;
}

const hooks: ObjectHooks = {
  async validate(ctx, change: HookChange) {
    if (change.action === 'delete') {
      const n = await liveChildren(ctx, change.id);
      if (n)
        throw conflict(`Move or delete its ${n} sub-${n === 1 ? 'territory' : 'territories'} first`, {
          fields: { parentId: 'has sub-territories' },
        });
      return;
    }
    if (!change.after) return;
    if (change.action === 'create' || criteriaFields.some((f) => change.changed.includes(f)))
      checkCriteria(change.after);
    const parentId = change.after.parentId;
    if (typeof parentId === 'string' && (change.action !== 'update' || change.changed.includes('parentId')))
      await checkParent(ctx, change.id, parentId);
  },
  // Records take their territory by rule: once this change commits, every record is matched again.
  async afterWrite(ctx, change) {
    const relevant = change.action !== 'update' || change.changed.some((f) => matchingFields.has(f));
    if (relevant) await requestReassign(ctx, 'territory changed');
  },
};

export const territoryObject = defineObject({
  name: 'territory',
  plural: 'territories',
  label: 'Territory',
  labelPlural: 'Territories',
  icon: 'map',
  table: 'territories',
  titleFields: ['name'],
  subtitleField: 'description',
  defaultSort: 'title',
  // Set up in Settings → Territories, not a list people work through.
  navigation: false,
  globalSearch: false,
  // Managers shape territories; everyone else reads them (a record's territory is shown to all).
  access: {
    sales_manager: access.full(),
    sales_rep: access.read(),
    support_agent: access.read(),
    marketing: access.read(),
    read_only: access.read(),
  },
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 200 }),
    parentId: field.relation('territory', { label: 'Parent territory', list: true, onDelete: 'setNull' }),
    description: field.text({ max: 1000 }),
    countries: field.tags({ label: 'Countries', list: true, sample: (n) => [['DE', 'FR', 'US', 'GB', 'JP'][n % 5]] }),
    regions: field.tags({ label: 'Regions / states' }),
    cities: field.tags({ label: 'Cities' }),
    postalCodes: field.tags({ label: 'Postal codes' }),
    industries: field.tags({ label: 'Industries' }),
    inactive: field.boolean({ label: 'Inactive', list: true }),
  },
  hooks,
});
