// Teams: a manager and members. The 'team' record scope reaches records owned by anyone who
// shares a team with the user. Everyone may read teams; admins change them.
import type { Team, teamInput } from '@kith/common/api/teams';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { diff, recordAudit } from '../../platform/audit.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { assertUsersExist, iso, isUniqueViolation } from './users.shared.ts';

interface TeamRow {
  id: string;
  name: string;
  manager_id: string | null;
  manager_name: string | null;
  members: Array<{ id: string; name: string }> | string;
  created_at: Date;
  updated_at: Date;
}

async function loadTeams(db: Queryable, id?: string, lock = false): Promise<Team[]> {
  const rows = await db.query<TeamRow>(sql`
    SELECT t.id, t.name, t.manager_id, m.name AS manager_name, t.created_at, t.updated_at,
           COALESCE((SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY lower(u.name), u.id)
                     FROM team_members tm JOIN users u ON u.id = tm.user_id WHERE tm.team_id = t.id), '[]'::json) AS members
    FROM teams t LEFT JOIN users m ON m.id = t.manager_id
    ${id ? sql`WHERE t.id = ${id}::uuid` : sql.empty}
    ORDER BY lower(t.name) ${lock ? sql`FOR UPDATE OF t` : sql.empty}`);
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    manager: t.manager_id ? { id: t.manager_id, name: t.manager_name ?? '' } : null,
    members: typeof t.members === 'string' ? JSON.parse(t.members) : t.members,
    createdAt: iso(t.created_at) as string,
    updatedAt: iso(t.updated_at) as string,
  }));
}

export async function listTeams(ctx: Ctx): Promise<Team[]> {
  return loadTeams(ctx.db);
}

export async function getTeam(ctx: Ctx, id: string): Promise<Team> {
  const [t] = await loadTeams(ctx.db, id);
  if (!t) throw notFound('Team');
  return t;
}

/**
 * A team's members, for other modules' filters by team (reports): a team that does not exist is a
 * 400 naming `field`, since the id came from the caller's query. No permission check: everyone may
 * read teams.
 */
export async function teamMemberIds(ctx: Pick<Ctx, 'db'>, teamId: string, field = 'teamId'): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string; user_id: string | null }>(sql`
    SELECT t.id, tm.user_id FROM teams t LEFT JOIN team_members tm ON tm.team_id = t.id
    WHERE t.id = ${teamId}::uuid ORDER BY tm.user_id`);
  if (!rows.length) throw invalid(`${field}: no such team`, { [field]: 'no such team' });
  return rows.flatMap((r) => (r.user_id ? [r.user_id] : []));
}

type TeamInput = z.output<typeof teamInput>;

async function assertNameFree(db: Queryable, name: string, exceptId?: string): Promise<void> {
  const [taken] = await db.query<{ name: string }>(
    sql`SELECT name FROM teams WHERE lower(name) = lower(${name}) ${exceptId ? sql`AND id <> ${exceptId}::uuid` : sql.empty}`,
  );
  if (taken) throw conflict(`A team named "${taken.name}" already exists`);
}

async function setMembers(db: Queryable, teamId: string, memberIds: string[]): Promise<void> {
  await db.query(
    sql`DELETE FROM team_members WHERE team_id = ${teamId}::uuid AND NOT (user_id = ANY(${memberIds}::uuid[]))`,
  );
  if (memberIds.length) {
    await db.query(
      sql`INSERT INTO team_members (team_id, user_id) SELECT ${teamId}::uuid, m FROM unnest(${memberIds}::uuid[]) m ON CONFLICT DO NOTHING`,
    );
  }
}

const flat = (t: Team) => ({
  name: t.name,
  managerId: t.manager?.id ?? null,
  memberIds: t.members.map((m) => m.id).sort(),
});
const fields = ['name', 'managerId', 'memberIds'];

/** A name taken by a concurrent writer surfaces as a unique violation: the same 409. */
async function naming<T>(name: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A team named "${name}" already exists`);
    throw err;
  }
}

export async function createTeam(ctx: Ctx, input: TeamInput): Promise<Team> {
  assertAdmin(ctx.principal);
  return naming(input.name, () =>
    ctx.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      await assertNameFree(tx, input.name);
      if (input.managerId) await assertUsersExist(tx, [input.managerId], 'managerId');
      await assertUsersExist(tx, input.memberIds ?? [], 'memberIds');
      const id = uuidv7();
      await tx.query(sql`INSERT INTO teams (id, name, manager_id, created_at, updated_at)
        VALUES (${id}, ${input.name}, ${input.managerId ?? null}, ${ctx.now()}, ${ctx.now()})`);
      await setMembers(tx, id, input.memberIds ?? []);
      const [team] = await loadTeams(tx, id);
      await recordAudit(c, {
        action: 'create',
        objectType: 'team',
        recordId: id,
        changes: diff({}, flat(team), fields),
      });
      await emitEvent(c, { type: 'team.created', objectType: 'team', recordId: id });
      return team;
    }),
  );
}

export async function updateTeam(ctx: Ctx, id: string, patch: Partial<TeamInput>): Promise<Team> {
  assertAdmin(ctx.principal);
  return naming(patch.name, () =>
    ctx.db.transaction(async (tx) => {
      const c = withTx(ctx, tx);
      const [before] = await loadTeams(tx, id, true);
      if (!before) throw notFound('Team');
      if (patch.name !== undefined) await assertNameFree(tx, patch.name, id);
      if (patch.managerId) await assertUsersExist(tx, [patch.managerId], 'managerId');
      if (patch.memberIds) await assertUsersExist(tx, patch.memberIds, 'memberIds');
      await tx.query(sql`UPDATE teams SET name = ${patch.name ?? before.name},
        manager_id = ${patch.managerId === undefined ? (before.manager?.id ?? null) : patch.managerId}, updated_at = ${ctx.now()}
        WHERE id = ${id}::uuid`);
      if (patch.memberIds) await setMembers(tx, id, patch.memberIds);
      const [after] = await loadTeams(tx, id);
      const changes = diff(flat(before), flat(after), fields);
      if (Object.keys(changes).length) {
        await recordAudit(c, { action: 'update', objectType: 'team', recordId: id, changes });
        await emitEvent(c, {
          type: 'team.updated',
          objectType: 'team',
          recordId: id,
          payload: { fields: Object.keys(changes) },
        });
      }
      return after;
    }),
  );
}

export async function deleteTeam(ctx: Ctx, id: string): Promise<void> {
  assertAdmin(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const [team] = await loadTeams(tx, id, true);
    if (!team) throw notFound('Team');
    await tx.query(sql`DELETE FROM teams WHERE id = ${id}::uuid`); // memberships go with it
    await recordAudit(c, { action: 'delete', objectType: 'team', recordId: id, changes: diff(flat(team), {}, fields) });
    await emitEvent(c, { type: 'team.deleted', objectType: 'team', recordId: id });
  });
}
