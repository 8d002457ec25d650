// Reading statements, and the actions on them: who sees which (a rep their own; whoever reads
// plan members in a wider scope — managers, admins — those reps'; narrowed to a team on request), recalculation on demand and
// finalising a period (managers and admins: who may change plans), each audited.
import type { RecalculateInput, StatementDetail, StatementQuery, StatementSummary } from '@kith/common/api/commissions';
import { type Sql, sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { assertCan, permissionFor, scopeCondition } from '../../platform/permissions.ts';
import { fiscalYearStartMonth } from '../forecasts/forecasts.object.ts';
import { formatPeriod, type PeriodKind, parsePeriod, periodDates, periodStartingOn } from '../forecasts/periods.ts';
import { teamMemberIds } from '../users/teams.service.ts';
import type { CommissionPart } from './commission-maths.ts';
import { commissionPlanMemberObject, commissionPlanObject } from './commissions.object.ts';
import { recalculateStatement } from './statements.service.ts';

/** Which reps' statements the reader sees: a condition on `s.user_id` (null: every rep's). */
function readerScope(ctx: Ctx): Sql | null {
  const p = ctx.principal;
  const perm = permissionFor(p, commissionPlanMemberObject.name);
  // Everyone reads their own statements; wider only with the right to read plan members.
  if (!perm.read) return sql`s.user_id = ${p.userId}::uuid`;
  return scopeCondition(p, perm, sql`s.user_id`);
}

/** Managers and admins: whoever may change commission plans. */
function assertManager(ctx: Ctx): void {
  assertCan(ctx.principal, commissionPlanObject.name, 'update', 'commission plan');
}

type Row = {
  id: string;
  user_id: string;
  user_name: string;
  period_kind: PeriodKind;
  period_start: string;
  plan_id: string | null;
  plan_name: string | null;
  currency: string;
  won_amount: string;
  deal_count: number;
  quota: string | null;
  attainment: string | null;
  commission: string;
  status: 'open' | 'final';
  missing_rates: string[];
  calculated_at: Date;
};

const selectStatements = sql`
  SELECT s.id, s.user_id, u.name AS user_name, s.period_kind, s.period_start::text AS period_start, s.plan_id,
    pl.name AS plan_name, s.currency, s.won_amount::text AS won_amount, s.deal_count, s.quota::text AS quota,
    s.attainment::text AS attainment, s.commission::text AS commission, s.status, s.missing_rates, s.calculated_at
  FROM commission_statements s JOIN users u ON u.id = s.user_id
  LEFT JOIN commission_plans pl ON pl.id = s.plan_id`;

function summary(r: Row): StatementSummary {
  const period = periodStartingOn(r.period_start, r.period_kind, fiscalYearStartMonth);
  return {
    id: r.id,
    user: { id: r.user_id, name: r.user_name },
    period: period ? formatPeriod(period) : r.period_start,
    periodKind: r.period_kind,
    periodStart: r.period_start,
    plan: r.plan_id ? { id: r.plan_id, name: r.plan_name ?? '' } : null,
    currency: r.currency,
    won: Number(r.won_amount),
    dealCount: r.deal_count,
    quota: r.quota === null ? null : Number(r.quota),
    attainment: r.attainment === null ? null : Number(r.attainment),
    commission: Number(r.commission),
    status: r.status,
    missingRates: r.missing_rates,
    calculatedAt: new Date(r.calculated_at).toISOString(),
  };
}

export async function listStatements(ctx: Ctx, q: StatementQuery): Promise<{ data: StatementSummary[] }> {
  const where: Sql[] = [];
  const scope = readerScope(ctx);
  if (scope) where.push(scope);
  if (q.userId) where.push(sql`s.user_id = ${q.userId}::uuid`);
  if (q.teamId) where.push(sql`s.user_id = ANY(${await teamMemberIds(ctx, q.teamId)}::uuid[])`);
  if (q.period) {
    const p = parsePeriod(q.period, 'period');
    where.push(sql`s.period_kind = ${p.kind} AND s.period_start = ${periodDates(p, fiscalYearStartMonth).start}::date`);
  }
  const rows = await ctx.db.query<Row>(sql`${selectStatements}
    ${where.length ? sql`WHERE ${sql.join(where, ' AND ')}` : sql.empty}
    ORDER BY s.period_start DESC, lower(u.name), s.id LIMIT ${q.limit ?? 100}`);
  return { data: rows.map(summary) };
}

export async function getStatement(ctx: Ctx, id: string): Promise<StatementDetail> {
  const scope = readerScope(ctx);
  const [row] = await ctx.db.query<Row>(sql`${selectStatements}
    WHERE s.id = ${id}::uuid ${scope ? sql`AND ${scope}` : sql.empty}`);
  if (!row) throw notFound('Commission statement');
  const lines = await ctx.db.query<{
    deal_id: string;
    deal_name: string;
    closed_at: Date;
    amount: string;
    amount_currency: string | null;
    won_amount: string;
    commission: string;
    parts: CommissionPart[];
  }>(sql`
    SELECT deal_id, deal_name, closed_at, amount::text AS amount, amount_currency, won_amount::text AS won_amount,
      commission::text AS commission, parts
    FROM commission_statement_lines WHERE statement_id = ${id}::uuid ORDER BY position`);
  const tiers = row.plan_id
    ? await ctx.db.query<{ from: string; to: string | null; rate: string }>(sql`
        SELECT from_percent::text AS from, to_percent::text AS to, rate_percent::text AS rate FROM commission_tiers
        WHERE plan_id = ${row.plan_id}::uuid AND deleted_at IS NULL ORDER BY from_percent`)
    : [];
  return {
    ...summary(row),
    tiers: tiers.map((t) => ({
      fromPercent: Number(t.from),
      toPercent: t.to === null ? null : Number(t.to),
      ratePercent: Number(t.rate),
    })),
    lines: lines.map((l) => {
      const won = Number(l.won_amount);
      const commission = Number(l.commission);
      return {
        dealId: l.deal_id,
        dealName: l.deal_name,
        closedAt: new Date(l.closed_at).toISOString(),
        amount: { amount: Number(l.amount), currency: l.amount_currency },
        won,
        commission,
        ratePercent: won ? Math.round((commission / won) * 1_000_000) / 10_000 : null,
        parts: l.parts,
      };
    }),
  };
}

/**
 * Recalculates a period's statements now (managers and admins): one rep's, or those of every rep
 * on an active plan paying per that kind of period. Audited as one action.
 */
export async function recalculate(ctx: Ctx, input: RecalculateInput): Promise<{ data: StatementSummary[] }> {
  assertManager(ctx);
  const period = parsePeriod(input.period, 'period');
  const dates = periodDates(period, fiscalYearStartMonth);
  return ctx.db.transaction(async (tx) => {
    const c = { ...ctx, db: tx };
    let userIds: string[];
    if (input.userId) {
      const [u] = await tx.query<{ id: string }>(sql`SELECT id FROM users WHERE id = ${input.userId}::uuid`);
      if (!u) throw invalid('userId: no such user', { userId: 'no such user' });
      userIds = [input.userId];
    } else {
      const rows = await tx.query<{ user_id: string }>(sql`
        SELECT DISTINCT m.user_id FROM commission_plan_members m
        JOIN commission_plans p ON p.id = m.plan_id AND p.deleted_at IS NULL AND p.active AND p.period_kind = ${period.kind}
        WHERE m.deleted_at IS NULL AND m.user_id IS NOT NULL
          AND COALESCE(p.effective_from, '-infinity'::date) < ${dates.end}::date
          AND COALESCE(p.effective_to, 'infinity'::date) >= ${dates.start}::date
        UNION SELECT user_id FROM commission_statements
        WHERE period_kind = ${period.kind} AND period_start = ${dates.start}::date AND status = 'open'`);
      userIds = rows.map((r) => r.user_id);
    }
    const ids: string[] = [];
    for (const userId of userIds) {
      const id = await recalculateStatement(c, { userId, period });
      if (id) ids.push(id);
    }
    await recordAudit(c, {
      action: 'recalculate',
      objectType: 'commission_statements',
      changes: { period: formatPeriod(period), userIds, statements: ids.length },
    });
    if (!ids.length) return { data: [] };
    const rows = await tx.query<Row>(sql`${selectStatements} WHERE s.id = ANY(${ids}::uuid[])
      ORDER BY lower(u.name), s.id`);
    return { data: rows.map(summary) };
  });
}

/** Closes a statement (managers and admins): a final statement is never recalculated again. */
export async function finalizeStatement(ctx: Ctx, id: string): Promise<StatementSummary> {
  assertManager(ctx);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string; user_id: string }>(
      sql`SELECT status, user_id FROM commission_statements WHERE id = ${id}::uuid FOR UPDATE`,
    );
    if (!row) throw notFound('Commission statement');
    if (row.status === 'final')
      throw conflict('status: this statement is final already', { fields: { status: 'is final' } });
    if (row.user_id === ctx.principal.userId && !ctx.principal.role.isAdmin)
      throw forbidden('Another manager finalises your own statement');
    await tx.query(sql`UPDATE commission_statements SET status = 'final', finalized_at = ${ctx.now()},
      finalized_by = ${ctx.principal.userId} WHERE id = ${id}::uuid`);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'finalize',
        objectType: 'commission_statements',
        recordId: id,
        changes: { status: { before: 'open', after: 'final' } },
      },
    );
    const [out] = await tx.query<Row>(sql`${selectStatements} WHERE s.id = ${id}::uuid`);
    return summary(out);
  });
}
