// A quote line on every write path (the quote's lines editor, POST /quote-lines, an import): its
// price and tax default from the quote's price book and the product; it is refused on a quote
// that is no longer a draft; and the quote's figures are recomputed in the same transaction.
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { bookPrice, productFacts } from './catalog-reads.ts';
import { editableQuote } from './quote-state.ts';
import { recomputeQuote } from './quote-totals.ts';

type Money = { amount: number; currency: string } | null | undefined;

/** Range checks the field types cannot say: percentages up to 100, a line names what it sells. */
export function lineProblems(v: Values, currency: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['discountPercent', 'taxPercent'] as const) {
    const n = v[k];
    if (typeof n === 'number' && n > 100) out[`${prefix}${k}`] = 'must be at most 100';
  }
  const q = v.quantity;
  if (typeof q === 'number' && q <= 0) out[`${prefix}quantity`] = 'must be more than 0';
  const price = v.unitPrice as Money;
  if (!price) out[`${prefix}unitPrice`] = "is required: the product has no price in the quote's price book";
  else if (price.currency !== currency)
    out[`${prefix}unitPrice.currency`] = `must be ${currency}, the currency of the quote's price book`;
  if (!v.productId && !(typeof v.description === 'string' && v.description.trim()))
    out[`${prefix}description`] = 'is required for a line without a product';
  return out;
}

export const refuseLine = (problems: Record<string, string>) => {
  const [first] = Object.entries(problems);
  if (first) throw invalid(`${first[0]}: ${first[1]}`, problems);
};

const quoteIdOf = (v: Values | null) => (v?.quoteId as string | undefined) ?? null;

export const quoteLineHooks: ObjectHooks = {
  async defaults(ctx, change) {
    const after = change.after;
    const productChanged = change.action === 'create' || change.changed.includes('productId');
    const productId = after.productId as string | null | undefined;
    if (!productChanged) return {};
    const quote = await editableQuote(ctx, String(after.quoteId));
    // A line of its own (a note, something included) costs nothing unless priced.
    if (!productId) return change.action === 'create' ? { unitPrice: { amount: 0, currency: quote.currency } } : {};
    const out: Values = {};
    const facts = await productFacts(ctx, productId);
    // What the writer gave in this write stays (the platform keeps it); the rest follows the product.
    if (facts) out.description = facts.name;
    out.taxPercent = facts?.taxPercent ?? 0;
    const price = await bookPrice(ctx, productId, quote.priceBookId);
    if (price) out.unitPrice = price;
    return out;
  },

  async validate(ctx, change) {
    const quoteId = quoteIdOf(change.after) ?? quoteIdOf(change.before);
    if (!quoteId) return;
    if (change.action === 'update' && change.before && change.after?.quoteId !== change.before.quoteId)
      throw invalid('quoteId: a line stays on its quote', { quoteId: 'cannot change' });
    const quote = await editableQuote(ctx, quoteId);
    if (change.after) refuseLine(lineProblems(change.after, quote.currency));
  },

  async afterWrite(ctx, change) {
    const quoteId = quoteIdOf(change.after) ?? quoteIdOf(change.before);
    if (quoteId) await recomputeQuote(ctx as Ctx, quoteId);
  },
};
