// Forecasting's contracts beyond the /api/v1/quotas record routes: the year's grid of reps × periods
// the Quotas settings page edits, setting one period's targets for several reps at once, the
// forecast of a period (GET /api/v1/forecasts) and the exchange rates it converts with.
import { z } from 'zod';
import { isTimeZone } from './profile.ts';
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

// ---- The forecast: GET /api/v1/forecasts ----

export const forecastGroupings = ['rep', 'team', 'territory'] as const;
export type ForecastGrouping = (typeof forecastGroupings)[number];

export const forecastQuery = z.strictObject({
  period: z.string().max(20).describe('A month (2026-07) or a fiscal quarter (2026-Q3)'),
  groupBy: z
    .enum(forecastGroupings, { error: `must be one of ${forecastGroupings.join(', ')}` })
    .default('rep')
    .describe("Per rep (the deal's owner), per team of the owner, or per territory"),
  teamId: uuid.optional().describe("Only deals owned by this team's members"),
  territoryId: uuid.optional().describe('Only deals in this territory'),
  timeZone: z
    .string()
    .max(100)
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional()
    .describe("The zone the period's days are counted in (default: yours)"),
});
export type ForecastQuery = z.input<typeof forecastQuery>;

const adjustment = z.object({
  id: z.string(),
  /** The adjusted figure, in the company currency. */
  amount: z.number(),
  note: z.string(),
  /** Who set it last (from the audit trail), and when. */
  by: z.object({ id: z.string(), name: z.string() }).nullable(),
  at: z.string(),
});
export type ForecastAdjustmentInfo = z.infer<typeof adjustment>;

/** A group's (or the total's) figures; money in minor units of the company currency. */
const figures = {
  /** Won in the period (by close date): amount and count. */
  won: z.number(),
  wonCount: z.number(),
  /** Open deals expected to close in the period: amount, weighted amount, count. */
  pipeline: z.number(),
  weighted: z.number(),
  openCount: z.number(),
  /** Open deals of the period in the best case and commit forecast categories (each on its own). */
  bestCase: z.number(),
  commit: z.number(),
  /** Commit after managers' adjustments (the adjusted figure replaces a rep's commit). */
  commitAdjusted: z.number(),
  /** The quota and won / quota; null when none is set or the reader may not read quotas. */
  quota: z.number().nullable(),
  attainment: z.number().nullable(),
};

export const forecastGroup = z.object({
  /** The rep's, team's or territory's id; null for deals with no owner / team / territory. */
  key: z.string().nullable(),
  title: z.string().nullable(),
  ...figures,
  /** Reps only: the managers' adjustments of this rep's commit and best case. */
  adjustments: z.object({ commit: adjustment.nullable(), bestCase: adjustment.nullable() }).nullable(),
});
export type ForecastGroup = z.infer<typeof forecastGroup>;

export const projectionMethods = [
  'holtWintersMultiplicative',
  'holtWintersAdditive',
  'holtLinear',
  'mean',
  'none',
] as const;

export const forecastResult = z.object({
  period: z.string(),
  kind: periodKind,
  /** The period's first day and the day after its last, and the instants they begin in timeZone. */
  startDate: z.string(),
  endDate: z.string(),
  start: z.string(),
  end: z.string(),
  timeZone: z.string(),
  /** The company currency every amount is in. */
  currency: z.string(),
  /** Currencies with no exchange rate: their amounts are left out of every figure. */
  missingRates: z.array(z.string()),
  groupBy: z.enum(forecastGroupings),
  groups: z.array(forecastGroup),
  /** More groups than the answer holds (1,000). */
  truncated: z.boolean(),
  total: z.object(figures),
  /** Whether the reader may read quotas and adjustments (their figures are null otherwise). */
  quotasVisible: z.boolean(),
  /** Won revenue per month from history (UTC months) and its projection after the last complete month. */
  projection: z.object({
    method: z.enum(projectionMethods),
    parameters: z.object({ alpha: z.number(), beta: z.number().nullable(), gamma: z.number().nullable() }).nullable(),
    level: z.number(),
    history: z.array(z.object({ month: z.string(), amount: z.number() })),
    points: z.array(
      z.object({ month: z.string(), amount: z.number(), lower: z.number().nullable(), upper: z.number().nullable() }),
    ),
  }),
});
export type ForecastResult = z.infer<typeof forecastResult>;

// ---- Exchange rates: GET/PUT /api/v1/exchange-rates, POST/DELETE /api/v1/exchange-rates/rates ----

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code such as EUR');

/** A real calendar day, YYYY-MM-DD (2026-02-30 is refused). */
const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')
  .refine((d) => {
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
  }, 'must be a real date (YYYY-MM-DD)');

const rateValue = z
  .number()
  .positive('must be more than 0')
  .max(1e9)
  .describe('Company currency per 1 unit of this one');
const effectiveFrom = calendarDay
  .nullable()
  .describe('The day the rate is in force from, until the next rate of the currency; null: from the beginning');

/** One dated rate to add: `from 2026-07-01, 1 USD = 0.92 EUR`. */
export const exchangeRateInput = z.strictObject({
  currency: currencyCode,
  rate: rateValue,
  effectiveFrom: effectiveFrom.default(null),
});
export type ExchangeRateInput = z.input<typeof exchangeRateInput>;

export const exchangeRateParams = z.strictObject({ id: z.uuid('must be an id') });

export const exchangeRatesInput = z.strictObject({
  companyCurrency: currencyCode.describe('The currency reports are in'),
  rates: z
    .array(z.strictObject({ currency: currencyCode, rate: rateValue, effectiveFrom: effectiveFrom.optional() }))
    .max(5000),
});
export type ExchangeRatesInput = z.input<typeof exchangeRatesInput>;

export const exchangeRate = z.object({
  id: z.string(),
  currency: z.string(),
  rate: z.number(),
  /** The first day it is in force (null: from the beginning); it holds until the currency's next rate. */
  effectiveFrom: z.string().nullable(),
  updatedAt: z.string(),
});
export type ExchangeRate = z.infer<typeof exchangeRate>;

export const exchangeRates = z.object({
  companyCurrency: z.string(),
  /** Every rate, by currency and then effective date (the undated one first). */
  rates: z.array(exchangeRate),
});
export type ExchangeRates = z.infer<typeof exchangeRates>;

/**
 * The rate of `currency` in force on `day` (YYYY-MM-DD): the one with the latest effective date on
 * or before it (an undated rate is in force from the beginning); undefined when there is none.
 */
export function rateOn(
  rates: ReadonlyArray<Pick<ExchangeRate, 'currency' | 'rate' | 'effectiveFrom'>>,
  currency: string,
  day: string,
): number | undefined {
  let found: { rate: number; from: string } | undefined;
  for (const r of rates) {
    const from = r.effectiveFrom ?? '';
    if (r.currency === currency && from <= day && (!found || from >= found.from)) found = { rate: r.rate, from };
  }
  return found?.rate;
}
