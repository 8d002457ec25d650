// The company currency and the exchange rates into it (decision 023): the forecast and the sales
// reports sum amounts of several currencies as one. A rate says how much of the company currency
// one unit of another is worth, in major units (1 USD = 0.92 EUR); amounts stay in minor units.
import type { ExchangeRates, ExchangeRatesInput } from '@kith/common/api/forecasts';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { invalid } from '../../platform/errors.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { isKnownCurrency } from '../../platform/registry/fields.ts';

/** Until an admin says otherwise. */
export const defaultCompanyCurrency = 'EUR';

export async function readExchangeRates(db: Queryable): Promise<ExchangeRates> {
  const [setting] = await db.query<{ value: string }>(
    sql`SELECT value #>> '{}' AS value FROM organisation_settings WHERE key = 'companyCurrency'`,
  );
  const rows = await db.query<{ currency: string; rate: string; updated_at: Date }>(
    sql`SELECT currency, rate::text AS rate, updated_at FROM exchange_rates ORDER BY currency`,
  );
  return {
    companyCurrency: setting?.value ?? defaultCompanyCurrency,
    rates: rows.map((r) => ({
      currency: r.currency,
      rate: Number(r.rate),
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

/** Replaces the company currency and every rate at once (admins only), audited as one change. */
export async function writeExchangeRates(ctx: Ctx, input: ExchangeRatesInput): Promise<ExchangeRates> {
  assertAdmin(ctx.principal);
  const problem = (path: string, msg: string) => invalid(`${path}: ${msg}`, { [path]: msg });
  if (!isKnownCurrency(input.companyCurrency)) throw problem('companyCurrency', 'is not an ISO 4217 currency');
  const seen = new Set<string>();
  input.rates.forEach((r, i) => {
    if (!isKnownCurrency(r.currency)) throw problem(`rates.${i}.currency`, 'is not an ISO 4217 currency');
    if (r.currency === input.companyCurrency)
      throw problem(`rates.${i}.currency`, 'is the company currency (its rate is 1)');
    if (seen.has(r.currency)) throw problem(`rates.${i}.currency`, 'is given twice');
    seen.add(r.currency);
  });
  return ctx.db.transaction(async (tx) => {
    const before = await readExchangeRates(tx);
    const now = ctx.now();
    await tx.query(sql`INSERT INTO organisation_settings (key, value, updated_at)
      VALUES ('companyCurrency', ${JSON.stringify(input.companyCurrency)}::jsonb, ${now})
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
    await tx.query(sql`DELETE FROM exchange_rates`);
    for (const r of input.rates) {
      // A rate that did not change keeps its date: "updated" says how fresh the figure is.
      const old = before.rates.find((b) => b.currency === r.currency && b.rate === r.rate);
      await tx.query(sql`INSERT INTO exchange_rates (currency, rate, updated_at)
        VALUES (${r.currency}, ${String(r.rate)}::numeric, ${old ? new Date(old.updatedAt) : now})`);
    }
    const after = await readExchangeRates(tx);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'update',
        objectType: 'exchange_rates',
        changes: {
          companyCurrency: { before: before.companyCurrency, after: after.companyCurrency },
          rates: { before: before.rates, after: after.rates },
        },
      },
    );
    return after;
  });
}

const digitsCache = new Map<string, number>();

/** Minor units per major unit of a currency: 2 for EUR, 0 for JPY, 3 for KWD. */
function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, d);
  }
  return d;
}

export interface Converter {
  currency: string;
  /** Minor units of `currency` in minor units of the company currency; null without a rate. */
  convert(amount: number, currency: string): number | null;
  /** Sums per-currency amounts in the company currency, noting the currencies it could not convert. */
  sum(amounts: ReadonlyArray<{ amount: number; currency: string }> | null | undefined): number;
  missing: Set<string>;
}

export function converterFor(rates: ExchangeRates): Converter {
  const rateOf = new Map(rates.rates.map((r) => [r.currency, r.rate]));
  const to = rates.companyCurrency;
  const missing = new Set<string>();
  const convert = (amount: number, currency: string) => {
    if (currency === to) return amount;
    const rate = rateOf.get(currency);
    if (rate === undefined) return null;
    return Math.round(amount * rate * 10 ** (minorDigits(to) - minorDigits(currency)));
  };
  return {
    currency: to,
    missing,
    convert,
    sum(amounts) {
      let total = 0;
      for (const a of amounts ?? []) {
        const v = convert(a.amount, a.currency);
        if (v === null) missing.add(a.currency);
        else total += v;
      }
      return total;
    },
  };
}
