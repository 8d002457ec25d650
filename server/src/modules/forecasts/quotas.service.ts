// What is special to quotas beyond their records: the grid of reps × periods of a fiscal year,
// and one period's targets set for several reps in one transaction, each write through the
// records path (permission, validation, audit, event).
import type { QuotaGrid, QuotaGridQuery, SetQuotasInput } from '@kith/common/api/forecasts';
import type { ApiRecord } from '@kith/common/api/records';
import { sql } from '../../db/sql.ts';
import { type Ctx, withTx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { assertCan, scopeCondition } from '../../platform/permissions.ts';
import {
  createRecord,
  deleteRecord,
  objectOf,
  readableWhere,
  updateRecord,
} from '../../platform/records/records.service.ts';
import { fiscalYearStartMonth, quotaObject } from './forecasts.object.ts';
import { formatPeriod, parsePeriod, periodDates, periodsOfFiscalYear } from './periods.ts';

/** The most reps one grid lists: a page of a settings screen, not an export. */
export const maxGridReps = 500;

export async function quotaGrid(ctx: Ctx, query: { year: number; kind: QuotaGridQuery['kind'] }): Promise<QuotaGrid> {
  const obj = objectOf(ctx, quotaObject.name);
  const perm = assertCan(ctx.principal, obj.name, 'read', obj.label);
  const kind = query.kind ?? 'month';
  const periods = periodsOfFiscalYear(query.year, kind, fiscalYearStartMonth).map((p) => ({
    period: formatPeriod(p),
    start: periodDates(p, fiscalYearStartMonth).start,
  }));
  const end = periodDates(
    periodsOfFiscalYear(query.year, 'quarter', fiscalYearStartMonth)[3],
    fiscalYearStartMonth,
  ).end;
  // The people whose quotas this reader may see: everyone active for a manager, a rep themself.
  const scope = scopeCondition(ctx.principal, perm, sql`u.id`);
  const reps = await ctx.db.query<{ id: string; name: string }>(sql`
    SELECT u.id, u.name FROM users u WHERE u.is_active ${scope ? sql`AND ${scope}` : sql.empty}
    ORDER BY lower(u.name), u.id LIMIT ${maxGridReps}`);
  const rows = await ctx.db.query<{ id: string; user_id: string; start: string; amount: string; currency: string }>(sql`
    SELECT t.id, t.user_id, t.period_start::text AS start, t.amount::text AS amount, t.amount_currency AS currency
    FROM quotas t WHERE ${readableWhere(ctx, obj)} AND t.period_kind = ${kind}
      AND t.period_start >= ${periods[0].start}::date AND t.period_start < ${end}::date`);
  const periodOf = new Map(periods.map((p) => [p.start, p.period]));
  return {
    year: query.year,
    fiscalYearStartMonth,
    kind,
    periods,
    reps,
    cells: rows.map((r) => ({
      quotaId: r.id,
      userId: r.user_id,
      period: periodOf.get(r.start) ?? r.start,
      amount: { amount: Number(r.amount), currency: r.currency },
    })),
  };
}

/**
 * Sets one period's quota for each rep named: creates it, changes its amount, or (amount null)
 * removes it. All or nothing; an invalid target is a 400 naming `targets[i]…`.
 */
export async function setQuotas(ctx: Ctx, periodText: string, input: SetQuotasInput): Promise<ApiRecord[]> {
  const period = parsePeriod(periodText, 'period');
  const periodKind = period.kind;
  const periodStart = periodDates(period, fiscalYearStartMonth).start;
  const seen = new Set<string>();
  input.targets.forEach((t, i) => {
    if (seen.has(t.userId))
      throw new AppError('INVALID', `targets[${i}].userId: this rep is named twice`, {
        fields: { [`targets[${i}].userId`]: 'is named twice' },
      });
    seen.add(t.userId);
  });
  return ctx.db.transaction(async (tx) => {
    const c = withTx(ctx, tx);
    const out: ApiRecord[] = [];
    for (const [i, t] of input.targets.entries()) {
      try {
        const [existing] = await tx.query<{ id: string }>(sql`
          SELECT id FROM quotas WHERE user_id = ${t.userId}::uuid AND period_kind = ${periodKind}
            AND period_start = ${periodStart}::date AND deleted_at IS NULL FOR UPDATE`);
        if (!t.amount) {
          if (existing) await deleteRecord(c, quotaObject.name, existing.id);
          continue;
        }
        out.push(
          existing
            ? await updateRecord(c, quotaObject.name, existing.id, { amount: t.amount })
            : await createRecord(c, quotaObject.name, { userId: t.userId, periodKind, periodStart, amount: t.amount }),
        );
      } catch (e) {
        throw e instanceof AppError ? atTarget(e, i) : e;
      }
    }
    return out;
  });
}

/** The same error, its fields named within the bulk body. */
function atTarget(e: AppError, i: number): AppError {
  const fields = (e.details?.fields ?? {}) as Record<string, string>;
  const named = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`targets[${i}].${k}`, v]));
  return new AppError(e.code, `targets[${i}]: ${e.message}`, { ...e.details, fields: named });
}
