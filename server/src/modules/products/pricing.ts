// THE pricing maths of deal lines, quotes and orders: one place, so a deal, its quote and the
// order from it agree to the cent. Amounts are integer minor units; quantities, discounts and tax
// rates are decimals with a fixed number of places, held as scaled integers (BigInt), so nothing
// is lost to floating point. Each line: gross = quantity × unit price, less its own discount; the
// overall discount comes off the sum of those nets and is spread over the lines in proportion to
// their net (largest remainder, so the parts add up exactly); tax is charged on each line's net
// after both discounts. Every rounding is half away from zero, per line (decision 027).
import {
  type PricedLine,
  type PricingInput,
  type PricingLine,
  type PricingResult,
  pricingInput,
  pricingLine,
} from '@kith/common/api/products';
import { invalid } from '../../platform/errors.ts';
import { zodToInvalid } from '../../platform/records/validate.ts';

export type { PricedLine, PricingInput, PricingLine, PricingResult };
export { pricingInput, pricingLine };

/** A decimal with at most `places` decimals as an integer scaled by 10^places (1.25, 2 → 125n). */
const scaled = (n: number, places: number): bigint => BigInt(n.toFixed(places).replace('.', ''));

/** a / b rounded half away from zero, for a ≥ 0 and b > 0. */
const roundDiv = (a: bigint, b: bigint): bigint => (2n * a + b) / (2n * b);

const Q = 10_000n; // quantity: 4 places
const D = 10_000n; // discount: percent with 2 places
const T = 100_000n; // tax: percent with 3 places

/** Parses and checks the input: a 400 names the path (`lines.3.quantity`). */
export function parsePricing(input: unknown): { lines: PricingLine[]; discountPercent: number } {
  const parsed = pricingInput.safeParse(input);
  if (!parsed.success) throw zodToInvalid(parsed.error, input);
  return parsed.data;
}

/**
 * Shares `amount` over `weights` in proportion, exactly: each takes the floor of its share, and
 * what is left goes one unit at a time to the largest remainders. Ties go by `tieKey` (larger
 * first), then by position, so that lines alike in what matters get the same whatever their order.
 */
export function spread(amount: bigint, weights: bigint[], tieKey: (i: number) => bigint[] = () => []): bigint[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  if (sum === 0n || amount === 0n) return weights.map(() => 0n);
  const parts = weights.map((w) => (amount * w) / sum);
  let left = amount - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (amount * w) % sum, key: tieKey(i) }))
    .sort((a, b) => cmp(b.rem, a.rem) || cmpKeys(b.key, a.key) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts;
}

const cmp = (a: bigint, b: bigint) => (a > b ? 1 : a < b ? -1 : 0);
const cmpKeys = (a: bigint[], b: bigint[]) => {
  for (let k = 0; k < Math.max(a.length, b.length); k++) {
    const c = cmp(a[k] ?? 0n, b[k] ?? 0n);
    if (c) return c;
  }
  return 0;
};

function toNumber(v: bigint, path: string): number {
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw invalid(`${path}: the amount is too large`, { [path]: 'too large' });
  return Number(v);
}

/** The figures of lines already parsed (parsePricing): per line and in total, in minor units. */
export function computePricing(input: { lines: PricingLine[]; discountPercent: number }): PricingResult {
  const lines = input.lines.map((l) => {
    const gross = roundDiv(scaled(l.quantity, 4) * BigInt(l.unitPrice), Q);
    const lineDiscount = roundDiv(gross * scaled(l.discountPercent, 2), D);
    return { gross, lineDiscount, afterLine: gross - lineDiscount, tax: scaled(l.taxPercent, 3) };
  });
  const afterLines = lines.reduce((a, l) => a + l.afterLine, 0n);
  const overall = roundDiv(afterLines * scaled(input.discountPercent, 2), D);
  // Ties go first to the line with the larger net, then the higher tax rate: lines equal in both
  // come out the same whichever takes the cent, so the totals do not depend on the lines' order.
  const shares = spread(
    overall,
    lines.map((l) => l.afterLine),
    (i) => [lines[i].afterLine, lines[i].tax],
  );
  const priced = lines.map((l, i) => {
    const net = l.afterLine - shares[i];
    const tax = roundDiv(net * l.tax, T);
    return { ...l, overallShare: shares[i], net, taxAmount: tax, total: net + tax };
  });
  const sum = (pick: (l: (typeof priced)[number]) => bigint) => priced.reduce((a, l) => a + pick(l), 0n);
  const subtotal = sum((l) => l.gross);
  const lineDiscounts = sum((l) => l.lineDiscount);
  const discountTotal = lineDiscounts + overall;
  const taxTotal = sum((l) => l.taxAmount);
  const net = subtotal - discountTotal;
  return {
    lines: priced.map((l, i) => ({
      gross: toNumber(l.gross, `lines.${i}.unitPrice`),
      lineDiscount: Number(l.lineDiscount),
      overallDiscount: Number(l.overallShare),
      discount: Number(l.lineDiscount + l.overallShare),
      net: Number(l.net),
      tax: toNumber(l.taxAmount, `lines.${i}.unitPrice`),
      total: toNumber(l.total, `lines.${i}.unitPrice`),
    })),
    totals: {
      subtotal: toNumber(subtotal, 'lines'),
      lineDiscounts: Number(lineDiscounts),
      overallDiscount: Number(overall),
      discountTotal: Number(discountTotal),
      net: Number(net),
      taxTotal: toNumber(taxTotal, 'lines'),
      total: toNumber(net + taxTotal, 'lines'),
      // Basis points of the subtotal, rounded half away from zero: 2 decimals of a percent.
      averageDiscountPercent: subtotal === 0n ? 0 : Number(roundDiv(discountTotal * D, subtotal)) / 100,
    },
  };
}

/** Parses, checks and computes: what a route or a service given client input calls. */
export const price = (input: unknown): PricingResult => computePricing(parsePricing(input));
