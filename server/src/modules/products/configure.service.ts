// A configurable product's price: its own price in the book plus the prices of the options chosen,
// each an option of this product with a price in that book; every required group has one chosen.
import type { Configuration, ConfigureInput } from '@kith/common/api/products';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { priceOf } from './price-of.service.ts';

interface OptionRow {
  id: string;
  option_product_id: string;
  name: string | null;
  group: string | null;
  required: boolean;
  price: string | null;
}

export async function configure(
  ctx: Ctx,
  productId: string,
  input: Omit<ConfigureInput, 'optionIds'> & { optionIds: string[] },
): Promise<Configuration> {
  const base = await priceOf(ctx, { productId, priceBookId: input.priceBookId, currency: input.currency });
  const options = await ctx.db.query<OptionRow>(sql`
    SELECT o.id, o.option_product_id, o.name, o."group", o.required, e.unit_price AS price
    FROM product_options o
    LEFT JOIN price_book_entries e ON e.product_id = o.option_product_id AND e.price_book_id = ${base.priceBookId}::uuid
      AND e.active AND e.deleted_at IS NULL
    WHERE o.product_id = ${productId}::uuid AND o.deleted_at IS NULL`);
  const byId = new Map(options.map((o) => [o.id, o]));
  const chosen: OptionRow[] = [];
  input.optionIds.forEach((id, i) => {
    const o = byId.get(id);
    const path = `optionIds.${i}`;
    if (!o) throw invalid(`${path}: is not an option of this product`, { [path]: 'not an option of this product' });
    if (chosen.includes(o)) throw invalid(`${path}: is chosen twice`, { [path]: 'chosen twice' });
    if (o.price === null)
      throw invalid(`${path}: ${o.name ?? 'this option'} has no price in ${base.priceBookName}`, {
        [path]: `has no price in ${base.priceBookName}`,
      });
    chosen.push(o);
  });
  const required = new Set(options.filter((o) => o.required).map((o) => o.group ?? ''));
  for (const group of required)
    if (!chosen.some((o) => (o.group ?? '') === group))
      throw invalid(`optionIds: choose one of ${group ? `"${group}"` : 'the required options'}`, {
        optionIds: `needs one of ${group || 'the required options'}`,
      });
  const money = (amount: number) => ({ amount, currency: base.currency });
  const total = chosen.reduce((sum, o) => sum + Number(o.price), base.unitPrice.amount);
  return {
    productId,
    priceBookId: base.priceBookId,
    priceBookName: base.priceBookName,
    currency: base.currency,
    base: base.unitPrice,
    options: chosen.map((o) => ({
      optionId: o.id,
      productId: o.option_product_id,
      name: o.name ?? '',
      group: o.group,
      unitPrice: money(Number(o.price)),
    })),
    unitPrice: money(total),
    taxRateId: base.taxRateId,
    taxPercent: base.taxPercent,
  };
}
