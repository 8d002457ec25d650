// Invitations: an admin invites someone by email with a role and teams; the link (valid 7 days,
// stored only as its SHA-256) lets them choose their name and password and signs them in.

import type { Invitation, InvitationLookup, invitationAccept, invitationInput } from '@kith/common/api/invitations';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import { orgName } from '../../platform/auth/auth.routes.ts';
import { type SessionStart, startSession } from '../../platform/auth/auth.service.ts';
import { hashPassword, newToken, sha256 } from '../../platform/auth/crypto.ts';
import { loadUser, toPrincipal } from '../../platform/auth/principal.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events.ts';
import { appLink } from '../../platform/links.ts';
import { queueMail } from '../../platform/mail.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { setUserTeams } from './users.service.ts';
import { assertTeamsExist, iso, isUniqueViolation, type MailDeps, roleById } from './users.shared.ts';

export const invitationDays = 7;

interface InvitationRow {
  public_id: string;
  email: string;
  name: string | null;
  role_id: string;
  role_name: string;
  teams: Array<{ id: string; name: string }> | string;
  created_by: string | null;
  creator_name: string | null;
  created_at: Date;
  expires_at: Date;
}

async function loadPending(db: Queryable, now: Date, publicId?: string): Promise<Invitation[]> {
  const rows = await db.query<InvitationRow>(sql`
    SELECT a.public_id, a.email, a.name, a.role_id, r.name AS role_name, a.created_by, u.name AS creator_name, a.created_at, a.expires_at,
           COALESCE((SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY lower(t.name)) FROM teams t WHERE t.id = ANY(a.team_ids)), '[]'::json) AS teams
    FROM auth_tokens a JOIN roles r ON r.id = a.role_id LEFT JOIN users u ON u.id = a.created_by
    WHERE a.kind = 'invite' AND a.used_at IS NULL AND a.expires_at > ${now} ${publicId ? sql`AND a.public_id = ${publicId}::uuid` : sql.empty}
    ORDER BY a.created_at DESC, a.public_id`);
  return rows.map((a) => ({
    id: a.public_id,
    email: a.email,
    name: a.name,
    role: { id: a.role_id, name: a.role_name },
    teams: typeof a.teams === 'string' ? JSON.parse(a.teams) : a.teams,
    invitedBy: a.created_by ? { id: a.created_by, name: a.creator_name ?? '' } : null,
    createdAt: iso(a.created_at) as string,
    expiresAt: iso(a.expires_at) as string,
  }));
}

export async function listInvitations(ctx: Ctx): Promise<Invitation[]> {
  assertAdmin(ctx.principal);
  return loadPending(ctx.db, ctx.now());
}

async function assertEmailFree(db: Queryable, email: string): Promise<void> {
  const [u] = await db.query<{ is_active: boolean }>(
    sql`SELECT is_active FROM users WHERE lower(email) = lower(${email})`,
  );
  if (u)
    throw conflict(
      u.is_active
        ? `A user with the email ${email} already exists`
        : `${email} belongs to a deactivated user: reactivate them instead`,
    );
}

type InvitationInput = z.output<typeof invitationInput>;

/** Invites by email; a new invitation to the same address replaces the pending one. */
export async function createInvitation(ctx: Ctx, input: InvitationInput, deps: MailDeps): Promise<Invitation> {
  assertAdmin(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    await assertEmailFree(tx, input.email);
    const role = await roleById(tx, input.roleId);
    const teamIds = input.teamIds ?? [];
    await assertTeamsExist(tx, teamIds);
    await tx.query(
      sql`DELETE FROM auth_tokens WHERE kind = 'invite' AND lower(email) = lower(${input.email}) AND used_at IS NULL`,
    );
    const token = newToken();
    const now = ctx.now();
    const publicId = uuidv7();
    await tx.query(sql`
      INSERT INTO auth_tokens (id, public_id, kind, email, name, role_id, team_ids, created_by, created_at, expires_at)
      VALUES (${sha256(token)}, ${publicId}, 'invite', ${input.email}, ${input.name ?? null}, ${role.id}, ${teamIds}::uuid[],
              ${ctx.principal.userId}, ${now}, ${new Date(now.getTime() + invitationDays * 86_400_000)})`);
    const org = await orgName(tx);
    const link = appLink(deps.settings.publicUrl, `/accept-invite?token=${token}`);
    await queueMail(
      c,
      {
        to: input.email,
        subject: `${ctx.principal.name} invited you to ${org} on Kith`,
        text:
          `Hello${input.name ? ` ${input.name}` : ''},\n\n${ctx.principal.name} invited you to join ${org} on Kith as ${role.name}.\n\n` +
          `Accept the invitation and choose your password here (the link works for ${invitationDays} days):\n${link}\n\n` +
          'If you did not expect this, ignore this message.\n',
      },
      deps.settings,
    );
    await recordAudit(c, {
      action: 'invite',
      objectType: 'invitation',
      recordId: publicId,
      changes: { email: input.email, role: role.key, teamIds },
    });
    return (await loadPending(tx, now, publicId))[0];
  });
}

export async function deleteInvitation(ctx: Ctx, publicId: string): Promise<void> {
  assertAdmin(ctx.principal);
  await ctx.db.transaction(async (tx) => {
    const [gone] = await tx.query<{ email: string }>(sql`
      DELETE FROM auth_tokens WHERE public_id = ${publicId}::uuid AND kind = 'invite' AND used_at IS NULL RETURNING email`);
    if (!gone) throw notFound('Invitation');
    await recordAudit(withTx(ctx, tx), {
      action: 'delete',
      objectType: 'invitation',
      recordId: publicId,
      changes: { email: gone.email },
    });
  });
}

interface TokenRow {
  id: string;
  public_id: string;
  email: string;
  name: string | null;
  role_id: string;
  team_ids: string[];
}

async function pendingByToken(db: Queryable, token: string, now: Date, lock = false): Promise<TokenRow | null> {
  const [row] = await db.query<TokenRow>(sql`
    SELECT id, public_id, email, name, role_id, team_ids FROM auth_tokens
    WHERE id = ${sha256(token)} AND kind = 'invite' AND used_at IS NULL AND expires_at > ${now}
    ${lock ? sql`FOR UPDATE` : sql.empty}`);
  return row ?? null;
}

/** What the accept page shows; anyone holding the link may ask. */
export async function lookupInvitation(db: Queryable, token: string, now: Date): Promise<InvitationLookup> {
  const row = await pendingByToken(db, token, now);
  if (!row) throw notFound('Invitation (the link is wrong, used or expired)');
  return { email: row.email, name: row.name, organization: { name: await orgName(db) } };
}

/** Makes the user with the invited role and teams, spends the link and starts their session. */
export async function acceptInvitation(ctx: Ctx, input: z.output<typeof invitationAccept>): Promise<SessionStart> {
  const wrongLink = () =>
    invalid('token: this invitation link is wrong, already used or expired; ask for a new one', {
      token: 'is not valid',
    });
  // The link first: a stranger with a made-up token must not make us hash a password.
  if (!(await pendingByToken(ctx.db, input.token, ctx.now()))) throw wrongLink();
  const passwordHash = await hashPassword(input.password); // before the transaction: it takes a while
  try {
    return await ctx.db.transaction(async (tx) => {
      const now = ctx.now();
      const invite = await pendingByToken(tx, input.token, now, true);
      if (!invite) throw wrongLink(); // spent meanwhile
      await assertEmailFree(tx, invite.email);
      const id = uuidv7();
      await tx.query(sql`INSERT INTO users (id, email, name, password_hash, role_id, created_at, updated_at)
        VALUES (${id}, ${invite.email}, ${input.name}, ${passwordHash}, ${invite.role_id}, ${now}, ${now})`);
      const teams = await tx.query<{ id: string }>(
        sql`SELECT id FROM teams WHERE id = ANY(${invite.team_ids}::uuid[])`,
      ); // some may be gone
      await setUserTeams(
        tx,
        id,
        teams.map((t) => t.id),
      );
      await tx.query(sql`UPDATE auth_tokens SET used_at = ${now}, user_id = ${id} WHERE id = ${invite.id}`);
      const user = await loadUser(tx, id);
      const c = { ...withTx(ctx, tx), principal: toPrincipal(user as NonNullable<typeof user>) };
      await recordAudit(c, {
        action: 'accept_invite',
        objectType: 'user',
        recordId: id,
        changes: { email: invite.email, name: input.name, invitation: invite.public_id },
      });
      await emitEvent(c, { type: 'user.created', objectType: 'user', recordId: id });
      return startSession(tx, id, { ip: ctx.ip, userAgent: ctx.userAgent, now });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('A user with this email already exists');
    throw err;
  }
}
