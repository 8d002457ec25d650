// The quotes module's one door to the catalogue's pricing maths (products/pricing.ts, decision
// 027): quotes never compute a figure of their own.
import { computePricing, type PricingResult } from '../products/pricing.ts';

export interface QuoteLineInput {
  quantity: number;
  unitPrice: number;
  discountPercent: number;
  taxPercent: number;
}

export type PricedQuote = PricingResult;

/** Every line's figures and the totals, in minor units, for lines in order and the overall discount. */
export function priceQuote(lines: QuoteLineInput[], overallDiscountPercent: number): PricedQuote {
  return computePricing({ lines, discountPercent: overallDiscountPercent });
}
