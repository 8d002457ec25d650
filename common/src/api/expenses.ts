// Expenses' contracts beyond the registry's /api/v1/expenses routes: submitting one for approval,
// marking one reimbursed, and the totals the sales dashboard shows (company currency, minor units).
import { z } from 'zod';
import { uuid } from './shared.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine(
    (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'must be a real date',
  );

export const expenseParams = z.strictObject({ id: uuid });

export const expenseSummaryQuery = z
  .strictObject({
    from: day.describe('First day (inclusive)'),
    to: day.describe('Last day (inclusive)'),
    groupBy: z.enum(['rep', 'category'], { error: 'must be rep or category' }).default('category'),
    teamId: uuid.optional().describe("Only the expenses of this team's members"),
  })
  .refine((q) => q.from <= q.to, { message: 'must not be before from', path: ['to'] });
export type ExpenseSummaryQuery = z.input<typeof expenseSummaryQuery>;

const totals = {
  /** Submitted, approved and reimbursed (drafts and rejected ones are not spent). */
  total: z.number(),
  /** Waiting for approval. */
  submitted: z.number(),
  /** Approved or reimbursed. */
  approved: z.number(),
  reimbursed: z.number(),
  count: z.number(),
};

export const expenseSummary = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.enum(['rep', 'category']),
  /** The company currency every amount is in. */
  currency: z.string(),
  /** Currencies with no exchange rate on an expense's day: those expenses are left out. */
  missingRates: z.array(z.string()),
  groups: z.array(z.object({ key: z.string().nullable(), title: z.string().nullable(), ...totals })),
  total: z.object(totals),
});
export type ExpenseSummary = z.infer<typeof expenseSummary>;
