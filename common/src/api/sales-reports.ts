// The Sales dashboard's figures about what was sold and quoted in a period: revenue by product and
// by category (orders bought in the period), and the quotes sent in it — how many became orders
// and the average discount given. Money in minor units of the company currency.
import { z } from 'zod';
import { statementStatus } from './commissions.ts';
import { isTimeZone } from './profile.ts';
import { uuid } from './shared.ts';

const period = z.string().max(20).describe('A month (2026-07) or a fiscal quarter (2026-Q3)');
const teamId = uuid.optional().describe("Only what this team's members own");

export const productReportQuery = z.strictObject({
  period,
  teamId,
  territoryId: uuid.optional().describe('Only orders and quotes of deals in this territory'),
  timeZone: z
    .string()
    .max(100)
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional()
    .describe("The zone the period's days are counted in (default: yours)"),
});
export type ProductReportQuery = z.infer<typeof productReportQuery>;

const revenueRow = z.object({
  key: z.string().nullable().describe('The product or category id; null: lines without one'),
  title: z.string().nullable(),
  revenue: z.number().describe('Net of discounts, before tax'),
  quantity: z.number(),
  orders: z.number(),
});
export type RevenueRow = z.infer<typeof revenueRow>;

export const productReport = z.object({
  period: z.string(),
  currency: z.string().describe('The company currency every amount is in'),
  missingRates: z.array(z.string()).describe('Currencies left out where no exchange rate was in force on their day'),
  revenue: z.number(),
  orders: z.number(),
  byProduct: z.array(revenueRow).describe('Largest first'),
  byCategory: z.array(revenueRow).describe('Largest first'),
  quotes: z.object({
    sent: z.number().describe('Quotes sent in the period (their latest version)'),
    accepted: z.number(),
    declined: z.number(),
    open: z.number().describe('Sent, not yet answered'),
    expired: z.number(),
    quoteToOrderRate: z.number().nullable().describe('accepted / sent; null when none was sent'),
    averageDiscountPercent: z
      .number()
      .nullable()
      .describe('Discounts over list value of the quotes sent, weighted by their value'),
    value: z.number().describe('The quotes sent: their total before tax'),
  }),
});
export type ProductReport = z.infer<typeof productReport>;

// ---- Commission statements per rep: GET /api/v1/sales-reports/commissions ----

export const commissionReportQuery = z.strictObject({ period, teamId });
export type CommissionReportQuery = z.input<typeof commissionReportQuery>;

const commissionRow = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  periodKind: z.enum(['month', 'quarter']).describe("The kind of the rep's statements (their plan's)"),
  statements: z
    .number()
    .describe('How many statements the row sums: 1, or the months of a quarter for a rep paid monthly'),
  statementId: z.string().nullable().describe('The statement, when the row is exactly one'),
  plan: z.object({ id: z.string(), name: z.string() }).nullable(),
  won: z.number(),
  dealCount: z.number(),
  quota: z.number().nullable(),
  attainment: z.number().nullable().describe('won ÷ quota; null without a quota'),
  commission: z.number(),
  status: statementStatus.describe('final only when every statement summed is'),
  missingRates: z.array(z.string()),
});
export type CommissionRow = z.infer<typeof commissionRow>;

export const commissionReport = z.object({
  period: z.string(),
  currency: z.string(),
  rows: z.array(commissionRow).describe('Largest commission first'),
  total: z.object({ commission: z.number(), won: z.number() }),
});
export type CommissionReport = z.infer<typeof commissionReport>;
