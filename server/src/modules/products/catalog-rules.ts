// What the catalogue's entries check on every write beyond their fields: rates
// that are percentages, a price book's currency one the app knows, one default per currency (and
// one default tax rate), and a price in its book's currency.
import { hasAtMostDecimals } from '@kith/common/api/products';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import type { ObjectHooks } from '../../platform/records/hooks.ts';
import { isKnownCurrency } from '../../platform/registry/fields.ts';

const touched = (change: { action: string; changed: string[] }, ...names: string[]) =>
  change.action === 'create' || names.some((n) => change.changed.includes(n));

export const taxRateHooks: ObjectHooks = {
  validate(_ctx, change) {
    const after = change.after;
    if (!after || !touched(change, 'ratePercent')) return;
    const rate = Number(after.ratePercent);
    if (rate > 100) throw invalid('ratePercent: must be from 0 to 100', { ratePercent: 'must be from 0 to 100' });
    if (!hasAtMostDecimals(rate, 3))
      throw invalid('ratePercent: must have at most 3 decimal places', {
        ratePercent: 'must have at most 3 decimal places',
      });
  },
  // One default tax rate: the newest one marked wins (the others are unmarked in the same transaction).
  async afterWrite(ctx, change) {
    if (change.after?.isDefault !== true || !touched(change, 'isDefault')) return;
    await ctx.db.query(sql`
      UPDATE tax_rates SET is_default = false, updated_at = ${ctx.now()}
      WHERE is_default AND id <> ${change.id}::uuid`);
  },
};

async function entriesOf(ctx: Ctx, priceBookId: string): Promise<number> {
  const [row] = await ctx.db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM price_book_entries WHERE price_book_id = ${priceBookId}::uuid AND deleted_at IS NULL`);
  return row?.n ?? 0;
}

export const priceBookHooks: ObjectHooks = {
  async validate(ctx, change) {
    const { before, after } = change;
    if (!after || !touched(change, 'currency')) return;
    const currency = String(after.currency);
    if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency))
      throw invalid(`currency: ${currency} is not an ISO 4217 currency code (such as EUR)`, {
        currency: 'is not a known ISO 4217 currency code',
      });
    // Its prices are in its currency: changing it would leave them in another.
    if (change.action === 'update' && before && before.currency !== currency) {
      const n = await entriesOf(ctx, change.id);
      if (n)
        throw conflict(`currency: this price book holds ${n} price${n === 1 ? '' : 's'} in ${before.currency}`, {
          fields: { currency: 'has prices in the old currency' },
        });
    }
  },
  // One default per currency: marking this one unmarks the currency's others.
  async afterWrite(ctx, change) {
    const after = change.after;
    if (after?.isDefault !== true || !touched(change, 'isDefault', 'currency')) return;
    await ctx.db.query(sql`
      UPDATE price_books SET is_default = false, updated_at = ${ctx.now()}
      WHERE is_default AND currency = ${String(after.currency)} AND id <> ${change.id}::uuid`);
  },
};

export const priceBookEntryHooks: ObjectHooks = {
  async validate(ctx, change) {
    const after = change.after;
    if (!after || !touched(change, 'unitPrice', 'priceBookId')) return;
    const price = after.unitPrice as { amount: number; currency: string } | null;
    if (!price) return;
    const [book] = await ctx.db.query<{ currency: string; title: string }>(sql`
      SELECT currency, title FROM price_books WHERE id = ${String(after.priceBookId)}::uuid`);
    if (book && book.currency !== price.currency)
      throw invalid(`unitPrice.currency: ${book.title} is in ${book.currency}, not ${price.currency}`, {
        'unitPrice.currency': `must be ${book.currency}, the price book's currency`,
      });
  },
};
