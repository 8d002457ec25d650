// Commission statements per rep for the Sales dashboard's period, read through the commissions
// module's listStatements (so the reader sees exactly the statements it would list: a rep their
// own, a manager those of the reps in their scope), narrowed to a team on request.
//
// A statement covers one month or one quarter, as its rep's plan pays. For a quarter the dashboard
// shows each rep's quarter statement and, for a rep paid monthly, the sum of their statements of
// the quarter's three months (won, commission and quota add up; attainment is recomputed from the
// sums) — so that a team on mixed plans reads as one table. A rep with both (a plan changed in the
// middle of the quarter) shows the quarter's statement only, never the same deal twice. For a
// month only month statements exist: a quarter cannot be split into months without inventing how
// the bands would have paid, so reps on quarterly plans appear when a quarter is chosen.
import type { StatementSummary } from '@kith/common/api/commissions';
import type { CommissionReport, CommissionReportQuery, CommissionRow } from '@kith/common/api/sales-reports';
import type { Ctx } from '../../platform/context.ts';
import { listStatements } from '../commissions/statements-read.service.ts';
import { readExchangeRates } from '../forecasts/exchange-rates.service.ts';
import { fiscalYearStartMonth } from '../forecasts/forecasts.object.ts';
import { formatPeriod, monthsOf, parsePeriod } from '../forecasts/periods.ts';

/** Statements read per period: far more reps than a sales organisation has. */
const maxReps = 500;

export async function commissionReport(ctx: Ctx, query: CommissionReportQuery): Promise<CommissionReport> {
  const period = parsePeriod(query.period, 'period');
  const read = (p: string) => listStatements(ctx, { period: p, teamId: query.teamId, limit: maxReps });
  const months = period.kind === 'quarter' ? monthsOf(period, fiscalYearStartMonth) : [];
  const [own, rates, ...monthly] = await Promise.all([
    read(formatPeriod(period)),
    readExchangeRates(ctx.db),
    ...months.map(read),
  ]);

  const rows: CommissionRow[] = own.data.map((s) => summed([s]));
  const covered = new Set(rows.map((r) => r.user.id));
  const byRep = new Map<string, StatementSummary[]>();
  for (const s of monthly.flatMap((m) => m.data)) {
    if (covered.has(s.user.id)) continue;
    byRep.set(s.user.id, [...(byRep.get(s.user.id) ?? []), s]);
  }
  for (const list of byRep.values()) rows.push(summed(list));
  rows.sort((a, b) => b.commission - a.commission || a.user.name.localeCompare(b.user.name));

  return {
    period: formatPeriod(period),
    currency: own.data[0]?.currency ?? rates.companyCurrency,
    rows,
    total: {
      commission: rows.reduce((n, r) => n + r.commission, 0),
      won: rows.reduce((n, r) => n + r.won, 0),
    },
  };
}

/** One rep's statements (one, or the months of a quarter in order) as one row. */
function summed(list: StatementSummary[]): CommissionRow {
  const ordered = [...list].sort((a, b) => a.periodStart.localeCompare(b.periodStart));
  const last = ordered[ordered.length - 1];
  const won = ordered.reduce((n, s) => n + s.won, 0);
  // A quota only when every statement had one: part of a quarter's quota is no quota.
  const quota = ordered.every((s) => s.quota !== null) ? ordered.reduce((n, s) => n + (s.quota ?? 0), 0) : null;
  const attainment =
    ordered.length === 1 ? last.attainment : quota ? Math.round((won / quota) * 10_000) / 10_000 : null;
  return {
    user: last.user,
    periodKind: last.periodKind,
    statements: ordered.length,
    statementId: ordered.length === 1 ? last.id : null,
    plan: last.plan,
    won,
    dealCount: ordered.reduce((n, s) => n + s.dealCount, 0),
    quota,
    attainment,
    commission: ordered.reduce((n, s) => n + s.commission, 0),
    status: ordered.every((s) => s.status === 'final') ? 'final' : 'open',
    missingRates: [...new Set(ordered.flatMap((s) => s.missingRates))].sort(),
  };
}
