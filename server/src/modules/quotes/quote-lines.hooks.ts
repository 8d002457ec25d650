// A quote line on every write path (the quote's lines editor, POST /quote-lines, an import): its
// price and tax default from the quote's price book and the product; it is refused on a quote
// that is no longer a draft; and the quote's figures are recomputed in the same transaction.
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import type { Values } from '../../platform/records/record-mapper.ts';
import { lineDefaults, lineProblems, refuseLine } from '../products/priced-lines.ts';
import { editableQuote } from './quote-state.ts';
import { recomputeQuote } from './quote-totals.ts';

const quoteIdOf = (v: Values | null) => (v?.quoteId as string | undefined) ?? null;

export const quoteLineHooks: ObjectHooks = {
  async defaults(ctx, change) {
    if (change.action !== 'create' && !change.changed.includes('productId')) return {};
    return lineDefaults(ctx, change, await editableQuote(ctx, String(change.after.quoteId)));
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
