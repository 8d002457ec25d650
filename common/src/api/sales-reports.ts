// The Sales dashboard's figures about what was sold and quoted in a period: revenue by product and
// by category (orders bought in the period), and the quotes sent in it — how many became orders
// and the average discount given. Money in minor units of the company currency.
import { z } from 'zod';
import { isTimeZone } from './profile.ts';

export const productReportQuery = z.strictObject({
  period: z.string().max(20).describe('A month (2026-07) or a fiscal quarter (2026-Q3)'),
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
