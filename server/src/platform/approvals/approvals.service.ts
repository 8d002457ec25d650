// Approval requests: asking (automatically on the records path, or explicitly from a module's
// action), deciding, withdrawing and reading them. A pending request locks its record
// (approval-hooks.ts); the decision unlocks it, tells the requester, and lets the module act.
import type { ApprovalRequest, ApprovalStatus, ApprovalsPage, ApprovalsQuery } from '@kith/common/api/approvals';
import { uuidv7 } from 'uuidv7';
import { type Sql, sql } from '../../db/sql.ts';
import { recordAudit } from '../audit.ts';
import { systemPrincipal } from '../auth/principal.ts';
import { type Ctx, withTx } from '../context.ts';
import { conflict, forbidden, invalid, notFound } from '../errors.ts';
import { emitEvent } from '../events.ts';
import { notify } from '../notifications.ts';
import { canSeeSql, objectOf, readableWhere } from '../records/records.service.ts';
import { isUuid } from '../registry/fields.ts';
import { decodeTimeCursor, encodeTimeCursor } from '../time-cursor.ts';
import { type ApprovalNeed, approvalRule, type DecidedApproval } from './approval-rules.ts';

interface RequestRow {
  id: string;
  object_type: string;
  record_id: string;
  rule: string;
  status: ApprovalStatus;
  reason: string;
  snapshot: Record<string, unknown>;
  requested_by: string | null;
  requested_at: Date;
  approver_ids: string[];
  decided_by: string | null;
  decided_at: Date | null;
  comment: string | null;
}

/** The pending request of a record, if one waits (what the lock reads). */
export async function pendingRequest(ctx: Pick<Ctx, 'db'>, object: string, recordId: string) {
  const [row] = await ctx.db.query<RequestRow>(sql`SELECT * FROM approval_requests
    WHERE object_type = ${object} AND record_id = ${recordId}::uuid AND status = 'pending'`);
  return row ?? null;
}

/**
 * Who decides when a rule names no one: the managers of the requester's teams; else the active
 * admins other than the requester; else (a one-person organisation) the admins, requester included.
 */
export async function defaultApprovers(ctx: Pick<Ctx, 'db'>, requesterId: string | null): Promise<string[]> {
  const [row] = await ctx.db.query<{ managers: string[]; admins: string[]; all_admins: string[] }>(sql`SELECT
    ARRAY(SELECT DISTINCT t.manager_id FROM team_members m JOIN teams t ON t.id = m.team_id
          JOIN users u ON u.id = t.manager_id AND u.is_active
          WHERE m.user_id = ${requesterId}::uuid AND t.manager_id IS DISTINCT FROM ${requesterId}::uuid) AS managers,
    ARRAY(SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id
          WHERE r.is_admin AND u.is_active AND u.id IS DISTINCT FROM ${requesterId}::uuid ORDER BY u.created_at) AS admins,
    ARRAY(SELECT u.id FROM users u JOIN roles r ON r.id = u.role_id
          WHERE r.is_admin AND u.is_active ORDER BY u.created_at) AS all_admins`);
  if (row.managers.length) return row.managers;
  return row.admins.length ? row.admins : row.all_admins;
}

export interface RequestInput extends ApprovalNeed {
  object: string;
  recordId: string;
  /** The rule's key: the object must have it (approvalRules of a module). */
  rule: string;
}

/**
 * Puts a record in waiting: the request, its audit entry on the record, the `approval.requested`
 * event and the approvers' notifications, in the caller's transaction (or one of its own). The
 * record must be live and readable by the requester; a record already waiting is a conflict.
 */
export async function requestApproval(ctx: Ctx, input: RequestInput): Promise<ApprovalRequest> {
  const obj = objectOf(ctx, input.object);
  const rule = approvalRule(ctx.registry, obj.name, input.rule);
  if (!rule) throw invalid(`rule: ${obj.label} has no approval rule "${input.rule}"`, { rule: 'unknown' });
  if (!input.reason.trim()) throw invalid('reason: say why approval is needed', { reason: 'is required' });
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const { seen } = canSeeSql(c, obj.name, input.recordId);
    // The record's row is locked, so that no write slips between this check and the request.
    const [record] = await tx.query<{ title: string | null; ok: boolean }>(sql`
      SELECT title, ${seen} AS ok FROM ${sql.ident(obj.table)} WHERE id = ${input.recordId}::uuid AND deleted_at IS NULL FOR UPDATE`);
    if (!record?.ok) throw notFound(obj.label);
    const waiting = await pendingRequest(c, obj.name, input.recordId);
    if (waiting) throw lockedError(obj.label, waiting);
    const given = [...new Set(input.approverIds ?? [])].filter(isUuid);
    const approvers = given.length ? given : await defaultApprovers(c, ctx.principal.userId);
    if (!approvers.length) throw invalid('approverIds: no one could approve this', { approverIds: 'is empty' });
    const id = uuidv7();
    await tx.query(sql`INSERT INTO approval_requests
      (id, object_type, record_id, rule, reason, snapshot, requested_by, requested_at, approver_ids)
      VALUES (${id}, ${obj.name}, ${input.recordId}::uuid, ${rule.key}, ${input.reason.slice(0, 1000)},
        ${JSON.stringify(input.snapshot ?? {})}::jsonb, ${ctx.principal.userId}::uuid, ${ctx.now()}, ${approvers}::uuid[])`);
    await recordAudit(c, {
      action: 'approval.request',
      objectType: obj.name,
      recordId: input.recordId,
      changes: { approvalId: id, rule: rule.key, reason: input.reason, approverIds: approvers },
    });
    await emitEvent(c, {
      type: 'approval.requested',
      objectType: obj.name,
      recordId: input.recordId,
      payload: { approvalId: id, object: obj.name, rule: rule.key, status: 'pending' },
    });
    await notify(c, {
      kind: 'approval',
      userIds: approvers,
      title: `${ctx.principal.name} asks you to approve ${record.title || obj.label.toLowerCase()}`,
      body: input.reason,
      record: { object: obj.name, id: input.recordId },
    });
    return (await toJson(c, [await loadRequest(c, id)]))[0];
  });
}

/** The 409 of a write to a waiting record, naming the request. */
export function lockedError(label: string, waiting: Pick<RequestRow, 'id' | 'reason'>) {
  return conflict(
    `This ${label.toLowerCase()} is locked while it waits for approval (${waiting.reason}): it can change again once the request ${waiting.id} is approved, rejected or withdrawn`,
    { approvalId: waiting.id },
  );
}

async function loadRequest(ctx: Ctx, id: string, lock = false): Promise<RequestRow> {
  if (!isUuid(id)) throw notFound('Approval request');
  const [row] = await ctx.db.query<RequestRow>(
    sql`SELECT * FROM approval_requests WHERE id = ${id}::uuid${lock ? sql` FOR UPDATE` : sql.empty}`,
  );
  if (!row) throw notFound('Approval request');
  return row;
}

const isAdmin = (ctx: Ctx) => ctx.principal.role.isAdmin || ctx.principal.kind === 'system';
/** Named approvers decide; admins too, unless they asked themselves (no one approves their own request unnamed). */
const mayDecide = (ctx: Ctx, r: RequestRow) =>
  (!!ctx.principal.userId && r.approver_ids.includes(ctx.principal.userId)) ||
  (isAdmin(ctx) && r.requested_by !== ctx.principal.userId);
const mayCancel = (ctx: Ctx, r: RequestRow) =>
  (!!ctx.principal.userId && r.requested_by === ctx.principal.userId) || isAdmin(ctx);
const involved = (ctx: Ctx, r: RequestRow) =>
  isAdmin(ctx) ||
  (!!ctx.principal.userId &&
    (r.requested_by === ctx.principal.userId || r.approver_ids.includes(ctx.principal.userId)));

/** A request its reader may see: those involved in it, and whoever may read its record. */
async function assertCanSeeRequest(ctx: Ctx, r: RequestRow): Promise<void> {
  if (involved(ctx, r)) return;
  try {
    const { seen } = canSeeSql(ctx, r.object_type, r.record_id);
    const [row] = await ctx.db.query<{ ok: boolean }>(sql`SELECT ${seen} AS ok`);
    if (row?.ok) return;
  } catch {}
  throw notFound('Approval request');
}

export async function getApproval(ctx: Ctx, id: string): Promise<ApprovalRequest> {
  const row = await loadRequest(ctx, id);
  await assertCanSeeRequest(ctx, row);
  return (await toJson(ctx, [row]))[0];
}

/**
 * Approves or rejects a waiting request: the record is unlocked, the decision audited on it,
 * `approval.decided` emitted, the rule's onDecided run as the system, the requester told.
 */
export async function decideApproval(
  ctx: Ctx,
  id: string,
  decision: 'approved' | 'rejected',
  comment?: string | null,
): Promise<ApprovalRequest> {
  if (decision === 'rejected' && !comment?.trim())
    throw invalid('comment: say why it is rejected', { comment: 'is required' });
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRequest(c, id, true);
    await assertCanSeeRequest(c, row);
    if (row.status !== 'pending') throw conflict(`This request is already ${row.status}`, { status: row.status });
    if (!mayDecide(c, row))
      throw forbidden(
        row.requested_by === ctx.principal.userId
          ? 'You asked for this approval: one of its approvers decides it'
          : 'Only the approvers named on this request (or an admin) may decide it',
      );
    return finish(c, row, decision, comment?.trim() || null);
  });
}

/** Withdraws a waiting request (its requester, or an admin): the record is unlocked as it was. */
export async function cancelApproval(ctx: Ctx, id: string, comment?: string | null): Promise<ApprovalRequest> {
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const row = await loadRequest(c, id, true);
    await assertCanSeeRequest(c, row);
    if (row.status !== 'pending') throw conflict(`This request is already ${row.status}`, { status: row.status });
    if (!mayCancel(c, row)) throw forbidden('Only who asked for this approval (or an admin) may withdraw it');
    return finish(c, row, 'cancelled', comment?.trim() || null);
  });
}

const auditVerb = { approved: 'approval.approve', rejected: 'approval.reject', cancelled: 'approval.cancel' };

async function finish(
  ctx: Ctx,
  row: RequestRow,
  status: DecidedApproval['status'],
  comment: string | null,
): Promise<ApprovalRequest> {
  const now = ctx.now();
  await ctx.db.query(sql`UPDATE approval_requests SET status = ${status}, decided_by = ${ctx.principal.userId}::uuid,
    decided_at = ${now}, comment = ${comment} WHERE id = ${row.id}::uuid`);
  await recordAudit(ctx, {
    action: auditVerb[status],
    objectType: row.object_type,
    recordId: row.record_id,
    changes: { approvalId: row.id, rule: row.rule, reason: row.reason, comment },
  });
  const decided: DecidedApproval = {
    id: row.id,
    object: row.object_type,
    recordId: row.record_id,
    rule: row.rule,
    status,
    comment,
    decidedBy: ctx.principal.userId,
    requestedBy: row.requested_by,
  };
  await emitEvent(ctx, {
    type: 'approval.decided',
    objectType: row.object_type,
    recordId: row.record_id,
    payload: { approvalId: row.id, object: row.object_type, rule: row.rule, status },
  });
  // The decision's own writes (a quote becomes approved) are the system's: the approver may not
  // otherwise change the record, and they are part of deciding.
  await approvalRule(ctx.registry, row.object_type, row.rule)?.onDecided?.(
    { ...ctx, principal: systemPrincipal },
    decided,
  );
  if (status !== 'cancelled') {
    const obj = ctx.registry.get(row.object_type);
    const [rec] = obj
      ? await ctx.db.query<{ title: string | null }>(
          sql`SELECT title FROM ${sql.ident(obj.table)} WHERE id = ${row.record_id}::uuid`,
        )
      : [];
    await notify(ctx, {
      kind: 'approval',
      userIds: [row.requested_by],
      title: `${ctx.principal.name} ${status} ${rec?.title || obj?.label.toLowerCase() || 'your request'}`,
      body: comment ?? row.reason,
      record: { object: row.object_type, id: row.record_id },
    });
  }
  return (await toJson(ctx, [await loadRequest(ctx, row.id)]))[0];
}

/**
 * Requests, newest first, keyset-paged: `mine` those the caller may decide by name, `requested`
 * those they asked for, a record's (object + recordId) for whoever may read it; otherwise those
 * the caller is part of (every request, for admins).
 */
export async function listApprovals(
  ctx: Ctx,
  q: Omit<ApprovalsQuery, 'limit'> & { limit?: number },
): Promise<ApprovalsPage> {
  const me = ctx.principal.userId;
  const where: Sql[] = [];
  if (q.status) where.push(sql`a.status = ${q.status}`);
  if (q.mine === 'true') where.push(sql`a.approver_ids @> ARRAY[${me}::uuid]`);
  if (q.requested === 'true') where.push(sql`a.requested_by = ${me}::uuid`);
  if (q.object || q.recordId) {
    if (!q.object || !q.recordId)
      throw invalid('object, recordId: name both, for one record’s requests', {
        [q.object ? 'recordId' : 'object']: 'is required with the other',
      });
    const { seen } = canSeeSql(ctx, q.object, q.recordId);
    where.push(sql`a.object_type = ${q.object} AND a.record_id = ${q.recordId}::uuid AND ${seen}`);
  } else if (!isAdmin(ctx)) {
    where.push(sql`(a.requested_by = ${me}::uuid OR a.approver_ids @> ARRAY[${me}::uuid])`);
  }
  const limit = q.limit ?? 50;
  if (q.cursor) {
    const after = decodeTimeCursor(q.cursor);
    where.push(sql`(a.requested_at, a.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
  }
  const rows = await ctx.db.query<RequestRow>(sql`SELECT a.* FROM approval_requests a
    ${where.length ? sql`WHERE ${sql.join(where, ' AND ')}` : sql.empty}
    ORDER BY a.requested_at DESC, a.id DESC LIMIT ${limit + 1}`);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: await toJson(ctx, page),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ at: last.requested_at, id: last.id }) : null,
  };
}

/** How many requests wait for the caller by name (the menu's badge). */
export async function countMine(ctx: Ctx): Promise<{ pending: number }> {
  const [row] = await ctx.db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM approval_requests
    WHERE status = 'pending' AND approver_ids @> ARRAY[${ctx.principal.userId}::uuid]`);
  return { pending: row?.n ?? 0 };
}

/** Rows as the API shows them: people named, each record's title within the reader's scope. */
async function toJson(ctx: Ctx, rows: RequestRow[]): Promise<ApprovalRequest[]> {
  if (!rows.length) return [];
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.requested_by, r.decided_by, ...r.approver_ids]).filter((x) => !!x)),
  ] as string[];
  const users = await ctx.db.query<{ id: string; name: string }>(
    sql`SELECT id, name FROM users WHERE id = ANY(${userIds}::uuid[])`,
  );
  const names = new Map(users.map((u) => [u.id, u.name]));
  const person = (id: string | null) => (id ? { id, name: names.get(id) ?? 'Someone' } : null);
  const titles = new Map<string, string>();
  for (const object of new Set(rows.map((r) => r.object_type))) {
    const obj = ctx.registry.get(object);
    if (!obj) continue;
    const ids = rows.filter((r) => r.object_type === object).map((r) => r.record_id);
    const found = await ctx.db.query<{ id: string; title: string | null }>(sql`SELECT t.id, t.title
      FROM ${sql.ident(obj.table)} t WHERE t.id = ANY(${ids}::uuid[]) AND ${readableWhere(ctx, obj)}`);
    for (const f of found) titles.set(`${object}:${f.id}`, f.title ?? '');
  }
  return rows.map((r) => ({
    id: r.id,
    object: r.object_type,
    recordId: r.record_id,
    recordTitle: titles.get(`${r.object_type}:${r.record_id}`) ?? null,
    rule: r.rule,
    status: r.status,
    reason: r.reason,
    snapshot: r.snapshot ?? {},
    requestedBy: person(r.requested_by),
    requestedAt: new Date(r.requested_at).toISOString(),
    approvers: r.approver_ids.map((id) => person(id) as { id: string; name: string }),
    decidedBy: person(r.decided_by),
    decidedAt: r.decided_at ? new Date(r.decided_at).toISOString() : null,
    comment: r.comment,
    canDecide: r.status === 'pending' && mayDecide(ctx, r),
    canCancel: r.status === 'pending' && mayCancel(ctx, r),
  }));
}
