// The pricing maths: worked examples to the cent, the 400s that name the path, and properties that
// hold for any lines (parts add up exactly, no discount changes nothing, nothing goes negative, the
// lines' order does not matter, a 100 % discount leaves nothing to pay).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { computePricing, type PricingLine, price, spread } from './pricing.ts';

const line = (l: Partial<PricingLine> & Pick<PricingLine, 'quantity' | 'unitPrice'>): PricingLine => ({
  discountPercent: 0,
  taxPercent: 0,
  ...l,
});

function refusal(input: unknown): Record<string, string> {
  try {
    price(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('INVALID');
    return (e as AppError).details?.fields as Record<string, string>;
  }
  throw new Error('expected a refusal');
}

describe('worked examples', () => {
  const lines = [
    line({ quantity: 3, unitPrice: 19_99, discountPercent: 10, taxPercent: 19 }),
    line({ quantity: 1.5, unitPrice: 100_00, taxPercent: 7 }),
  ];

  it('prices each line: gross, its discount, tax on its net, each rounded half away from zero', () => {
    const r = computePricing({ lines, discountPercent: 0 });
    // 3 × 19.99 = 59.97; 10 % = 5.997 → 6.00; net 53.97; 19 % = 10.2543 → 10.25.
    expect(r.lines[0]).toEqual({
      gross: 5997,
      lineDiscount: 600,
      overallDiscount: 0,
      discount: 600,
      net: 5397,
      tax: 1025,
      total: 6422,
    });
    expect(r.lines[1]).toMatchObject({ gross: 15000, discount: 0, net: 15000, tax: 1050, total: 16050 });
    expect(r.totals).toEqual({
      subtotal: 20997,
      lineDiscounts: 600,
      overallDiscount: 0,
      discountTotal: 600,
      net: 20397,
      taxTotal: 2075,
      total: 22472,
      averageDiscountPercent: 2.86,
    });
  });

  it('spreads the overall discount over the lines by their net, the odd cent to the largest remainder', () => {
    const r = computePricing({ lines, discountPercent: 10 });
    // 10 % of 203.97 = 20.397 → 20.40; shares 5.3977… and 15.0022…: 5.39 + 15.00 leave a cent,
    // which goes to the first line (remainder .77 beats .22).
    expect(r.lines.map((l) => [l.overallDiscount, l.net, l.tax, l.total])).toEqual([
      [540, 4857, 923, 5780],
      [1500, 13500, 945, 14445],
    ]);
    expect(r.totals).toEqual({
      subtotal: 20997,
      lineDiscounts: 600,
      overallDiscount: 2040,
      discountTotal: 2640,
      net: 18357,
      taxTotal: 1868,
      total: 20225,
      averageDiscountPercent: 12.57,
    });
  });

  it('rounds halves away from zero at every step', () => {
    expect(computePricing({ lines: [line({ quantity: 0.5, unitPrice: 1 })], discountPercent: 0 }).lines[0].gross).toBe(
      1,
    );
    expect(
      computePricing({ lines: [line({ quantity: 1, unitPrice: 5, discountPercent: 10 })], discountPercent: 0 })
        .lines[0],
    ).toMatchObject({ discount: 1, net: 4 });
    expect(
      computePricing({ lines: [line({ quantity: 1, unitPrice: 50, taxPercent: 1 })], discountPercent: 0 }).lines[0].tax,
    ).toBe(1);
    // 0.125 % of 2.00 = 0.0025 → 0; 3-place tax rates are exact: 19.125 % of 1000.00 = 191.25.
    expect(
      computePricing({ lines: [line({ quantity: 1, unitPrice: 1000_00, taxPercent: 19.125 })], discountPercent: 0 })
        .lines[0].tax,
    ).toBe(19125);
  });

  it('keeps decimals exact where floating point would not (1.15 × 100)', () => {
    const r = computePricing({ lines: [line({ quantity: 1.15, unitPrice: 100 })], discountPercent: 0 });
    expect(r.lines[0].gross).toBe(115);
  });

  it('gives equal shares of an odd cent by position only when the lines are alike', () => {
    expect(spread(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
    expect(spread(10n, [3n, 3n, 4n])).toEqual([3n, 3n, 4n]);
    expect(spread(0n, [5n, 5n])).toEqual([0n, 0n]);
    expect(spread(5n, [0n, 0n])).toEqual([0n, 0n]);
  });

  it('prices no lines as zero', () => {
    expect(price({ lines: [] }).totals).toMatchObject({ subtotal: 0, total: 0, averageDiscountPercent: 0 });
  });
});

describe('bad input is a 400 naming the path', () => {
  const ok = { quantity: 1, unitPrice: 100 };
  it.each([
    [{ lines: [ok, ok, ok, { ...ok, quantity: 0 }] }, 'lines.3.quantity'],
    [{ lines: [{ ...ok, quantity: -2 }] }, 'lines.0.quantity'],
    [{ lines: [{ ...ok, quantity: 1.23456 }] }, 'lines.0.quantity'],
    [{ lines: [{ ...ok, unitPrice: -1 }] }, 'lines.0.unitPrice'],
    [{ lines: [{ ...ok, unitPrice: 1.5 }] }, 'lines.0.unitPrice'],
    [{ lines: [{ ...ok, discountPercent: 100.01 }] }, 'lines.0.discountPercent'],
    [{ lines: [{ ...ok, discountPercent: 10.005 }] }, 'lines.0.discountPercent'],
    [{ lines: [{ ...ok, taxPercent: -1 }] }, 'lines.0.taxPercent'],
    [{ lines: [{ ...ok, taxPercent: 7.0001 }] }, 'lines.0.taxPercent'],
    [{ lines: [{ ...ok, total: 5 }] }, 'lines.0.total'],
    [{ lines: [ok], discountPercent: 101 }, 'discountPercent'],
    [{ lines: 'many' }, 'lines'],
  ])('%j → %s', (input, path) => {
    expect(Object.keys(refusal(input))).toContain(path);
  });

  it('refuses amounts past what a number holds exactly', () => {
    const big = { quantity: 1_000_000_000, unitPrice: 9e15 };
    expect(Object.keys(refusal({ lines: [big] }))).toEqual(['lines.0.unitPrice']);
  });
});

const aLine = fc.record({
  quantity: fc.integer({ min: 1, max: 100_000_000 }).map((n) => n / 10_000),
  unitPrice: fc.integer({ min: 0, max: 1_000_000_000 }),
  discountPercent: fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
  taxPercent: fc.integer({ min: 0, max: 100_000 }).map((n) => n / 1000),
});
const lines = fc.array(aLine, { maxLength: 12 });
const overall = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);
const total = <K extends string>(rows: Array<Record<K, number>>, k: K) => rows.reduce((a, r) => a + r[k], 0);

describe('properties', () => {
  it('the parts add up exactly, per line and in total', () => {
    fc.assert(
      fc.property(lines, overall, (ls, d) => {
        const { lines: out, totals: t } = price({ lines: ls, discountPercent: d });
        for (const l of out) {
          expect(l.gross - l.discount).toBe(l.net);
          expect(l.lineDiscount + l.overallDiscount).toBe(l.discount);
          expect(l.net + l.tax).toBe(l.total);
        }
        expect(total(out, 'gross')).toBe(t.subtotal);
        expect(total(out, 'lineDiscount')).toBe(t.lineDiscounts);
        expect(total(out, 'overallDiscount')).toBe(t.overallDiscount);
        expect(total(out, 'net')).toBe(t.net);
        expect(total(out, 'tax')).toBe(t.taxTotal);
        expect(total(out, 'total')).toBe(t.total);
        expect(t.subtotal - t.discountTotal).toBe(t.net);
        expect(t.net + t.taxTotal).toBe(t.total);
      }),
    );
  });

  it('no discount changes nothing: net is gross', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        const r = price({ lines: ls.map((l) => ({ ...l, discountPercent: 0 })), discountPercent: 0 });
        for (const l of r.lines) expect(l.net).toBe(l.gross);
        expect(r.totals.discountTotal).toBe(0);
        expect(r.totals.net).toBe(r.totals.subtotal);
      }),
    );
  });

  it('nothing is ever negative, and no discount exceeds what it is taken from', () => {
    fc.assert(
      fc.property(lines, overall, (ls, d) => {
        const r = price({ lines: ls, discountPercent: d });
        for (const l of r.lines) for (const v of Object.values(l)) expect(v).toBeGreaterThanOrEqual(0);
        for (const v of Object.values(r.totals)) expect(v).toBeGreaterThanOrEqual(0);
        expect(r.totals.averageDiscountPercent).toBeLessThanOrEqual(100);
      }),
    );
  });

  it("the lines' order does not change the totals", () => {
    fc.assert(
      fc.property(
        lines.chain((ls) => fc.tuple(fc.constant(ls), fc.shuffledSubarray(ls, { minLength: ls.length }))),
        overall,
        ([ls, shuffled], d) => {
          expect(price({ lines: shuffled, discountPercent: d }).totals).toEqual(
            price({ lines: ls, discountPercent: d }).totals,
          );
        },
      ),
    );
  });

  it('a 100 % discount, overall or on every line, leaves nothing to pay', () => {
    fc.assert(
      fc.property(lines, (ls) => {
        for (const r of [
          price({ lines: ls, discountPercent: 100 }),
          price({ lines: ls.map((l) => ({ ...l, discountPercent: 100 })) }),
        ]) {
          expect(r.totals).toMatchObject({ net: 0, taxTotal: 0, total: 0 });
          expect(r.totals.discountTotal).toBe(r.totals.subtotal);
        }
      }),
    );
  });

  it('the overall discount is the rounded percentage of the lines after their own discounts', () => {
    fc.assert(
      fc.property(lines, overall, (ls, d) => {
        const r = price({ lines: ls, discountPercent: d });
        const base = r.totals.subtotal - r.totals.lineDiscounts;
        expect(Math.abs(r.totals.overallDiscount - (base * d) / 100)).toBeLessThanOrEqual(0.5 + 1e-6 * base);
      }),
    );
  });
});
