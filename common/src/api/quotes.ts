// Quotes beyond their records: lines in batches, versions, sending, the customer's signed link,
// the quote settings and the organisation's details printed on documents.
import { z } from 'zod';
import { apiRecord } from './records.ts';

const money = z.strictObject({
  amount: z.number().int('must be whole minor units (cents)').min(0, 'must not be negative').max(9e15),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
});
const percent = z.number().min(0, 'must not be negative').max(100, 'must be at most 100');

/** One line of a batch. Figures a client sends (net, tax, total) are ignored: the server computes them. */
export const quoteLineInput = z
  .object({
    productId: z.uuid('must be a product id').nullish(),
    description: z.string().trim().max(2000).nullish(),
    quantity: z.number().gt(0, 'must be more than 0').max(1e9),
    unitPrice: money.nullish(),
    discountPercent: percent.nullish(),
    taxPercent: percent.nullish(),
    net: z.unknown().optional(),
    tax: z.unknown().optional(),
    total: z.unknown().optional(),
  })
  .strict();
export type QuoteLineInput = z.input<typeof quoteLineInput>;

export const quoteLinesInput = z.strictObject({
  /** replace: the lines become these; add: these go after the existing ones. */
  mode: z.enum(['replace', 'add']).default('add'),
  lines: z.array(quoteLineInput).min(0).max(1000),
});
export type QuoteLinesInput = z.input<typeof quoteLinesInput>;

/** A quote with its lines, in order. */
export const quoteWithLines = z.object({ quote: apiRecord, lines: z.array(apiRecord) });
export type QuoteWithLines = z.infer<typeof quoteWithLines>;

export const quoteSendInput = z.strictObject({
  to: z.array(z.email('must be an email address')).min(1).max(20).optional(),
  subject: z.string().trim().min(1).max(300).optional(),
  message: z.string().trim().max(5000).optional(),
});
export type QuoteSendInput = z.input<typeof quoteSendInput>;

export const quoteSendResult = z.object({
  quote: apiRecord,
  outboxIds: z.array(z.string()),
  /** The customer's link (also in the email): shown once, to the sender. */
  acceptanceUrl: z.string(),
  expiresAt: z.string(),
});

export const quoteSubmitResult = z.object({
  quote: apiRecord,
  /** Whether the quote needed approval (false: it was approved at once, the discount being within the limit). */
  approvalNeeded: z.boolean(),
  reason: z.string().nullable(),
});

export const quoteSettings = z.strictObject({
  /** Approval is needed when the overall or the average discount is above this percentage. */
  approvalDiscountPercent: percent,
});
export type QuoteSettings = z.infer<typeof quoteSettings>;

export const organizationDetails = z.strictObject({
  name: z.string().trim().min(1, 'is required').max(200),
  address: z.string().trim().max(1000).default(''),
  email: z.union([z.email('must be an email address'), z.literal('')]).default(''),
  phone: z.string().trim().max(50).default(''),
  website: z.string().trim().max(300).default(''),
  taxId: z.string().trim().max(100).default(''),
});
export type OrganizationDetailsInput = z.input<typeof organizationDetails>;
export const organizationAnswer = organizationDetails.extend({ hasLogo: z.boolean() });
export type OrganizationAnswer = z.infer<typeof organizationAnswer>;

// ——— what the customer sees through the signed link (no internal data) ———

const publicMoney = z.object({ amount: z.number(), currency: z.string() });
export const publicQuote = z.object({
  number: z.string(),
  version: z.number(),
  name: z.string(),
  status: z.enum(['sent', 'accepted', 'declined', 'expired', 'superseded']),
  validUntil: z.string().nullable(),
  terms: z.string().nullable(),
  currency: z.string(),
  seller: z.object({
    name: z.string(),
    address: z.string(),
    email: z.string(),
    phone: z.string(),
    hasLogo: z.boolean(),
  }),
  customer: z.object({ company: z.string().nullable(), contact: z.string().nullable() }),
  lines: z.array(
    z.object({
      description: z.string(),
      quantity: z.number(),
      unitPrice: publicMoney,
      discountPercent: z.number(),
      taxPercent: z.number(),
      net: publicMoney,
      total: publicMoney,
    }),
  ),
  discountPercent: z.number(),
  subtotal: publicMoney,
  discountTotal: publicMoney,
  taxTotal: publicMoney,
  total: publicMoney,
  acceptedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  /** Whether Accept and Decline are still offered. */
  open: z.boolean(),
});
export type PublicQuote = z.infer<typeof publicQuote>;

export const acceptInput = z.strictObject({
  name: z.string().trim().min(2, 'type your full name').max(200),
  note: z.string().trim().max(2000).optional(),
});
export type AcceptInput = z.input<typeof acceptInput>;
export const declineInput = z.strictObject({ reason: z.string().trim().max(2000).optional() });
export type DeclineInput = z.input<typeof declineInput>;
