// What is special to territories beyond their records: the tree as the settings page shows it,
// the members (reps and managers), and re-running assignment on request.
import type { ReassignRun, TerritoryMember, TerritoryMembersInput, TerritoryNode } from '@kith/common/api/territories';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { assertCan, permissionFor } from '../../platform/permissions.ts';
import { takesTerritory } from './territory-assign.ts';
import { latestRun, requestReassign } from './territory-reassign.ts';

interface NodeRow {
  id: string;
  name: string;
  parent_id: string | null;
  description: string | null;
  inactive: boolean;
  countries: string[];
  regions: string[];
  cities: string[];
  postal_codes: string[];
  industries: string[];
}

interface MemberRow {
  territory_id: string;
  user_id: string;
  name: string;
  email: string;
  role: TerritoryMember['role'];
}

const memberJson = (m: MemberRow): TerritoryMember => ({
  userId: m.user_id,
  name: m.name,
  email: m.email,
  role: m.role,
});

async function membersOf(ctx: Ctx, territoryIds: string[]): Promise<MemberRow[]> {
  return ctx.db.query<MemberRow>(sql`
    SELECT m.territory_id, m.user_id, coalesce(nullif(u.name, ''), u.email) AS name, u.email, m.role
    FROM territory_members m JOIN users u ON u.id = m.user_id
    WHERE m.territory_id = ANY(${territoryIds}::uuid[])
    ORDER BY m.role DESC, lower(coalesce(nullif(u.name, ''), u.email)), m.user_id`);
}

/**
 * Every live territory, parents before children and siblings by name, with members and, for each
 * entry the reader may read in full, how many of its records each territory holds (one grouped
 * scan of the territory index per entry).
 */
export async function territoryTree(ctx: Ctx): Promise<TerritoryNode[]> {
  assertCan(ctx.principal, 'territory', 'read', 'Territory');
  const rows = await ctx.db.query<NodeRow>(sql`
    SELECT id, name, parent_id, description, inactive, countries, regions, cities, postal_codes, industries
    FROM territories WHERE deleted_at IS NULL`);
  const members = await membersOf(
    ctx,
    rows.map((r) => r.id),
  );
  const counts = new Map<string, Record<string, number>>();
  for (const obj of ctx.registry.all().filter(takesTerritory)) {
    const perm = permissionFor(ctx.principal, obj.name);
    if (!perm.read || perm.scope !== 'all') continue;
    const col = obj.fields.get('territoryId')?.column ?? 'territory_id';
    const grouped = await ctx.db.query<{ id: string; n: number }>(sql`
      SELECT ${sql.ident(col)} AS id, count(*)::int AS n FROM ${sql.ident(obj.table)}
      WHERE deleted_at IS NULL AND ${sql.ident(col)} IS NOT NULL GROUP BY 1`);
    for (const g of grouped) counts.set(g.id, { ...(counts.get(g.id) ?? {}), [obj.name]: g.n });
  }
  const ids = new Set(rows.map((r) => r.id));
  const children = new Map<string | null, NodeRow[]>();
  for (const r of rows) {
    const parent = r.parent_id && ids.has(r.parent_id) ? r.parent_id : null;
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const out: TerritoryNode[] = [];
  const visit = (parent: string | null, depth: number) => {
    const list = (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
    for (const r of list) {
      out.push({
        id: r.id,
        name: r.name,
        parentId: r.parent_id,
        depth,
        description: r.description,
        inactive: r.inactive,
        countries: r.countries,
        regions: r.regions,
        cities: r.cities,
        postalCodes: r.postal_codes,
        industries: r.industries,
        members: members.filter((m) => m.territory_id === r.id).map(memberJson),
        recordCounts: counts.get(r.id) ?? {},
      });
      visit(r.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

async function liveTerritory(ctx: Ctx, id: string, lock = false): Promise<{ id: string; name: string }> {
  const [t] = await ctx.db.query<{ id: string; name: string }>(
    sql`SELECT id, name FROM territories WHERE id = ${id}::uuid AND deleted_at IS NULL ${lock ? sql`FOR UPDATE` : sql.empty}`,
  );
  if (!t) throw notFound('Territory');
  return t;
}

/** Refuses a territory id that names none (a report's filter): a 400 naming `field`. */
export async function assertTerritoryExists(ctx: Pick<Ctx, 'db'>, id: string, field = 'territoryId'): Promise<void> {
  const [t] = await ctx.db.query<{ id: string }>(
    sql`SELECT id FROM territories WHERE id = ${id}::uuid AND deleted_at IS NULL`,
  );
  if (!t) throw invalid(`${field}: no such territory`, { [field]: 'no such territory' });
}

/**
 * Who takes records of a territory, for other modules (lead assignment by territory): its active
 * reps, or its managers when it has no rep, in a fixed order. No permission check: the caller's.
 */
export async function territoryPeople(ctx: Pick<Ctx, 'db'>, territoryId: string): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string; role: string }>(sql`
    SELECT u.id, m.role FROM territory_members m JOIN users u ON u.id = m.user_id
    WHERE m.territory_id = ${territoryId}::uuid AND u.is_active ORDER BY u.id`);
  const reps = rows.filter((r) => r.role === 'rep');
  return (reps.length ? reps : rows).map((r) => r.id);
}

export async function listMembers(ctx: Ctx, territoryId: string): Promise<TerritoryMember[]> {
  assertCan(ctx.principal, 'territory', 'read', 'Territory');
  await liveTerritory(ctx, territoryId);
  return (await membersOf(ctx, [territoryId])).map(memberJson);
}

/** Replaces a territory's members (each user once, active), audited with before and after. */
export async function setMembers(
  ctx: Ctx,
  territoryId: string,
  input: TerritoryMembersInput,
): Promise<TerritoryMember[]> {
  assertCan(ctx.principal, 'territory', 'update', 'Territory');
  const seen = new Set<string>();
  input.members.forEach((m, i) => {
    if (seen.has(m.userId))
      throw invalid(`members.${i}.userId: this person is listed twice`, { [`members.${i}.userId`]: 'listed twice' });
    seen.add(m.userId);
  });
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await liveTerritory(c, territoryId, true);
    const userIds = input.members.map((m) => m.userId);
    const active = new Set(
      (await tx.query<{ id: string }>(sql`SELECT id FROM users WHERE id = ANY(${userIds}::uuid[]) AND is_active`)).map(
        (u) => u.id,
      ),
    );
    input.members.forEach((m, i) => {
      if (!active.has(m.userId))
        throw invalid(`members.${i}.userId: no such active user`, { [`members.${i}.userId`]: 'does not exist' });
    });
    const before = (await membersOf(c, [territoryId])).map((m) => ({ userId: m.user_id, role: m.role }));
    await tx.query(sql`DELETE FROM territory_members WHERE territory_id = ${territoryId}::uuid`);
    if (input.members.length)
      await tx.query(sql`
        INSERT INTO territory_members (territory_id, user_id, role, created_at)
        SELECT ${territoryId}::uuid, u.user_id, u.role, ${ctx.now()}
        FROM unnest(${userIds}::uuid[], ${input.members.map((m) => m.role)}::text[]) AS u(user_id, role)`);
    const after = input.members.map((m) => ({ userId: m.userId, role: m.role }));
    await recordAudit(c, {
      action: 'territory.members',
      objectType: 'territory',
      recordId: territoryId,
      changes: { members: { before, after } },
    });
    return (await membersOf(c, [territoryId])).map(memberJson);
  });
}

/** An admin's or manager's "run it again": queued unless a run is already waiting. */
export async function reassignNow(ctx: Ctx): Promise<ReassignRun> {
  assertCan(ctx.principal, 'territory', 'update', 'Territory');
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const run = await requestReassign(c, 'requested');
    await recordAudit(c, { action: 'territory.reassign.request', objectType: 'territory', changes: { runId: run.id } });
    return run;
  });
}

export async function reassignStatus(ctx: Ctx): Promise<ReassignRun | null> {
  assertCan(ctx.principal, 'territory', 'read', 'Territory');
  return latestRun(ctx);
}
