// A quote's figures, kept by the server alone: after any change to its lines or its overall
// discount, the priced lines' one recomputation (products/priced-lines.ts) — one read of the lines
// and one statement that writes every line's figures and the quote's totals and average discount.
import type { Ctx } from '../../platform/context.ts';
import { recomputePricedLines } from '../products/priced-lines.ts';

export const quotesDocument = {
  table: 'quotes',
  linesTable: 'quote_lines',
  parentColumn: 'quote_id',
  averageDiscount: true,
};

/** Prices the quote's lines and writes the figures; returns them (null: no such quote). */
export const recomputeQuote = (ctx: Ctx, quoteId: string) => recomputePricedLines(ctx, quotesDocument, quoteId);
