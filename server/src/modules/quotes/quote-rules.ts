// What a quote's write path adds (the form, the API, an import): its number, status, version and
// currency are the server's; its overall discount is a percentage up to 100; once it has left
// draft its commercial terms stay as they were sent (a change is a new version); and a change of
// its overall discount re-prices it.
import { sql } from '../../db/sql.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import { bookCurrency } from '../products/catalog-reads.ts';
import { statusWord } from './quote-state.ts';
import { recomputeQuote } from './quote-totals.ts';
import type { QuoteStatus } from './quotes.object.ts';

/** Fields that say what is offered: they change on a draft only. */
export const commercialFields = ['priceBookId', 'discountPercent', 'validUntil', 'terms'];

const zero = (currency: string) => ({ amount: 0, currency });

export const quoteHooks: ObjectHooks = {
  async compute(ctx, change) {
    const after = change.after;
    const out: Record<string, unknown> = {};
    if (change.action === 'create') {
      // A new version comes with its number, version and links (quote-versions.ts); a new quote takes the next.
      out.number = after.number ?? (await nextNumber(ctx, 'Q'));
      out.version = after.version ?? 1;
      out.status = after.status ?? 'draft';
    }
    if (change.action === 'create' || change.changed.includes('priceBookId')) {
      const currency = await bookCurrency(ctx, String(after.priceBookId));
      if (!currency) return out; // the reference check names the missing book
      out.currency = currency;
      if (change.action === 'create')
        for (const k of ['subtotal', 'discountTotal', 'taxTotal', 'total']) out[k] = after[k] ?? zero(currency);
      if (change.action === 'create') out.averageDiscountPercent = after.averageDiscountPercent ?? 0;
    }
    return out;
  },

  async validate(ctx, change) {
    const after = change.after;
    if (!after) return;
    const d = after.discountPercent;
    if (typeof d === 'number' && d > 100)
      throw invalid('discountPercent: must be at most 100', { discountPercent: 'must be at most 100' });
    if (change.action !== 'update' || !change.before) return;
    const status = change.before.status as QuoteStatus;
    const touched = commercialFields.filter((f) => change.changed.includes(f));
    if (touched.length && status !== 'draft')
      throw conflict(
        `${touched[0]}: this quote is ${statusWord(status)}; its terms change on a draft only — make a new version`,
        { status },
      );
    if (change.changed.includes('priceBookId')) {
      const [row] = await ctx.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM quote_lines WHERE quote_id = ${change.id}::uuid AND deleted_at IS NULL`,
      );
      if (row.n > 0 && change.before.currency !== after.currency)
        throw invalid('priceBookId: the lines are priced in another currency; remove them first or make a new quote', {
          priceBookId: 'another currency than the lines',
        });
    }
  },

  async afterWrite(ctx, change) {
    // A new overall discount re-prices every line; a new owner takes the lines along.
    if (
      change.action === 'update' &&
      (change.changed.includes('discountPercent') || change.changed.includes('ownerId'))
    )
      await recomputeQuote(ctx, change.id);
  },
};
