// The commission of a rep's won deals in one period (decision 029): a percentage of each deal's won
// amount, tiered by the rep's attainment of quota, marginal per band ("tiered" as Salesforce and
// Xactly call it: the part of the period's won amount that falls in a band earns that band's rate,
// not the whole amount the rate of the band it ends in), and a plan's rates per product category
// replacing the tier rate for the part of a deal made of lines of that category. Pure: amounts in,
// integer minor units of one currency out; the service reads and converts, this only counts.

export interface Tier {
  /** Attainment (won ÷ quota, in %) where the band starts; the first starts at 0. */
  fromPercent: number;
  /** Where it ends (the next band's start); null: no end (the last band). */
  toPercent: number | null;
  /** What the part of won amount in the band earns, in % (up to 4 decimals). */
  ratePercent: number;
}

export interface DealAmount {
  dealId: string;
  /** Won amount, minor units of the company currency, ≥ 0. */
  amount: number;
  /** The net of its product lines per category (same units); lines of no category are left out. */
  categories?: ReadonlyArray<{ categoryId: string; amount: number }>;
}

export interface PlanRules {
  tiers: readonly Tier[];
  /** Category → rate in %, replacing the tier rate for that category's lines. */
  categoryRates: ReadonlyMap<string, number>;
}

/** One piece of a deal's amount and the rate it earned. */
export type CommissionPart =
  | { kind: 'band'; band: number; fromPercent: number; toPercent: number | null; amount: number; ratePercent: number }
  | { kind: 'category'; categoryId: string; amount: number; ratePercent: number };

export interface DealCommission {
  dealId: string;
  amount: number;
  /** Rounded half up to a whole minor unit, once per deal. */
  commission: number;
  parts: CommissionPart[];
}

export interface CommissionResult {
  won: number;
  quota: number | null;
  /** won ÷ quota (1 = 100 %); null without a quota. */
  attainment: number | null;
  /** The sum of the deals' rounded commissions: the statement adds up to its lines exactly. */
  commission: number;
  deals: DealCommission[];
}

/** Rates carry at most 4 decimals: scaled by 10⁴ they are integers and the maths stays exact. */
const rateScale = 10_000n;
const scaled = (ratePercent: number) => BigInt(Math.round(ratePercent * 10_000));

/** n ÷ d rounded half up (n, d ≥ 0, d > 0). */
const divRound = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

/**
 * The tiers' problems, each with the path of the field at fault (`tiers.1.fromPercent`): the first
 * band starts at 0, each starts where the previous ends (no gap, no overlap), only the last has no
 * end and it must have none, ends lie above starts, rates are 0–100 %. Empty: a valid ladder.
 */
export function tierProblems(tiers: readonly Tier[]): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (!tiers.length) return [{ path: 'tiers', message: 'needs at least one band' }];
  tiers.forEach((t, i) => {
    if (!(t.ratePercent >= 0)) out.push({ path: `tiers.${i}.ratePercent`, message: 'must not be negative' });
    else if (t.ratePercent > 100) out.push({ path: `tiers.${i}.ratePercent`, message: 'must be 100 % or less' });
    if (!(t.fromPercent >= 0)) out.push({ path: `tiers.${i}.fromPercent`, message: 'must not be negative' });
    if (t.toPercent !== null && !(t.toPercent > t.fromPercent))
      out.push({ path: `tiers.${i}.toPercent`, message: 'must be above the band’s start' });
    if (i === 0 && t.fromPercent !== 0)
      out.push({ path: `tiers.0.fromPercent`, message: 'the first band starts at 0' });
    if (i > 0) {
      const prev = tiers[i - 1];
      if (prev.toPercent === null)
        out.push({ path: `tiers.${i - 1}.toPercent`, message: 'only the last band may be open-ended' });
      else if (t.fromPercent < prev.toPercent)
        out.push({
          path: `tiers.${i}.fromPercent`,
          message: `overlaps the band before (it ends at ${prev.toPercent} %)`,
        });
      else if (t.fromPercent > prev.toPercent)
        out.push({ path: `tiers.${i}.fromPercent`, message: `leaves a gap after ${prev.toPercent} %` });
    }
  });
  const last = tiers[tiers.length - 1];
  if (last.toPercent !== null)
    out.push({ path: `tiers.${tiers.length - 1}.toPercent`, message: 'the last band has no end (leave it empty)' });
  return out;
}

/**
 * Each deal's category parts, scaled down (largest remainder) when its lines add up to more than
 * its amount, so that no deal earns on more than it is worth. Categories without a plan rate stay
 * with the tiers.
 */
function categoryParts(deal: DealAmount, rates: ReadonlyMap<string, number>) {
  const parts = (deal.categories ?? []).filter((c) => rates.has(c.categoryId) && c.amount > 0);
  const sum = parts.reduce((s, c) => s + c.amount, 0);
  const amounts =
    sum <= deal.amount
      ? parts.map((c) => c.amount)
      : spread(
          deal.amount,
          parts.map((c) => c.amount),
        );
  return parts.map((c, i) => ({ categoryId: c.categoryId, amount: amounts[i] })).filter((c) => c.amount > 0);
}

/** `total` split in proportion to `weights`, in whole units that add up to it (largest remainder). */
export function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (!sum) return weights.map(() => 0);
  const t = BigInt(total);
  const s = BigInt(sum);
  const out = weights.map((w) => Number((t * BigInt(w)) / s));
  let left = total - out.reduce((a, v) => a + v, 0);
  const order = weights
    .map((w, i) => ({ i, r: (t * BigInt(w)) % s }))
    .sort((x, y) => (y.r > x.r ? 1 : y.r < x.r ? -1 : x.i - y.i));
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] += 1;
    left -= 1;
  }
  return out;
}

/**
 * The commission of `deals` (in the order they were won: earlier deals fill the lower bands) for a
 * rep with `quota` (minor units, same currency; null or 0: none). Without a quota there is no
 * attainment, and every amount earns the first band's rate.
 */
export function computeCommission(
  deals: readonly DealAmount[],
  quota: number | null,
  rules: PlanRules,
): CommissionResult {
  const tiers = rules.tiers;
  const hasQuota = quota !== null && quota > 0;
  // Band edges in minor units, rounded once; they tile [0, ∞) so a deal's band parts sum to it.
  const edges = hasQuota ? tiers.map((t) => Math.round((quota * t.fromPercent) / 100)) : [0];
  const bandTiers = hasQuota ? tiers : tiers.slice(0, 1);
  let cumulative = 0;
  let won = 0;
  let total = 0;
  const out: DealCommission[] = [];
  for (const deal of deals) {
    const a = deal.amount;
    const cats = categoryParts(deal, rules.categoryRates);
    const base = a - cats.reduce((s, c) => s + c.amount, 0);
    // Where the whole deal sits in the bands (it fills them, earlier deals first); the part of it
    // left to the tiers is spread over those bands in proportion, in whole minor units.
    const spans: Array<{ b: number; part: number }> = [];
    for (let b = 0; b < bandTiers.length; b++) {
      const lo = edges[b];
      const hi = b + 1 < bandTiers.length ? edges[b + 1] : Number.POSITIVE_INFINITY;
      const part = Math.max(0, Math.min(cumulative + a, hi) - Math.max(cumulative, lo));
      if (part > 0) spans.push({ b, part });
    }
    const baseParts = spread(
      base,
      spans.map((s) => s.part),
    );
    const parts: CommissionPart[] = [];
    let numerator = 0n; // over 100 × 10⁴
    spans.forEach((s, i) => {
      const t = bandTiers[s.b];
      if (!baseParts[i]) return;
      parts.push({
        kind: 'band',
        band: s.b,
        fromPercent: t.fromPercent,
        toPercent: t.toPercent,
        amount: baseParts[i],
        ratePercent: t.ratePercent,
      });
      numerator += BigInt(baseParts[i]) * scaled(t.ratePercent);
    });
    for (const c of cats) {
      const rate = rules.categoryRates.get(c.categoryId) ?? 0;
      parts.push({ kind: 'category', categoryId: c.categoryId, amount: c.amount, ratePercent: rate });
      numerator += BigInt(c.amount) * scaled(rate);
    }
    const commission = Number(divRound(numerator, 100n * rateScale));
    out.push({ dealId: deal.dealId, amount: a, commission, parts });
    cumulative += a;
    won += a;
    total += commission;
  }
  return {
    won,
    quota: hasQuota ? quota : null,
    attainment: hasQuota ? won / quota : null,
    commission: total,
    deals: out,
  };
}
