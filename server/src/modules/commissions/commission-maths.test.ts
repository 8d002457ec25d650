// The commission maths by worked examples and by properties: marginal bands (each part of the won
// amount earns its band's rate), category rates only on those lines, parts that add up exactly,
// rounding to whole minor units once per deal, and more attainment never earning less.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeCommission, type DealAmount, type Tier, tierProblems } from './commission-maths.ts';

const ladder: Tier[] = [
  { fromPercent: 0, toPercent: 100, ratePercent: 5 },
  { fromPercent: 100, toPercent: 120, ratePercent: 8 },
  { fromPercent: 120, toPercent: null, ratePercent: 12 },
];
const rules = (categoryRates: Record<string, number> = {}, tiers = ladder) => ({
  tiers,
  categoryRates: new Map(Object.entries(categoryRates)),
});

describe('worked examples', () => {
  it('pays each band its own rate on the part of won amount inside it', () => {
    // Quota 100,000.00; won 130,000.00 in two deals: 100k at 5 %, 20k at 8 %, 10k at 12 %.
    const r = computeCommission(
      [
        { dealId: 'a', amount: 80_000_00 },
        { dealId: 'b', amount: 50_000_00 },
      ],
      100_000_00,
      rules(),
    );
    expect(r.attainment).toBeCloseTo(1.3);
    expect(r.deals[0]).toMatchObject({ commission: 4_000_00 });
    // Deal b: 20k at 5 % (1,000) + 20k at 8 % (1,600) + 10k at 12 % (1,200).
    expect(r.deals[1].commission).toBe(3_800_00);
    expect(r.deals[1].parts.map((p) => [p.amount, p.ratePercent])).toEqual([
      [20_000_00, 5],
      [20_000_00, 8],
      [10_000_00, 12],
    ]);
    expect(r.commission).toBe(7_800_00);
  });

  it('gives category lines their own rate and the rest of the deal the bands', () => {
    // A 10,000.00 deal of which 4,000.00 are services at 2 %; quota far above: band 5 %.
    const r = computeCommission(
      [{ dealId: 'a', amount: 10_000_00, categories: [{ categoryId: 'services', amount: 4_000_00 }] }],
      1_000_000_00,
      rules({ services: 2 }),
    );
    // 6,000 × 5 % + 4,000 × 2 % = 300 + 80.
    expect(r.commission).toBe(380_00);
  });

  it('without a quota pays the first band’s rate and reports no attainment', () => {
    const r = computeCommission([{ dealId: 'a', amount: 1_000_00 }], null, rules());
    expect(r).toMatchObject({ attainment: null, quota: null, commission: 50_00 });
  });

  it('rounds half up once per deal', () => {
    // 0.10 at 5 % = 0.5 minor units → 1; 0.09 at 5 % = 0.45 → 0.
    const r = computeCommission(
      [
        { dealId: 'a', amount: 10 },
        { dealId: 'b', amount: 9 },
      ],
      null,
      rules(),
    );
    expect(r.deals.map((d) => d.commission)).toEqual([1, 0]);
  });

  it('names what is wrong with a ladder', () => {
    expect(tierProblems(ladder)).toEqual([]);
    const paths = (t: Tier[]) => tierProblems(t).map((p) => p.path);
    expect(paths([{ fromPercent: 10, toPercent: null, ratePercent: 5 }])).toEqual(['tiers.0.fromPercent']);
    expect(
      paths([
        { fromPercent: 0, toPercent: 100, ratePercent: 5 },
        { fromPercent: 90, toPercent: null, ratePercent: 8 },
      ]),
    ).toEqual(['tiers.1.fromPercent']);
    expect(
      paths([
        { fromPercent: 0, toPercent: 100, ratePercent: 5 },
        { fromPercent: 110, toPercent: null, ratePercent: 8 },
      ]),
    ).toEqual(['tiers.1.fromPercent']);
    expect(paths([{ fromPercent: 0, toPercent: null, ratePercent: -1 }])).toEqual(['tiers.0.ratePercent']);
    expect(paths([{ fromPercent: 0, toPercent: null, ratePercent: 101 }])).toEqual(['tiers.0.ratePercent']);
    expect(paths([{ fromPercent: 0, toPercent: 50, ratePercent: 5 }])).toEqual(['tiers.0.toPercent']);
  });
});

// ——— properties ———

const rate = fc.integer({ min: 0, max: 1_000_000 }).map((n) => n / 10_000); // 0–100 %, 4 decimals
/** A valid ladder: 0 = e0 < e1 < … , rates ascending (so that more attainment never pays less). */
const ascendingLadder = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 4 }),
    fc.array(rate, { minLength: 5, maxLength: 5 }),
  )
  .map(([cuts, rates]) => {
    const edges = [0, ...cuts.sort((a, b) => a - b)];
    const sorted = [...rates].sort((a, b) => a - b);
    return edges.map((from, i) => ({
      fromPercent: from,
      toPercent: i + 1 < edges.length ? edges[i + 1] : null,
      ratePercent: sorted[i],
    }));
  });
const categories = ['hardware', 'services', 'training'];
const deal = fc.record({
  amount: fc.integer({ min: 0, max: 10_000_000_00 }),
  lines: fc.array(
    fc.record({ categoryId: fc.constantFrom(...categories), amount: fc.integer({ min: 0, max: 10_000_000_00 }) }),
    {
      maxLength: 3,
    },
  ),
});
const deals = fc
  .array(deal, { maxLength: 12 })
  .map((ds): DealAmount[] => ds.map((d, i) => ({ dealId: `d${i}`, amount: d.amount, categories: d.lines })));
const quota = fc.option(fc.integer({ min: 1, max: 100_000_000_00 }), { nil: null });
const categoryRates = fc.dictionary(fc.constantFrom(...categories), rate, { maxKeys: 3 });

describe('properties', () => {
  it('band and category parts add up to each deal exactly; the total to its deals', () => {
    fc.assert(
      fc.property(deals, quota, ascendingLadder, categoryRates, (ds, q, tiers, cr) => {
        const r = computeCommission(ds, q, rules(cr, tiers));
        for (const d of r.deals) expect(d.parts.reduce((s, p) => s + p.amount, 0)).toBe(d.amount);
        expect(r.commission).toBe(r.deals.reduce((s, d) => s + d.commission, 0));
        expect(r.won).toBe(ds.reduce((s, d) => s + d.amount, 0));
      }),
    );
  });

  it('rounds each deal to within half a minor unit of its exact commission', () => {
    fc.assert(
      fc.property(deals, quota, ascendingLadder, categoryRates, (ds, q, tiers, cr) => {
        const r = computeCommission(ds, q, rules(cr, tiers));
        for (const d of r.deals) {
          const exact = d.parts.reduce((s, p) => s + p.amount * (p.ratePercent / 100), 0);
          expect(Math.abs(d.commission - exact)).toBeLessThanOrEqual(0.5 + exact * 1e-9);
        }
      }),
    );
  });

  it('never pays less for more attainment (a smaller quota, the same deals)', () => {
    fc.assert(
      fc.property(
        deals,
        fc.integer({ min: 1, max: 100_000_000_00 }),
        fc.integer({ min: 0, max: 100_000_000_00 }),
        ascendingLadder,
        categoryRates,
        (ds, q, less, tiers, cr) => {
          const lower = Math.max(1, q - less);
          const high = computeCommission(ds, q, rules(cr, tiers)).commission;
          const low = computeCommission(ds, lower, rules(cr, tiers)).commission;
          // Rounding (a deal's parts to whole units, its commission once) may move each deal by a unit or two.
          expect(low).toBeGreaterThanOrEqual(high - 2 * ds.length);
        },
      ),
    );
  });

  it('a category rate changes only the deals with lines of that category', () => {
    fc.assert(
      fc.property(deals, quota, ascendingLadder, rate, rate, (ds, q, tiers, r1, r2) => {
        const a = computeCommission(ds, q, rules({ services: r1 }, tiers));
        const b = computeCommission(ds, q, rules({ services: r2 }, tiers));
        ds.forEach((d, i) => {
          const has = (d.categories ?? []).some((c) => c.categoryId === 'services' && c.amount > 0) && d.amount > 0;
          if (!has) expect(b.deals[i].commission).toBe(a.deals[i].commission);
        });
      }),
    );
  });

  it('with no category rates and one band, pays that rate on everything', () => {
    fc.assert(
      fc.property(deals, quota, rate, (ds, q, r) => {
        const res = computeCommission(ds, q, rules({}, [{ fromPercent: 0, toPercent: null, ratePercent: r }]));
        res.deals.forEach((d) => {
          expect(Math.abs(d.commission - (d.amount * r) / 100)).toBeLessThanOrEqual(0.5 + 1e-6 * d.amount);
        });
      }),
    );
  });
});
