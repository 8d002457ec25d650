// Records take a territory by rule. Any entry with a computed `territoryId` (a relation to
// territory) gets it on create and update from its own `country`, `region`, `city`, `postalCode`
// and `industry` fields — each missing one taken from its first `addresses` entry — or, when it
// has none of those, from the record its `companyId` points at. Companies have the field now;
// leads and deals only need to declare it.
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import type { HookChange, ObjectHooks } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import {
  compileTerritories,
  hasLocation,
  type RecordLocation,
  type TerritoryDef,
  type TerritoryMatcher,
} from './territory-match.ts';

export const locationFields = ['country', 'region', 'city', 'postalCode', 'industry'] as const;
/** What an address entry offers (industry is the record's own). */
const addressParts = ['country', 'region', 'city', 'postalCode'] as const;

/** Whether records of this entry take a territory by rule. */
export function takesTerritory(obj: ResolvedObject): boolean {
  const f = obj.fields.get('territoryId');
  return !!f && f.type === 'relation' && f.relation === 'territory' && !!f.computed;
}

/** The entry whose territory a record without a location takes: its `companyId`'s target, if that takes one. */
export function inheritsFrom(ctx: Pick<Ctx, 'registry'>, obj: ResolvedObject): ResolvedObject | null {
  const f = obj.fields.get('companyId');
  const target = f?.type === 'relation' ? ctx.registry.get(f.relation ?? '') : undefined;
  return target && target !== obj && takesTerritory(target) ? target : null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** A record's location: its own fields first, then its first address's. */
export function locationOf(obj: ResolvedObject, values: Values): RecordLocation {
  const addresses = obj.fields.get('addresses')?.type === 'addressList' ? values.addresses : undefined;
  const first = Array.isArray(addresses) && addresses[0] && typeof addresses[0] === 'object' ? addresses[0] : {};
  const loc: RecordLocation = {};
  for (const name of locationFields) {
    const own = obj.fields.has(name) ? text(values[name]) : null;
    const fromAddress = (addressParts as readonly string[]).includes(name)
      ? text((first as Record<string, unknown>)[name])
      : null;
    loc[name] = own ?? fromAddress;
  }
  return loc;
}

/**
 * SQL that reads a record's location as locationOf does: one expression per part, from the
 * table aliased `alias`. The reassignment job and the cascade to a company's records use it.
 */
export function locationColumns(obj: ResolvedObject, alias = 't') {
  const a = sql.ident(alias);
  const addresses = obj.fields.get('addresses')?.type === 'addressList' ? obj.fields.get('addresses') : undefined;
  return locationFields.map((name) => {
    const own = obj.fields.get(name);
    const parts = [
      ...(own && own.sqlType === 'text' ? [sql`nullif(btrim(${a}.${sql.ident(own.column)}), '')`] : []),
      ...(addresses && name !== 'industry'
        ? [sql`nullif(btrim(${a}.${sql.ident(addresses.column)} -> 0 ->> ${name}), '')`]
        : []),
    ];
    return { name, expr: parts.length ? sql`coalesce(${sql.join(parts)}, NULL::text)` : sql`NULL::text` };
  });
}

// ---- the territories, compiled once per version of the table ----

interface TerritoryRow {
  id: string;
  name: string;
  parent_id: string | null;
  inactive: boolean;
  countries: string[];
  regions: string[];
  cities: string[];
  postal_codes: string[];
  industries: string[];
}

export async function loadTerritories(ctx: Pick<Ctx, 'db'>): Promise<TerritoryDef[]> {
  const rows = await ctx.db.query<TerritoryRow>(sql`
    SELECT id, name, parent_id, inactive, countries, regions, cities, postal_codes, industries
    FROM territories WHERE deleted_at IS NULL`);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    parentId: r.parent_id,
    inactive: r.inactive,
    countries: r.countries,
    regions: r.regions,
    cities: r.cities,
    postalCodes: r.postal_codes,
    industries: r.industries,
  }));
}

const compiled = new Map<string, TerritoryMatcher>();

/**
 * The matcher for the territories this transaction sees. A write to a record pays one small query
 * (the rows' count and their transaction ids, which every insert, update or delete changes) and
 * compiles the territories again only when they changed — not per imported row.
 */
export async function matcherFor(ctx: Pick<Ctx, 'db'>): Promise<TerritoryMatcher> {
  const [v] = await ctx.db.query<{ version: string }>(
    // The ids' hash keeps two databases in one process (tests) apart.
    sql`SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) || ':' || coalesce(sum(hashtext(id::text)), 0)
      AS version FROM territories`,
  );
  const version = v?.version ?? '';
  let m = compiled.get(version);
  if (!m) {
    m = compileTerritories(await loadTerritories(ctx));
    if (compiled.size >= 8) compiled.clear();
    compiled.set(version, m);
  }
  return m;
}

/** The territory a record takes: by its location, else its company's, else none. */
async function territoryOf(ctx: Ctx, obj: ResolvedObject, values: Values): Promise<string | null> {
  const loc = locationOf(obj, values);
  if (hasLocation(loc)) return (await matcherFor(ctx)).match(loc);
  const parent = inheritsFrom(ctx, obj);
  const companyId = values.companyId;
  if (!parent || typeof companyId !== 'string') return null;
  const [row] = await ctx.db.query<{ territory_id: string | null }>(
    sql`SELECT territory_id FROM ${sql.ident(parent.table)} WHERE id = ${companyId}::uuid`,
  );
  return row?.territory_id ?? null;
}

/**
 * When a record's territory changes, the records that take it from this one (a company's deals
 * without a location of their own) follow, in the same transaction: one indexed UPDATE per entry.
 */
async function cascade(ctx: Ctx, obj: ResolvedObject, change: HookChange): Promise<void> {
  if (change.action !== 'update' || !change.changed.includes('territoryId')) return;
  const territoryId = (change.after?.territoryId as string | null) ?? null;
  for (const child of ctx.registry.all()) {
    if (!takesTerritory(child) || inheritsFrom(ctx, child) !== obj) continue;
    const company = child.fields.get('companyId');
    const territory = child.fields.get('territoryId');
    if (!company || !territory) continue;
    const noLocation = locationColumns(child, 't').map((c) => sql`${c.expr} IS NULL`);
    await ctx.db.query(sql`
      UPDATE ${sql.ident(child.table)} t SET ${sql.ident(territory.column)} = ${territoryId}::uuid
      WHERE t.${sql.ident(company.column)} = ${change.id}::uuid AND ${sql.join(noLocation, ' AND ')}
        AND t.${sql.ident(territory.column)} IS DISTINCT FROM ${territoryId}::uuid`);
  }
}

/** The hook every entry with a computed territoryId runs (registered with `takesTerritory`). */
export const territoryHooks: ObjectHooks = {
  async compute(ctx, change) {
    return { territoryId: await territoryOf(ctx, change.object, change.after) };
  },
  async afterWrite(ctx, change) {
    await cascade(ctx, change.object, change);
  },
};
