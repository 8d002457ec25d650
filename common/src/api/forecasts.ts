// Quotas beyond the /api/v1/quotas record routes: the year's grid of reps × periods the Quotas
// settings page edits, and setting one period's targets for several reps at once.
import { z } from 'zod';
import { apiRecord } from './records.ts';
import { uuid } from './shared.ts';

export const periodKind = z.enum(['month', 'quarter'], { error: 'must be month or quarter' });
export type PeriodKind = z.infer<typeof periodKind>;

const money = z.strictObject({
  amount: z.number().int('must be whole minor units (cents)').min(0, 'must not be negative').max(9e15),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR'),
});

export const quotaGridQuery = z.strictObject({
  year: z.coerce.number().int('must be a year').min(1900, 'must be a year').max(9999, 'must be a year'),
  kind: periodKind.default('month'),
});
export type QuotaGridQuery = z.input<typeof quotaGridQuery>;

export const quotaGrid = z.object({
  /** The fiscal year (named by the calendar year it starts in) and its first month. */
  year: z.number(),
  fiscalYearStartMonth: z.number(),
  kind: periodKind,
  /** The year's months or quarters, in order: `2026-07` or `2026-Q3`, and their first day. */
  periods: z.array(z.object({ period: z.string(), start: z.string() })),
  /** The people whose quotas the reader may see, by name (at most 500). */
  reps: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The quotas set, one per rep and period. */
  cells: z.array(
    z.object({
      quotaId: z.string(),
      userId: z.string(),
      period: z.string(),
      amount: z.object({ amount: z.number(), currency: z.string() }),
    }),
  ),
});
export type QuotaGrid = z.infer<typeof quotaGrid>;

export const setQuotasParams = z.strictObject({
  period: z.string().max(20).describe('A month (2026-07) or a quarter (2026-Q3)'),
});

export const setQuotasInput = z.strictObject({
  targets: z
    .array(z.strictObject({ userId: uuid, amount: money.nullable().describe('Null removes the quota') }))
    .min(1, 'name at least one rep')
    .max(500, 'at most 500 reps at once'),
});
export type SetQuotasInput = z.input<typeof setQuotasInput>;

/** The period's quotas of the reps named, after the change (removed ones left out). */
export const setQuotasResult = z.object({ data: z.array(apiRecord) });
export type SetQuotasResult = z.infer<typeof setQuotasResult>;
