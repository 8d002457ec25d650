// Orders beyond the generic records routes: a company's or a contact's purchase history — its
// orders newest first, a page at a time, with what they add up to.
import { z } from 'zod';
import { moneyAmount } from './aggregates.ts';

export const orderStatusValues = ['draft', 'confirmed', 'fulfilled', 'invoiced', 'paid', 'cancelled'] as const;

export const purchaseHistoryQuery = z
  .strictObject({
    companyId: z.uuid('must be a company id').optional(),
    contactId: z.uuid('must be a contact id').optional(),
    cursor: z.string().max(500).optional().describe('From the previous page'),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .refine((q) => Boolean(q.companyId) !== Boolean(q.contactId), {
    message: 'give either companyId or contactId',
    path: ['companyId'],
  });
export type PurchaseHistoryQuery = z.infer<typeof purchaseHistoryQuery>;

export const purchasedOrder = z.object({
  id: z.string(),
  number: z.string().nullable(),
  name: z.string().nullable(),
  status: z.enum(orderStatusValues),
  orderedAt: z.string().nullable().describe('YYYY-MM-DD'),
  total: moneyAmount.nullable(),
});
export type PurchasedOrder = z.infer<typeof purchasedOrder>;

export const purchaseSummary = z.object({
  orders: z.number().describe('Orders that are not drafts or cancelled'),
  open: z.number().describe('Confirmed or fulfilled: not yet invoiced'),
  lifetimeValue: z.array(moneyAmount).describe('The total of those orders, per currency'),
  firstOrderedAt: z.string().nullable(),
  lastOrderedAt: z.string().nullable(),
  byMonth: z
    .array(z.object({ month: z.string().describe('YYYY-MM'), currency: z.string(), amount: z.number() }))
    .describe('The last 12 months, per currency'),
});
export type PurchaseSummary = z.infer<typeof purchaseSummary>;

export const purchaseHistory = z.object({
  summary: purchaseSummary.nullable().describe('On the first page only'),
  data: z.array(purchasedOrder),
  nextCursor: z.string().nullable(),
});
export type PurchaseHistory = z.infer<typeof purchaseHistory>;
