// Expense totals for the sales dashboard: a period's expenses by rep or by category, each amount
// converted into the company currency at the rate in force on its day (decision 026), under the
// reader's scope (a rep sums their own), narrowed to a team's members on request. One grouped
// statement over the (date) covering index.
import type { ExpenseSummary, ExpenseSummaryQuery } from '@kith/common/api/expenses';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { assertCan } from '../../platform/permissions.ts';
import { objectOf, readableWhere } from '../../platform/records/records.service.ts';
import { converterFor, readExchangeRates } from '../forecasts/exchange-rates.service.ts';
import { teamMemberIds } from '../users/teams.service.ts';
import { expenseCategories, expenseObject } from './expenses.object.ts';

type Totals = Omit<ExpenseSummary['total'], never>;
const none = (): Totals => ({ total: 0, submitted: 0, approved: 0, reimbursed: 0, count: 0 });

export async function expenseSummary(ctx: Ctx, q: ExpenseSummaryQuery): Promise<ExpenseSummary> {
  const obj = objectOf(ctx, expenseObject.name);
  assertCan(ctx.principal, obj.name, 'read', obj.label);
  const groupBy = q.groupBy ?? 'category';
  const members = q.teamId ? await teamMemberIds(ctx, q.teamId) : null;
  const key = groupBy === 'rep' ? sql`t.owner_id::text` : sql`t.category`;
  const rows = await ctx.db.query<{
    key: string | null;
    status: string;
    currency: string;
    day: string;
    sum: string;
    n: number;
  }>(sql`
    SELECT ${key} AS key, t.status, t.amount_currency AS currency, t.date::text AS day,
      sum(t.amount)::text AS sum, count(*)::int AS n
    FROM expenses t
    WHERE ${readableWhere(ctx, obj)} AND t.date >= ${q.from}::date AND t.date <= ${q.to}::date
      AND t.status IN ('submitted', 'approved', 'reimbursed')
      ${members ? sql`AND t.owner_id = ANY(${members}::uuid[])` : sql.empty}
    GROUP BY 1, 2, 3, 4`);
  const fx = converterFor(await readExchangeRates(ctx.db), { now: ctx.now(), timeZone: 'UTC' });
  const groups = new Map<string | null, Totals>();
  const total = none();
  for (const r of rows) {
    const v = fx.sum([{ amount: Number(r.sum), currency: r.currency }], r.day);
    if (r.currency !== fx.currency && fx.convert(1, r.currency, r.day) === null) continue;
    const g = groups.get(r.key) ?? none();
    groups.set(r.key, g);
    for (const t of [g, total]) {
      t.total += v;
      t.count += r.n;
      if (r.status === 'submitted') t.submitted += v;
      else t.approved += v;
      if (r.status === 'reimbursed') t.reimbursed += v;
    }
  }
  const titles = new Map<string, string>();
  if (groupBy === 'rep') {
    const ids = [...groups.keys()].filter((k): k is string => k !== null);
    const users = ids.length
      ? await ctx.db.query<{ id: string; name: string }>(sql`SELECT id, name FROM users WHERE id = ANY(${ids}::uuid[])`)
      : [];
    for (const u of users) titles.set(u.id, u.name);
  } else for (const c of expenseCategories) titles.set(c.value, c.label);
  return {
    from: q.from,
    to: q.to,
    groupBy,
    currency: fx.currency,
    missingRates: [...fx.missing].sort(),
    groups: [...groups.entries()]
      .map(([k, t]) => ({ key: k, title: k ? (titles.get(k) ?? null) : null, ...t }))
      .sort((a, b) => b.total - a.total),
    total,
  };
}
