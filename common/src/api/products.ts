// The catalogue beyond its record routes (/api/v1/products, /price-books… from the registry): the
// pricing maths' input (one line of a deal, quote or order) and a product's price in a price book.
import { z } from 'zod';
import { uuid } from './shared.ts';

/** Whether a number has at most `places` decimals as written (0.1 + 0.2 has 17). */
export const hasAtMostDecimals = (n: number, places: number): boolean =>
  Number.isFinite(n) && Number(n.toFixed(places)) === n;

const decimals = (places: number) => (n: number) => hasAtMostDecimals(n, places);

/** A percentage from 0 to 100 with at most `places` decimals. */
export const percent = (places: number) =>
  z
    .number()
    .min(0, 'must be from 0 to 100')
    .max(100, 'must be from 0 to 100')
    .refine(decimals(places), `must have at most ${places} decimal places`);

/** How many of a product: more than 0, up to a billion, at most 4 decimals (1.5 hours, 0.25 kg). */
export const lineQuantity = z
  .number()
  .gt(0, 'must be more than 0')
  .max(1_000_000_000, 'must be at most 1,000,000,000')
  .refine(decimals(4), 'must have at most 4 decimal places');

/** A price in minor units (cents): whole, not negative. */
export const minorUnits = z
  .number()
  .int('must be whole minor units (cents)')
  .min(0, 'must not be negative')
  .max(9e15, 'is too large');

/** One line for the pricing maths (server/src/modules/products/pricing.ts). */
export const pricingLine = z.strictObject({
  quantity: lineQuantity,
  unitPrice: minorUnits,
  discountPercent: percent(2).default(0),
  taxPercent: percent(3).default(0),
});
export type PricingLineInput = z.input<typeof pricingLine>;
export type PricingLine = z.output<typeof pricingLine>;

export const pricingInput = z.strictObject({
  lines: z.array(pricingLine).max(10_000, 'at most 10,000 lines'),
  /** Off the sum of the lines' net, after their own discounts. */
  discountPercent: percent(2).default(0),
});
export type PricingInput = z.input<typeof pricingInput>;

/** One line's figures, in minor units: gross − discount (its own and its share of the overall) = net. */
export const pricedLine = z.object({
  gross: z.number().int(),
  lineDiscount: z.number().int().describe("The line's own discount"),
  overallDiscount: z.number().int().describe("The line's share of the overall discount"),
  discount: z.number().int().describe('Both discounts'),
  net: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
});
export type PricedLine = z.infer<typeof pricedLine>;

export const pricingTotals = z.object({
  subtotal: z.number().int().describe('The lines at their unit prices, before any discount'),
  lineDiscounts: z.number().int(),
  overallDiscount: z.number().int(),
  discountTotal: z.number().int(),
  net: z.number().int().describe('subtotal − discountTotal: what tax is charged on'),
  taxTotal: z.number().int(),
  total: z.number().int(),
  averageDiscountPercent: z.number().describe('discountTotal / subtotal, in percent with 2 decimals'),
});
export type PricingTotals = z.infer<typeof pricingTotals>;

export const pricingResult = z.object({ lines: z.array(pricedLine), totals: pricingTotals });
export type PricingResult = z.infer<typeof pricingResult>;

const money = z.object({ amount: z.number().int(), currency: z.string() });

export const priceQuery = z.strictObject({
  priceBookId: uuid.optional(),
  currency: z.string().optional().describe("ISO 4217: the currency's default price book, when no priceBookId"),
});
export type PriceQuery = z.infer<typeof priceQuery>;

export const productPrice = z.object({
  productId: z.string(),
  priceBookId: z.string(),
  priceBookName: z.string(),
  currency: z.string(),
  unitPrice: money,
  taxRateId: z.string().nullable(),
  /** The product's tax rate, 0 when it has none. */
  taxPercent: z.number(),
});
export type ProductPrice = z.infer<typeof productPrice>;

export const configureInput = z.strictObject({
  priceBookId: uuid.optional(),
  currency: z.string().optional().describe("ISO 4217: the currency's default price book, when no priceBookId"),
  optionIds: z.array(uuid).max(200, 'at most 200 options').default([]),
});
export type ConfigureInput = z.input<typeof configureInput>;

export const configuration = z.object({
  productId: z.string(),
  priceBookId: z.string(),
  priceBookName: z.string(),
  currency: z.string(),
  base: money.describe("The product's own price in the book"),
  options: z.array(
    z.object({
      optionId: z.string(),
      productId: z.string(),
      name: z.string(),
      group: z.string().nullable(),
      unitPrice: money,
    }),
  ),
  unitPrice: money.describe("The base plus the chosen options' prices"),
  taxRateId: z.string().nullable(),
  taxPercent: z.number(),
});
export type Configuration = z.infer<typeof configuration>;
