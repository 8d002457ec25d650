// Commissions' contracts beyond the registry's /api/v1/commission-plans routes (decision 029): a
// plan's tiers replaced at once, the statements per rep and period with the lines that say what
// each won deal earned, and their recalculation. Money in minor units of the company currency.
import { z } from 'zod';
import { uuid } from './shared.ts';

const percent = z.number().finite('must be a number');

export const tierInput = z.strictObject({
  fromPercent: percent.describe('Attainment (won ÷ quota, %) where the band starts; the first starts at 0'),
  toPercent: percent.nullable().describe('Where it ends (the next band starts there); null for the last band'),
  ratePercent: percent.describe('What won amount inside the band earns, in % (0–100, up to 4 decimals)'),
});
export type TierInput = z.infer<typeof tierInput>;

export const setTiersParams = z.strictObject({ id: uuid });
export const setTiersInput = z.strictObject({
  tiers: z.array(tierInput).max(20, 'at most 20 bands'),
});
export type SetTiersInput = z.input<typeof setTiersInput>;
export const tiersResult = z.object({ data: z.array(tierInput.extend({ id: z.string() })) });
export type TiersResult = z.infer<typeof tiersResult>;

export const statementStatus = z.enum(['open', 'final']);

export const statementQuery = z.strictObject({
  userId: uuid.optional().describe('The rep (default: every rep you may see; a rep sees only their own)'),
  period: z.string().max(20).optional().describe('A month (2026-07) or a fiscal quarter (2026-Q3)'),
  teamId: uuid.optional().describe("Only the statements of this team's members"),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type StatementQuery = z.input<typeof statementQuery>;

export const statementSummary = z.object({
  id: z.string(),
  user: z.object({ id: z.string(), name: z.string() }),
  /** `2026-07` or `2026-Q3`, its kind and first day. */
  period: z.string(),
  periodKind: z.enum(['month', 'quarter']),
  periodStart: z.string(),
  plan: z.object({ id: z.string(), name: z.string() }).nullable(),
  currency: z.string(),
  won: z.number(),
  dealCount: z.number(),
  /** The quota in force (company currency, at the rate on the period's first day); null: none. */
  quota: z.number().nullable(),
  /** won ÷ quota (1 = 100 %); null without a quota. */
  attainment: z.number().nullable(),
  commission: z.number(),
  status: statementStatus,
  /** Currencies without an exchange rate on a deal's close day: those deals are left out. */
  missingRates: z.array(z.string()),
  calculatedAt: z.string(),
});
export type StatementSummary = z.infer<typeof statementSummary>;

export const statementList = z.object({ data: z.array(statementSummary) });
export type StatementList = z.infer<typeof statementList>;

export const commissionPart = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('band'),
    band: z.number(),
    fromPercent: z.number(),
    toPercent: z.number().nullable(),
    amount: z.number(),
    ratePercent: z.number(),
  }),
  z.object({ kind: z.literal('category'), categoryId: z.string(), amount: z.number(), ratePercent: z.number() }),
]);
export type CommissionPartJson = z.infer<typeof commissionPart>;

export const statementLine = z.object({
  dealId: z.string(),
  dealName: z.string(),
  closedAt: z.string(),
  /** The deal's own amount and currency. */
  amount: z.object({ amount: z.number(), currency: z.string().nullable() }),
  /** What it counts for, in the company currency. */
  won: z.number(),
  commission: z.number(),
  /** commission ÷ won, in % (what the deal earned on average). */
  ratePercent: z.number().nullable(),
  parts: z.array(commissionPart),
});
export type StatementLine = z.infer<typeof statementLine>;

export const statementDetail = statementSummary.extend({
  /** The plan's tiers when it was calculated (for the attainment chart). */
  tiers: z.array(tierInput),
  lines: z.array(statementLine),
});
export type StatementDetail = z.infer<typeof statementDetail>;

export const statementParams = z.strictObject({ id: uuid });

export const recalculateInput = z.strictObject({
  userId: uuid.optional().describe('One rep (default: every member of an active plan in the period)'),
  period: z.string().max(20).describe('A month (2026-07) or a fiscal quarter (2026-Q3)'),
});
export type RecalculateInput = z.input<typeof recalculateInput>;
export const recalculateResult = z.object({ data: z.array(statementSummary) });
