// The company currency and the exchange rates into it (decisions 023 and 026): the forecast and
// the sales reports sum amounts of several currencies as one. A rate says how much of the company
// currency one unit of another is worth, in major units (1 USD = 0.92 EUR); amounts stay in minor
// units. Rates are dated: each is in force from its effective date (or from the beginning, when it
// has none) until the currency's next one.

import {
  type ExchangeRate,
  type ExchangeRateInput,
  type ExchangeRates,
  type ExchangeRatesInput,
  rateOn,
} from '@kith/common/api/forecasts';
import { minorDigits } from '@kith/common/money';
import { DateTime } from 'luxon';
import { uuidv7 } from 'uuidv7';
import type { Queryable } from '../../db/database.ts';
import { sql } from '../../db/sql.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { assertAdmin } from '../../platform/permissions.ts';
import { isKnownCurrency } from '../../platform/registry/fields.ts';

/** Until an admin says otherwise. */
export const defaultCompanyCurrency = 'EUR';

export async function readExchangeRates(db: Queryable): Promise<ExchangeRates> {
  const [setting] = await db.query<{ value: string }>(
    sql`SELECT value #>> '{}' AS value FROM organisation_settings WHERE key = 'companyCurrency'`,
  );
  const rows = await db.query<{ id: string; currency: string; rate: string; since: string; updated_at: Date }>(
    sql`SELECT id, currency, rate::text AS rate, effective_from::text AS since, updated_at
        FROM exchange_rates ORDER BY currency, effective_from`,
  );
  return {
    companyCurrency: setting?.value ?? defaultCompanyCurrency,
    rates: rows.map((r) => ({
      id: r.id,
      currency: r.currency,
      rate: Number(r.rate),
      effectiveFrom: r.since === '-infinity' ? null : r.since,
      updatedAt: new Date(r.updated_at).toISOString(),
    })),
  };
}

const problem = (path: string, msg: string) => invalid(`${path}: ${msg}`, { [path]: msg });
/** An undated rate is stored as in force from '-infinity'. */
const since = (effectiveFrom: string | null | undefined) => effectiveFrom ?? '-infinity';
const when = (effectiveFrom: string | null | undefined) => (effectiveFrom ? `from ${effectiveFrom}` : 'undated');

function checkCurrency(path: string, currency: string, companyCurrency: string) {
  if (!isKnownCurrency(currency)) throw problem(path, 'is not an ISO 4217 currency');
  if (currency === companyCurrency) throw problem(path, 'is the company currency (its rate is 1)');
}

/**
 * Replaces the company currency and every rate at once (admins only), audited as one change. A
 * rate whose currency, date and value stay keeps its id and its "updated" time.
 */
export async function writeExchangeRates(ctx: Ctx, input: ExchangeRatesInput): Promise<ExchangeRates> {
  assertAdmin(ctx.principal);
  if (!isKnownCurrency(input.companyCurrency)) throw problem('companyCurrency', 'is not an ISO 4217 currency');
  const seen = new Set<string>();
  input.rates.forEach((r, i) => {
    checkCurrency(`rates.${i}.currency`, r.currency, input.companyCurrency);
    const key = `${r.currency} ${since(r.effectiveFrom)}`;
    if (seen.has(key))
      throw problem(
        r.effectiveFrom ? `rates.${i}.effectiveFrom` : `rates.${i}.currency`,
        `${r.currency} has two rates ${when(r.effectiveFrom)}`,
      );
    seen.add(key);
  });
  return ctx.db.transaction(async (tx) => {
    const before = await readExchangeRates(tx);
    const now = ctx.now();
    await tx.query(sql`INSERT INTO organisation_settings (key, value, updated_at)
      VALUES ('companyCurrency', ${JSON.stringify(input.companyCurrency)}::jsonb, ${now})
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`);
    await tx.query(sql`DELETE FROM exchange_rates`);
    for (const r of input.rates) {
      const old = before.rates.find(
        (b) => b.currency === r.currency && b.effectiveFrom === (r.effectiveFrom ?? null) && b.rate === r.rate,
      );
      await tx.query(sql`INSERT INTO exchange_rates (id, currency, rate, effective_from, updated_at)
        VALUES (${old?.id ?? uuidv7()}::uuid, ${r.currency}, ${String(r.rate)}::numeric,
                ${since(r.effectiveFrom)}::date, ${old ? new Date(old.updatedAt) : now})`);
    }
    const after = await readExchangeRates(tx);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'update',
        objectType: 'exchange_rates',
        changes: {
          companyCurrency: { before: before.companyCurrency, after: after.companyCurrency },
          rates: { before: before.rates.map(audited), after: after.rates.map(audited) },
        },
      },
    );
    return after;
  });
}

const audited = (r: ExchangeRate) => ({ currency: r.currency, rate: r.rate, effectiveFrom: r.effectiveFrom });

/** Adds one dated rate (admins only): a second rate of a currency for the same day is a 409. */
export async function addExchangeRate(ctx: Ctx, input: ExchangeRateInput): Promise<ExchangeRates> {
  assertAdmin(ctx.principal);
  const effectiveFrom = input.effectiveFrom ?? null;
  return ctx.db.transaction(async (tx) => {
    const before = await readExchangeRates(tx);
    checkCurrency('currency', input.currency, before.companyCurrency);
    const same = before.rates.find((r) => r.currency === input.currency && r.effectiveFrom === effectiveFrom);
    if (same) {
      const msg = `${input.currency} already has a rate ${when(effectiveFrom)} (${same.rate}); remove it first`;
      throw conflict(`effectiveFrom: ${msg}`, { fields: { effectiveFrom: msg }, id: same.id });
    }
    const id = uuidv7();
    await tx.query(sql`INSERT INTO exchange_rates (id, currency, rate, effective_from, updated_at)
      VALUES (${id}::uuid, ${input.currency}, ${String(input.rate)}::numeric, ${since(effectiveFrom)}::date, ${ctx.now()})`);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'create',
        objectType: 'exchange_rates',
        recordId: id,
        changes: { currency: input.currency, rate: input.rate, effectiveFrom },
      },
    );
    return readExchangeRates(tx);
  });
}

/** Removes one rate (admins only); the currency's previous rate is then in force in its place. */
export async function deleteExchangeRate(ctx: Ctx, id: string): Promise<ExchangeRates> {
  assertAdmin(ctx.principal);
  return ctx.db.transaction(async (tx) => {
    const [gone] = await tx.query<{ currency: string; rate: string; since: string }>(
      sql`DELETE FROM exchange_rates WHERE id = ${id}::uuid
          RETURNING currency, rate::text AS rate, effective_from::text AS since`,
    );
    if (!gone) throw notFound('Exchange rate');
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: 'delete',
        objectType: 'exchange_rates',
        recordId: id,
        changes: {
          currency: gone.currency,
          rate: Number(gone.rate),
          effectiveFrom: gone.since === '-infinity' ? null : gone.since,
        },
      },
    );
    return readExchangeRates(tx);
  });
}

type Amounts = ReadonlyArray<{ amount: number; currency: string }> | null | undefined;

export interface Converter {
  currency: string;
  /** The day "today" is, in the converter's time zone: the day open amounts are converted on. */
  today: string;
  /**
   * Minor units of `currency` in minor units of the company currency at the rate in force on
   * `day` (YYYY-MM-DD; today when not given); null without a rate then.
   */
  convert(amount: number, currency: string, day?: string): number | null;
  /** Sums per-currency amounts in the company currency, noting the currencies it could not convert. */
  sum(amounts: Amounts, day?: string): number;
  /**
   * Where the rates change, in time: each day some rate takes effect, as the instant that day begins
   * in the converter's time zone (sorted). Between two of them every rate is constant, so an amount
   * summed between them converts exactly; `dayOf` gives the day a piece starts on.
   */
  breaks: string[];
  /** The day the piece of time starting at a break begins; before every break: a day before all rates. */
  dayOf(breakAt: string | null): string;
  missing: Set<string>;
}

/** Before every dated rate: only the undated ones are in force. */
const beginning = '0001-01-01';

/**
 * Converts with the rate in force on a day. `timeZone` says when a rate's day begins (the
 * forecast's zone, as its period edges do); `now` which day is today.
 */
export function converterFor(rates: ExchangeRates, opts: { now: Date; timeZone: string }): Converter {
  const to = rates.companyCurrency;
  const zone = opts.timeZone;
  const today = DateTime.fromJSDate(opts.now, { zone }).toISODate() as string;
  const days = [...new Set(rates.rates.map((r) => r.effectiveFrom).filter((d): d is string => d !== null))].sort();
  const breaks = days.map((d) => DateTime.fromISO(d, { zone }).toUTC().toISO() as string);
  const dayAt = new Map(breaks.map((b, i) => [b, days[i]]));
  const cache = new Map<string, number | undefined>();
  const rateFor = (currency: string, day: string) => {
    const key = `${currency} ${day}`;
    if (!cache.has(key)) cache.set(key, rateOn(rates.rates, currency, day));
    return cache.get(key);
  };
  const missing = new Set<string>();
  const convert = (amount: number, currency: string, day = today) => {
    if (currency === to) return amount;
    const rate = rateFor(currency, day);
    if (rate === undefined) return null;
    return Math.round(amount * rate * 10 ** (minorDigits(to) - minorDigits(currency)));
  };
  return {
    currency: to,
    today,
    missing,
    convert,
    breaks,
    dayOf: (b) => (b === null ? beginning : (dayAt.get(b) ?? beginning)),
    sum(amounts, day) {
      let total = 0;
      for (const a of amounts ?? []) {
        const v = convert(a.amount, a.currency, day);
        if (v === null) missing.add(a.currency);
        else total += v;
      }
      return total;
    },
  };
}
