// Reading the deals' sums kept by the database (decision 034): won deals per UTC month of their
// close (deal_won_months) and open deals per month of their expected close (deal_open_months), each
// per owner and territory. They answer exactly when the reader's scope is a set of owners (or every
// deal) and the forecast's narrowing is a team's owners and one territory; otherwise the forecast
// reads the deals through the platform's aggregates.
import type { FilterCondition } from '@kith/common';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { assertCan } from '../../platform/permissions.ts';
import type { GroupedRow, Money } from '../../platform/records/grouped-rows.ts';
import { ownersReadable } from '../../platform/records/owner-scope.ts';
import { objectOf } from '../../platform/records/records.service.ts';

/** Which kept rows a reader's figures come from: owners (null: every owner) and a territory. */
export interface KeptScope {
  owners: string[] | null;
  territory: string | null;
}

/** The kept rows' scope for this reader and narrowing, or null when the kept sums cannot answer. */
export function keptScope(ctx: Ctx, narrow: FilterCondition[]): KeptScope | null {
  const obj = objectOf(ctx, 'deal');
  const readable = ownersReadable(ctx, obj, assertCan(ctx.principal, obj.name, 'read', obj.label));
  if (!readable) return null;
  let owners = readable.owners;
  let territory: string | null = null;
  for (const c of narrow) {
    if (c.field === 'ownerId' && c.cmp === 'in' && Array.isArray(c.value)) {
      const team = new Set(c.value as string[]);
      owners = (owners ?? [...team]).filter((id) => team.has(id));
    } else if (c.field === 'territoryId' && c.cmp === 'eq' && typeof c.value === 'string' && territory === null)
      territory = c.value;
    else return null;
  }
  return { owners, territory };
}

const within = (s: KeptScope) =>
  sql`${s.owners ? sql`AND owner_id = ANY(${s.owners}::uuid[])` : sql.empty}
    ${s.territory ? sql`AND territory_id = ${s.territory}::uuid` : sql.empty}`;

// Grouped only by the keys asked for (a constant key still costs the aggregate per row), summed
// as float8: exact for whole minor units below 2^53, and several times cheaper than bigint's
// numeric sums over thousands of rows.
const keyColumn = (asked: boolean, column: string) =>
  asked ? sql.ident(column) : sql`NULL::uuid AS ${sql.ident(column)}`;
const sums = (columns: string[]) => sql.join(columns.map((c) => sql`sum(${sql.ident(c)}::float8) AS ${sql.ident(c)}`));
const groupBy = (always: string[], ...asked: Array<string | false>) =>
  sql.join([...always, ...asked.filter((c): c is string => !!c)].map((c) => sql.ident(c)));

/**
 * Won deals per month (YYYY-MM) and currency for the given UTC month starts, per owner and
 * territory when asked (else null). Keys whose deals all left (moved, lost, deleted) keep a row of
 * zeros: not a month with sales.
 */
export function keptWonMonths(
  ctx: Ctx,
  scope: KeptScope,
  monthStarts: string[],
  by: { byOwner: boolean; byTerritory: boolean },
) {
  return ctx.db.query<{
    month: string;
    owner_id: string | null;
    territory_id: string | null;
    currency: string;
    deals: number;
    amount: number;
  }>(
    sql`
    SELECT to_char(month, 'YYYY-MM') AS month, ${keyColumn(by.byOwner, 'owner_id')},
      ${keyColumn(by.byTerritory, 'territory_id')}, currency, sum(deals)::int AS deals, ${sums(['amount'])}
    FROM deal_won_months
    WHERE month = ANY(${monthStarts.map((m) => m.slice(0, 10))}::date[]) ${within(scope)}
    GROUP BY ${groupBy(['month', 'currency'], by.byOwner && 'owner_id', by.byTerritory && 'territory_id')}
    HAVING sum(deals) <> 0`,
  );
}

/**
 * Open deals expected to close from `start` to `end` (first days of months, end exclusive), as
 * groupedRows gives them with keys [owner, territory (when asked), forecast category] and the
 * metrics sum:amount and sum:weightedAmount.
 */
export async function keptOpenRows(
  ctx: Ctx,
  scope: KeptScope,
  p: { start: string; end: string; byTerritory: boolean },
): Promise<GroupedRow[]> {
  const raw = await ctx.db.query<{
    owner_id: string | null;
    territory_id: string | null;
    category: string;
    currency: string;
    weighted_currency: string;
    deals: number;
    amount: number;
    weighted: number;
  }>(
    sql`
    SELECT owner_id, ${keyColumn(p.byTerritory, 'territory_id')}, category, currency, weighted_currency,
      sum(deals)::int AS deals, ${sums(['amount', 'weighted'])}
    FROM deal_open_months
    WHERE month >= ${p.start}::date AND month < ${p.end}::date ${within(scope)}
    GROUP BY ${groupBy(['owner_id', 'category', 'currency', 'weighted_currency'], p.byTerritory && 'territory_id')}
    HAVING sum(deals) <> 0`,
  );
  const rows = new Map<string, GroupedRow>();
  const add = (list: Money, currency: string, amount: number) => {
    // Amounts without a currency are not money (as groupedRows leaves them out).
    if (!currency) return;
    const same = list.find((x) => x.currency === currency);
    if (same) same.amount += amount;
    else list.push({ currency, amount });
  };
  for (const r of raw) {
    const keys = [r.owner_id, ...(p.byTerritory ? [r.territory_id] : []), r.category || null];
    const id = `${r.owner_id} ${r.territory_id} ${r.category}`;
    const row = rows.get(id) ?? { keys, count: 0, sums: { 'sum:amount': [], 'sum:weightedAmount': [] } };
    rows.set(id, row);
    row.count += r.deals;
    add(row.sums['sum:amount'] as Money, r.currency, r.amount);
    add(row.sums['sum:weightedAmount'] as Money, r.weighted_currency, r.weighted);
  }
  return [...rows.values()];
}
