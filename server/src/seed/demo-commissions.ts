// The demo team's pay and spend, written after its deals and quotas (demo-sales.ts): one active
// quarterly commission plan with three tiers (5 %, 8 % above quota, 12 % above 120 %) for the
// reps, their statements of the last four quarters and this one — calculated by the statements
// service, as the event handler would — and a few months of expenses in every state; the
// submitted ones are submitted by their rep through the expenses service, so that each waits on a
// real approval request in the manager's inbox.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { recalculateStatement } from '../modules/commissions/statements.service.ts';
import { submitExpense } from '../modules/expenses/expense-approval.ts';
import { expenseCategories } from '../modules/expenses/expenses.object.ts';
import { fiscalYearStartMonth } from '../modules/forecasts/forecasts.object.ts';
import { periodContaining, shiftPeriod } from '../modules/forecasts/periods.ts';
import { loadUser, toPrincipal } from '../platform/auth/principal.ts';
import type { Registry } from '../platform/registry/registry.ts';
import { asWritten, type DemoRow, demoCtx, insertRows } from './demo-write.ts';
import type { Rng } from './random.ts';

export interface CommissionsSeedInput {
  tx: Tx;
  registry: Registry;
  rng: Rng;
  now: number;
  adminId: string;
  /** The demo users; reps get the plan and the expenses. */
  users: Array<{ id: string; name: string; role: string }>;
  /** A second seeding (--force): the plan made the first time is kept. */
  again: boolean;
}

const day = 86_400_000;

const expenseIdeas: Record<string, Array<[string, number, number]>> = {
  travel: [
    ['Train to the customer', 45_00, 180_00],
    ['Flight to the trade fair', 180_00, 620_00],
    ['Taxi from the airport', 25_00, 70_00],
  ],
  meals: [
    ['Lunch with the buyer', 40_00, 140_00],
    ['Dinner after the workshop', 90_00, 320_00],
  ],
  lodging: [['Hotel, two nights', 160_00, 420_00]],
  mileage: [['Mileage, customer visits', 30_00, 160_00]],
  gifts: [['Welcome gift for a new account', 25_00, 90_00]],
  software: [['Presentation tool, monthly', 15_00, 40_00]],
  other: [['Printing of proposals', 10_00, 60_00]],
};

async function write(tx: Tx, registry: Registry, name: string, rows: DemoRow[], adminId: string, clock: number) {
  const obj = registry.get(name);
  if (!obj) throw new Error(`the registry has no ${name} object`);
  const written: DemoRow[] = [];
  for (const r of rows) written.push({ ...r, values: await asWritten(tx, registry, obj, { ...r, clock }) });
  await insertRows(tx, obj, written, adminId);
  return written;
}

export async function seedDemoCommissions(
  input: CommissionsSeedInput,
): Promise<{ statements: number; expenses: number }> {
  const { tx, registry, rng, now, adminId } = input;
  const reps = input.users.filter((u) => u.role === 'sales_rep');
  if (!registry.get('commissionPlan') || !reps.length) return { statements: 0, expenses: 0 };
  const setUp = now - 400 * day;

  if (!input.again) {
    const planId = rng.uuid(setUp);
    // A draft first (an active plan needs its tiers), then its tiers and reps, then active.
    await write(
      tx,
      registry,
      'commissionPlan',
      [
        {
          id: planId,
          values: {
            name: 'Field sales',
            active: false,
            periodKind: 'quarter',
            description: '5 % up to quota, 8 % on what is won above it, 12 % above 120 %.',
          },
          createdAt: setUp,
          updatedAt: setUp,
        },
      ],
      adminId,
      setUp,
    );
    const tiers = [
      { fromPercent: 0, toPercent: 100, ratePercent: 5 },
      { fromPercent: 100, toPercent: 120, ratePercent: 8 },
      { fromPercent: 120, ratePercent: 12 },
    ];
    const at = (i: number) => ({ createdAt: setUp + i, updatedAt: setUp + i });
    await write(
      tx,
      registry,
      'commissionTier',
      tiers.map((t, i) => ({ id: rng.uuid(setUp + i), values: { planId, ...t }, ...at(i) })),
      adminId,
      setUp,
    );
    await write(
      tx,
      registry,
      'commissionPlanMember',
      reps.map((r, i) => ({ id: rng.uuid(setUp + 10 + i), values: { planId, userId: r.id }, ...at(10 + i) })),
      adminId,
      setUp,
    );
    await tx.query(sql`UPDATE commission_plans SET active = true WHERE id = ${planId}::uuid`);
  }

  // Statements of this quarter and the four before it.
  const ctx = demoCtx(tx, registry, now);
  const current = periodContaining(new Date(now), 'quarter', { fiscalYearStartMonth });
  let statements = 0;
  for (const r of reps)
    for (let back = 0; back <= 4; back++)
      if (await recalculateStatement(ctx, { userId: r.id, period: shiftPeriod(current, -back) })) statements++;

  // Three months of expenses per rep: older ones reimbursed or approved, recent ones drafts.
  const rows: DemoRow[] = [];
  const statuses: Array<{ status: string; note?: string }> = [];
  for (const r of reps)
    for (let i = 0; i < 12; i++) {
      const category = rng.pick(expenseCategories).value;
      const [description, min, max] = rng.pick(expenseIdeas[category]);
      const at = now - rng.int(1, 90) * day;
      const date = new Date(at).toISOString().slice(0, 10);
      const age = (now - at) / day;
      const status =
        age > 45
          ? 'reimbursed'
          : age > 20
            ? rng.chance(0.15)
              ? 'rejected'
              : 'approved'
            : age > 7
              ? 'approved'
              : 'draft';
      rows.push({
        id: rng.uuid(at),
        values: { description, date, amount: { amount: rng.int(min, max), currency: 'EUR' }, category, ownerId: r.id },
        createdAt: at,
        updatedAt: at + day,
        createdBy: r.id,
      });
      statuses.push({ status, ...(status === 'rejected' ? { note: 'Please attach the receipt and resubmit.' } : {}) });
    }
  const expenseObj = registry.get('expense');
  if (expenseObj) {
    const written: DemoRow[] = [];
    for (const [i, r] of rows.entries()) {
      const values = await asWritten(tx, registry, expenseObj, { ...r, clock: r.updatedAt });
      written.push({ ...r, values: { ...values, status: statuses[i].status, decisionNote: statuses[i].note ?? null } });
    }
    await insertRows(tx, expenseObj, written, adminId);
    await submitRecentDrafts(tx, registry, now, written);
  }
  return { statements, expenses: rows.length };
}

/**
 * Each rep submits their drafts of three to seven days ago (the newest stay drafts), as the rep,
 * through the expenses service: the expense is locked and its approval request waits on the manager.
 * Seeded history is news to no one, so the bell notifications the requests made are taken back
 * (the requests stay on the Approvals page). A second seeding leaves those already submitted.
 */
async function submitRecentDrafts(tx: Tx, registry: Registry, now: number, written: DemoRow[]) {
  const since = new Date(now - 7 * day).toISOString().slice(0, 10);
  const until = new Date(now - 3 * day).toISOString().slice(0, 10);
  const drafts = await tx.query<{ id: string; owner_id: string }>(sql`
    SELECT id, owner_id FROM expenses WHERE id = ANY(${written.map((r) => r.id)}::uuid[]) AND status = 'draft'
      AND date >= ${since}::date AND date <= ${until}::date ORDER BY date, id`);
  for (const d of drafts) {
    const user = await loadUser(tx, d.owner_id);
    if (!user) continue;
    await submitExpense({ ...demoCtx(tx, registry, now), principal: toPrincipal(user) }, d.id);
  }
  if (drafts.length)
    await tx.query(sql`DELETE FROM notifications WHERE object_type = 'expense'
      AND record_id = ANY(${drafts.map((d) => d.id)}::uuid[])`);
}
