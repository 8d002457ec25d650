// Which territory a record belongs to, from its location and industry. Pure: the write hook and
// the reassignment job compile the territories once and ask for many records.
//
// A territory matches when each kind of criterion it names (countries, regions, cities, postal
// codes, industries) holds one of the record's values — all kinds, any value within a kind — and
// every ancestor matches too: a child inherits its parent's constraints. A territory that names no
// criterion is a container: it constrains nothing and claims no record itself. An inactive
// territory claims nothing, and neither do its descendants. Of the territories that match, the
// deepest wins, then the one with the most specific kind (postal code > city > region > country >
// industry only), then by name and id, so that the answer never depends on the order of rows.
import {
  countryCode,
  countryKey,
  normalisePostalCode,
  normaliseText,
  type PostalPattern,
  parsePostalPattern,
  postalMatches,
} from './territory-values.ts';

export interface TerritoryCriteria {
  countries: string[];
  regions: string[];
  cities: string[];
  postalCodes: string[];
  industries: string[];
}

export interface TerritoryDef extends TerritoryCriteria {
  id: string;
  name: string;
  parentId: string | null;
  inactive: boolean;
}

/** What a record offers to match on; empty values count as absent. */
export interface RecordLocation {
  country?: string | null;
  region?: string | null;
  city?: string | null;
  postalCode?: string | null;
  industry?: string | null;
}

/** The most specific kind a territory names, higher is more specific; 0 for a container. */
export const kindRank = { none: 0, industry: 1, country: 2, region: 3, city: 4, postalCode: 5 } as const;
export type CriterionKind = keyof typeof kindRank;

interface Compiled {
  def: TerritoryDef;
  depth: number;
  kind: CriterionKind;
  countries: Set<string> | null;
  regions: Set<string> | null;
  cities: Set<string> | null;
  industries: Set<string> | null;
  postal: PostalPattern[] | null;
  children: Compiled[];
}

const setOf = (values: string[], key: (v: string) => string) => (values.length ? new Set(values.map(key)) : null);

export function kindOf(c: TerritoryCriteria): CriterionKind {
  if (c.postalCodes.length) return 'postalCode';
  if (c.cities.length) return 'city';
  if (c.regions.length) return 'region';
  if (c.countries.length) return 'country';
  if (c.industries.length) return 'industry';
  return 'none';
}

/** A stable order that does not depend on the locale: code points of the name, then the id. */
const byNameThenId = (a: TerritoryDef, b: TerritoryDef) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Whether `b` should win over `a`. */
function better(a: Compiled | null, b: Compiled): boolean {
  if (!a) return true;
  if (b.depth !== a.depth) return b.depth > a.depth;
  if (kindRank[b.kind] !== kindRank[a.kind]) return kindRank[b.kind] > kindRank[a.kind];
  return byNameThenId(b.def, a.def) < 0;
}

interface Keys {
  country: string | null;
  region: string | null;
  city: string | null;
  postalCode: string | null;
  industry: string | null;
}

const present = (v: string | null | undefined): v is string => typeof v === 'string' && v.trim() !== '';

function keysOf(loc: RecordLocation): Keys {
  return {
    country: present(loc.country) ? countryKey(loc.country) : null,
    region: present(loc.region) ? normaliseText(loc.region) : null,
    city: present(loc.city) ? normaliseText(loc.city) : null,
    postalCode: present(loc.postalCode) ? normalisePostalCode(loc.postalCode) : null,
    industry: present(loc.industry) ? normaliseText(loc.industry) : null,
  };
}

/** Whether the record holds, for each kind the territory names, one of its values. */
function ownMatch(t: Compiled, k: Keys): boolean {
  const within = (set: Set<string> | null, key: string | null) => !set || (key !== null && set.has(key));
  if (!within(t.countries, k.country)) return false;
  if (!within(t.regions, k.region)) return false;
  if (!within(t.cities, k.city)) return false;
  if (!within(t.industries, k.industry)) return false;
  if (t.postal) {
    const code = k.postalCode;
    if (code === null || !t.postal.some((p) => postalMatches(p, code))) return false;
  }
  return true;
}

export interface TerritoryMatcher {
  /** The id of the territory the record belongs to, or null. */
  match(loc: RecordLocation): string | null;
  /** How many territories take part (active, reachable from a root). */
  size: number;
}

/**
 * Compiles territories for matching. Parents missing from the list make a territory a root; a
 * territory caught in a cycle (the entry refuses them, but rows can be old) is never reached.
 */
export function compileTerritories(defs: readonly TerritoryDef[]): TerritoryMatcher {
  const ids = new Set(defs.map((d) => d.id));
  const byParent = new Map<string | null, TerritoryDef[]>();
  for (const d of defs) {
    const parent = d.parentId && ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : null;
    const list = byParent.get(parent) ?? [];
    list.push(d);
    byParent.set(parent, list);
  }
  let size = 0;
  const build = (d: TerritoryDef, depth: number): Compiled => {
    size++;
    const postal = d.postalCodes.length
      ? d.postalCodes.map(parsePostalPattern).filter((p): p is PostalPattern => typeof p !== 'string')
      : null;
    return {
      def: d,
      depth,
      kind: kindOf(d),
      countries: setOf(d.countries, (v) => countryCode(v) ?? normaliseText(v)),
      regions: setOf(d.regions, normaliseText),
      cities: setOf(d.cities, normaliseText),
      industries: setOf(d.industries, normaliseText),
      postal,
      children: (byParent.get(d.id) ?? []).filter((c) => !c.inactive).map((c) => build(c, depth + 1)),
    };
  };
  const roots = (byParent.get(null) ?? []).filter((d) => !d.inactive).map((d) => build(d, 0));

  return {
    size,
    match(loc) {
      const keys = keysOf(loc);
      let best: Compiled | null = null;
      // Down from the roots: a subtree is visited only when its root matches, which is also how a
      // child inherits its ancestors' constraints.
      const stack = [...roots];
      while (stack.length) {
        const t = stack.pop() as Compiled;
        if (!ownMatch(t, keys)) continue;
        if (t.kind !== 'none' && better(best, t)) best = t;
        stack.push(...t.children);
      }
      return best?.def.id ?? null;
    },
  };
}

/** Whether a record offers anything to match on (otherwise it may take its company's territory). */
export const hasLocation = (loc: RecordLocation): boolean =>
  [loc.country, loc.region, loc.city, loc.postalCode, loc.industry].some(present);

/**
 * Whether giving territory `id` the parent `newParent` makes a cycle: walks up from the new parent
 * (`parentOf` tells each territory's current parent) and meets `id`, or any territory twice.
 */
export function cycleThrough(id: string, newParent: string | null, parentOf: (id: string) => string | null): boolean {
  const seen = new Set([id]);
  for (let at = newParent; at !== null; at = parentOf(at)) {
    if (seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}
