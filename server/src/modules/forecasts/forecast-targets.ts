// What the forecast reads of quotas and managers' adjustments for one period: only the rows the
// reader may read (readableWhere, on the (period_kind, period_start) indexes), converted into the
// company currency: a quota at the rate in force on its period's first day, an adjustment (a
// replacement of open commit) at today's, as open deals are (decision 026). Quotas and adjustments
// belong to reps (their userId).
import type { ForecastAdjustmentInfo } from '@kith/common/api/forecasts';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { permissionFor } from '../../platform/permissions.ts';
import { objectOf, readableWhere } from '../../platform/records/records.service.ts';
import type { Converter } from './exchange-rates.service.ts';
import { forecastAdjustmentObject, quotaObject } from './forecasts.object.ts';
import { type PeriodKind, periodDates, periodStartingOn, shiftPeriod } from './periods.ts';

export type Adjustment = ForecastAdjustmentInfo;

interface PeriodRef {
  kind: PeriodKind;
  /** Its first day, YYYY-MM-DD. */
  start: string;
}

/**
 * Each rep's quota for the period, in the company currency; null when the reader may not read
 * quotas. A quarter with no quarterly quota takes the sum of the rep's monthly quotas in it.
 */
export async function readQuotas(
  ctx: Ctx,
  fx: Converter,
  period: PeriodRef,
  fiscalYearStartMonth: number,
): Promise<Map<string, number> | null> {
  const obj = objectOf(ctx, quotaObject.name);
  if (!permissionFor(ctx.principal, obj.name).read) return null;
  const rows = await ctx.db.query<{ user_id: string; kind: string; amount: string; currency: string }>(sql`
    SELECT t.user_id, t.period_kind AS kind, t.amount::text AS amount, t.amount_currency AS currency
    FROM quotas t WHERE ${readableWhere(ctx, obj)} AND t.user_id IS NOT NULL AND (
      (t.period_kind = ${period.kind} AND t.period_start = ${period.start}::date)
      ${period.kind === 'quarter' ? sql`OR (t.period_kind = 'month' AND t.period_start = ANY(${monthStarts(period, fiscalYearStartMonth)}::date[]))` : sql.empty})`);
  const own = new Map<string, number>();
  const monthly = new Map<string, number>();
  for (const r of rows) {
    const v = fx.sum([{ amount: Number(r.amount), currency: r.currency }], period.start);
    const into = r.kind === period.kind ? own : monthly;
    into.set(r.user_id, (into.get(r.user_id) ?? 0) + v);
  }
  for (const [id, v] of monthly) if (!own.has(id)) own.set(id, v);
  return own;
}

function monthStarts(period: PeriodRef, fiscalYearStartMonth: number): string[] {
  const q = periodStartingOn(period.start, 'quarter', fiscalYearStartMonth);
  if (!q) return [];
  const [y, m] = period.start.split('-').map(Number);
  return [0, 1, 2].map((i) => periodDates(shiftPeriod({ kind: 'month', year: y, index: m }, i)).start);
}

/** Each rep's adjusted commit and best case for the period, with the note and who set it last. */
export async function readAdjustments(
  ctx: Ctx,
  fx: Converter,
  period: PeriodRef,
): Promise<Map<string, { commit: Adjustment | null; bestCase: Adjustment | null }>> {
  const obj = objectOf(ctx, forecastAdjustmentObject.name);
  const out = new Map<string, { commit: Adjustment | null; bestCase: Adjustment | null }>();
  if (!permissionFor(ctx.principal, obj.name).read) return out;
  // Who: the last person the audit trail names for the record (its maker when it has none).
  const rows = await ctx.db.query<{
    id: string;
    user_id: string;
    category: 'commit' | 'bestCase';
    amount: string;
    currency: string;
    note: string | null;
    updated_at: Date;
    by_id: string | null;
    by_name: string | null;
  }>(sql`
    SELECT t.id, t.user_id, t.category, t.amount::text AS amount, t.amount_currency AS currency, t.note,
      t.updated_at, u.id AS by_id, u.name AS by_name
    FROM forecast_adjustments t
    LEFT JOIN LATERAL (
      SELECT a.actor_id FROM audit_log a
      WHERE a.object_type = ${obj.name} AND a.record_id = t.id AND a.actor_kind = 'user'
      ORDER BY a.at DESC LIMIT 1
    ) last ON true
    LEFT JOIN users u ON u.id = COALESCE(last.actor_id, t.created_by)
    WHERE ${readableWhere(ctx, obj)} AND t.user_id IS NOT NULL
      AND t.period_kind = ${period.kind} AND t.period_start = ${period.start}::date`);
  for (const r of rows) {
    const entry = out.get(r.user_id) ?? { commit: null, bestCase: null };
    entry[r.category] = {
      id: r.id,
      amount: fx.sum([{ amount: Number(r.amount), currency: r.currency }]),
      note: r.note ?? '',
      by: r.by_id ? { id: r.by_id, name: r.by_name ?? '' } : null,
      at: new Date(r.updated_at).toISOString(),
    };
    out.set(r.user_id, entry);
  }
  return out;
}
