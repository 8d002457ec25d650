// Two years of the demo team's deals, generated (pure: the same random source gives the same
// deals, ids included). New business in the Sales pipeline grows month on month and follows the
// seasons — a strong Q4, a quiet August, closes bunched before quarter ends — so a Holt-Winters
// projection has something to find; won deals come up for renewal a year later; partners now and
// then. Each deal is a path through its pipeline's stages (its stage history), moments on weekdays
// in the owner's working hours; open deals sit in their stage, some longer than it should rot.
import { atWork } from './demo-activity.ts';
import type { PipelineInfo, PipelineKey, StageInfo } from './demo-sales-setup.ts';
import {
  addOns,
  dealContactRoleWeights,
  lostNotes,
  lostReasonWeights,
  nextSteps,
  partnerDeals,
  plans,
} from './demo-sales-vocabulary.ts';
import { competitors, sourceWeights } from './demo-vocabulary.ts';
import type { Rng } from './random.ts';

export const day = 86_400_000;

export interface SalesRep {
  id: string;
  name: string;
  timeZone: string;
  /** Share of new business. */
  weight: number;
}

export interface SalesCompany {
  id: string;
  name: string;
  ownerId: string | null;
  employees: number;
  currency: string;
}

export interface SalesContact {
  id: string;
  companyId: string | null;
  stage: string | null;
}

export interface Visit {
  stage: StageInfo;
  at: number;
}

export interface PlannedDeal {
  id: string;
  pipeline: PipelineKey;
  ownerId: string;
  companyId: string;
  contactId: string | null;
  /** Other people on the deal with their roles (the main contact first). */
  people: Array<{ contactId: string; role: string }>;
  values: Record<string, unknown>;
  /** The stages it went through, the last one where it is. */
  visits: Visit[];
  updatedAt: number;
  /** For renewals: the deal renewed. */
  renews?: PlannedDeal;
}

/** A month's weight in closes: weak summer, quarter-ends, strong Q4 (budgets spent before the year ends). */
export const seasonOfMonth = [0.85, 0.9, 1.2, 0.95, 1.0, 1.15, 0.85, 0.5, 1.05, 1.2, 1.35, 1.6];
/** New business grows by this share of the first month's each month. */
export const growthPerMonth = 0.045;
const toEur: Record<string, number> = { EUR: 1, USD: 1.1, GBP: 0.86 };

/** What one unit of each demo currency is worth in euros (the company currency): the exchange rates the demo sets. */
export const demoRatesToEur = Object.entries(toEur)
  .filter(([c]) => c !== 'EUR')
  .map(([currency, perEur]) => ({ currency, rate: Math.round((1 / perEur) * 1e6) / 1e6 }));

export interface DealInput {
  rng: Rng;
  now: number;
  /** The first day of the first month of history (two years back). */
  start: number;
  reps: SalesRep[];
  companies: SalesCompany[];
  contacts: SalesContact[];
  pipelines: Record<PipelineKey, PipelineInfo>;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthStart = (ms: number, add = 0) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + add, 1);
};
/** The last day of the quarter `ms` is in, plus `add` quarters. */
const quarterEnd = (ms: number, add = 0) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3 + 3 * (add + 1), 1) - day;
};
const quarterStart = (ms: number) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), Math.floor(d.getUTCMonth() / 3) * 3, 1);
};
/** A count around `mean` (Poisson-like spread, never negative). */
const around = (rng: Rng, mean: number) =>
  Math.max(0, Math.round(mean + (rng.next() + rng.next() + rng.next() - 1.5) * Math.sqrt(mean) * 1.4));

export function makeDemoDeals(input: DealInput): PlannedDeal[] {
  const { rng, now, start, reps, pipelines } = input;
  const zoneOf = new Map(reps.map((r) => [r.id, r.timeZone]));
  const contactsOf = new Map<string, SalesContact[]>();
  for (const c of input.contacts)
    if (c.companyId) contactsOf.set(c.companyId, [...(contactsOf.get(c.companyId) ?? []), c]);
  const accounts = input.companies.filter((c) => contactsOf.has(c.id));
  const repIds = new Set(reps.map((r) => r.id));
  const ownAccounts = new Map(reps.map((r) => [r.id, accounts.filter((c) => c.ownerId === r.id)]));
  const unworked = accounts.filter((c) => !c.ownerId || !repIds.has(c.ownerId));
  const sizeWeight = (c: SalesCompany) => [c, Math.log10(c.employees + 10)] as const;
  const repWeights = reps.map((r) => [r, r.weight] as const);

  /** A rep, and an account of theirs (mostly) or one nobody in sales owns. */
  const pickAccount = (): [SalesRep, SalesCompany] => {
    const rep = rng.weighted(repWeights);
    const own = ownAccounts.get(rep.id) ?? [];
    const pool = own.length && (rng.chance(0.8) || !unworked.length) ? own : unworked.length ? unworked : accounts;
    return [rep, rng.weighted(pool.map(sizeWeight))];
  };

  const peopleOn = (company: SalesCompany, prefer: string): PlannedDeal['people'] => {
    const staff = contactsOf.get(company.id) ?? [];
    const main = rng.weighted(
      staff.map((c) => [c, c.stage === prefer ? 4 : c.stage === 'subscriber' ? 0.3 : 1] as const),
    );
    const others = rng.sample(
      staff.filter((c) => c !== main),
      rng.weighted([
        [0, 40],
        [1, 35],
        [2, 20],
        [3, 5],
      ]),
    );
    return [
      { contactId: main.id, role: rng.chance(0.6) ? 'champion' : 'decisionMaker' },
      ...others.map((c) => ({ contactId: c.id, role: rng.weighted(dealContactRoleWeights) })),
    ];
  };

  /** Moments for the visits between `from` and `to`, on weekdays in the owner's working hours, in order. */
  const moments = (n: number, from: number, to: number, zone: string): number[] => {
    const raw = [from, ...Array.from({ length: n - 2 }, () => from + (to - from) * rng.next()).sort((a, b) => a - b)];
    if (n > 1) raw.push(to);
    const out: number[] = [];
    for (const t of raw.slice(0, n)) {
      const prev = out.at(-1) ?? start - 120 * day;
      let at = atWork(rng, t, zone, prev + 60_000, now - 60_000);
      if (at <= prev) at = prev + 3_600_000;
      out.push(Math.min(at, now - 60_000 * (n - out.length)));
    }
    return out;
  };

  const amountFor = (company: SalesCompany, q4: boolean) => {
    const [plan, price] = rng.weighted(plans.map((p) => [p, p[2]] as const));
    const seats = Math.max(5, Math.min(600, Math.round(company.employees * (0.03 + 0.17 * rng.next()))));
    const extra = rng.chance(0.3) ? rng.pick(addOns) : null;
    const raw =
      seats * price * (toEur[company.currency] ?? 1) * (extra ? 1.1 + 0.15 * rng.next() : 1) * (q4 ? 1.15 : 1);
    return { plan, seats, extra, money: { amount: Math.round(raw / 10) * 1000, currency: company.currency } };
  };

  const lostValues = (kind: 'sales' | 'renewals' | 'partners') => {
    const reason = rng.weighted(lostReasonWeights[kind]);
    const note = rng.chance(0.6)
      ? rng.pick(lostNotes[reason] ?? lostNotes.other).replace('{competitor}', rng.pick(competitors.slice(0, 4)))
      : null;
    return { lostReason: reason, lostNote: note };
  };

  const deals: PlannedDeal[] = [];
  const plan = (
    key: PipelineKey,
    rep: SalesRep,
    company: SalesCompany,
    path: StageInfo[],
    from: number,
    to: number,
    values: Record<string, unknown>,
    people: PlannedDeal['people'],
  ) => {
    const zone = zoneOf.get(rep.id) ?? 'UTC';
    const ats = moments(path.length, from, to, zone);
    const visits = path.map((stage, i) => ({ stage, at: ats[i] }));
    const last = ats[ats.length - 1];
    const open = path[path.length - 1].kind === 'open';
    const d: PlannedDeal = {
      id: rng.uuid(ats[0]),
      pipeline: key,
      ownerId: rep.id,
      companyId: company.id,
      contactId: people[0]?.contactId ?? null,
      people,
      values: { ...values, pipelineId: pipelines[key].id, stageId: path[path.length - 1].id },
      visits,
      updatedAt: open && rng.chance(0.5) ? Math.round(last + (now - last) * 0.5 * rng.next()) : last,
    };
    deals.push(d);
    return d;
  };

  /** The open stages a deal passed before `final`: now and then one skipped. */
  const pathTo = (p: PipelineInfo, reached: number, final: StageInfo | null) => {
    const open = p.open.slice(0, reached + 1).filter((_, i) => i === 0 || i === reached || !rng.chance(0.15));
    return final ? [...open, final] : open;
  };

  // ---- new business, closed: by month of close ----
  const months = Math.round((monthStart(now) - start) / (30.44 * day));
  const sales = pipelines.sales;
  for (let k = 0; k <= months; k++) {
    const from = monthStart(start, k);
    const to = Math.min(monthStart(start, k + 1), now - day);
    if (to <= from) break;
    const month = new Date(from).getUTCMonth();
    const share = (to - from) / (monthStart(start, k + 1) - from);
    const growth = 1 + growthPerMonth * k;
    const q4 = month >= 9;
    for (let n = around(rng, 9 * growth * seasonOfMonth[month] * share); n > 0; n--) {
      const [rep, company] = pickAccount();
      // Quarter-end months bunch their closes at the end.
      const skew = month % 3 === 2 ? 0.45 : 1;
      const close = from + (to - from) * rng.next() ** skew;
      const won = rng.chance(q4 ? 0.36 : 0.3);
      const cycle = (won ? 21 : 10) * day + 110 * day * rng.next() ** 1.6;
      const a = amountFor(company, q4);
      const reached = won
        ? sales.open.length - 1
        : rng.weighted(sales.open.map((_, i) => [i, sales.open.length - i] as const));
      const path = pathTo(sales, reached, won ? sales.won : sales.lost);
      plan(
        'sales',
        rep,
        company,
        path,
        Math.max(start - 90 * day, close - cycle),
        close,
        {
          name: `${company.name} — ${a.plan}${a.extra ? ` + ${a.extra}` : ''} (${a.seats} seats)`,
          amount: a.money,
          expectedCloseDate: iso(close + (rng.chance(0.5) ? 0 : rng.int(-10, 20) * day)),
          companyId: company.id,
          contactId: null,
          source: rng.weighted(sourceWeights),
          ownerId: rep.id,
          ...(won ? {} : lostValues('sales')),
        },
        peopleOn(company, won ? 'customer' : 'prospect'),
      );
    }
  }

  // ---- new business, open: spread over the stages, some rotting ----
  for (let n = 55 + rng.int(0, 15); n > 0; n--) {
    const [rep, company] = pickAccount();
    const reached = rng.weighted(sales.open.map((_, i) => [i, sales.open.length - i + 1] as const));
    const path = pathTo(sales, reached, null);
    const stage = path[path.length - 1];
    const rot = stage.rottingDays ?? 21;
    const inStage = rng.chance(0.25) ? (rot + rng.int(1, 40)) * day : rng.next() * (rot - 1) * day;
    const entered = now - inStage;
    const before = path.slice(0, -1).reduce((s) => s + rng.int(3, 20) * day, 0);
    const a = amountFor(company, false);
    const needsAmount = stage.requiredFields.includes('amount') || reached > 0 || rng.chance(0.8);
    const qEnd = quarterEnd(now, quarterEnd(now) - now < 10 * day ? 1 : 0);
    const expected = rng.chance(0.1)
      ? now - rng.int(3, 30) * day
      : rng.chance(0.45)
        ? rng.chance(0.5)
          ? qEnd
          : quarterEnd(qEnd + day)
        : entered + rng.int(20, 100) * day;
    plan(
      'sales',
      rep,
      company,
      path,
      entered - before,
      entered,
      {
        name: `${company.name} — ${a.plan}${a.extra ? ` + ${a.extra}` : ''} (${a.seats} seats)`,
        amount: needsAmount ? a.money : null,
        expectedCloseDate:
          stage.requiredFields.includes('expectedCloseDate') || rng.chance(0.9)
            ? iso(Math.max(expected, entered))
            : null,
        companyId: company.id,
        contactId: null,
        source: rng.weighted(sourceWeights),
        nextStep: rng.chance(0.7) ? rng.pick(nextSteps) : null,
        ownerId: rep.id,
      },
      peopleOn(company, 'prospect'),
    );
  }

  // ---- renewals: a year after each win, opened ten weeks before ----
  const renewals = pipelines.renewals;
  for (const won of deals.filter((d) => d.pipeline === 'sales' && d.visits.at(-1)?.stage.kind === 'won')) {
    const due = (won.visits.at(-1) as Visit).at + 365 * day;
    const opened = due - 75 * day;
    if (opened > now - day) continue;
    const rep = reps.find((r) => r.id === won.ownerId) as SalesRep;
    const company = input.companies.find((c) => c.id === won.companyId) as SalesCompany;
    const base = won.values.amount as { amount: number; currency: string };
    const amount = {
      amount: Math.round((base.amount * (1 + 0.15 * rng.next())) / 1000) * 1000,
      currency: base.currency,
    };
    const common = {
      name: `${company.name} — renewal ${new Date(due).getUTCFullYear()}`,
      amount,
      expectedCloseDate: iso(due),
      companyId: company.id,
      contactId: null,
      ownerId: rep.id,
    };
    if (due < now - 10 * day) {
      const renewed = rng.chance(0.85);
      const reached = renewed ? renewals.open.length - 1 : rng.int(0, renewals.open.length - 1);
      const close = Math.min(now - day, due + rng.int(-25, 10) * day);
      plan(
        'renewals',
        rep,
        company,
        pathTo(renewals, reached, renewed ? renewals.won : renewals.lost),
        opened,
        close,
        {
          ...common,
          ...(renewed ? {} : lostValues('renewals')),
        },
        won.people.slice(0, 2),
      ).renews = won;
    } else {
      const left = (due - now) / day;
      const reached = Math.min(renewals.open.length - 1, left > 45 ? 0 : left > 15 ? 1 : 2);
      plan(
        'renewals',
        rep,
        company,
        renewals.open.slice(0, reached + 1),
        opened,
        Math.max(opened + day, now - rng.int(1, 30) * day),
        {
          ...common,
          nextStep: rng.chance(0.6) ? 'Confirm seat count for the renewal' : null,
        },
        won.people.slice(0, 2),
      ).renews = won;
    }
  }

  // ---- partners: a few a month, more as the company grows ----
  const partners = pipelines.partners;
  for (let k = 0; k <= months; k++) {
    const from = monthStart(start, k);
    const to = Math.min(monthStart(start, k + 1), now - day);
    if (to <= from) break;
    for (let n = around(rng, 1.2 * (1 + growthPerMonth * k)); n > 0; n--) {
      const [rep, company] = pickAccount();
      const close = from + (to - from) * rng.next();
      const won = rng.chance(0.4);
      const reached = won ? partners.open.length - 1 : rng.int(0, partners.open.length - 1);
      plan(
        'partners',
        rep,
        company,
        pathTo(partners, reached, won ? partners.won : partners.lost),
        close - rng.int(30, 120) * day,
        close,
        {
          name: `${company.name} — ${rng.pick(partnerDeals)}`,
          amount: { amount: rng.int(5, 40) * 100_000, currency: company.currency },
          expectedCloseDate: iso(close),
          companyId: company.id,
          contactId: null,
          source: 'partner',
          ownerId: rep.id,
          ...(won ? {} : lostValues('partners')),
        },
        peopleOn(company, 'customer').slice(0, 2),
      );
    }
  }
  for (let n = 6 + rng.int(0, 4); n > 0; n--) {
    const [rep, company] = pickAccount();
    const reached = rng.int(0, partners.open.length - 1);
    const entered = now - rng.int(1, 40) * day;
    plan(
      'partners',
      rep,
      company,
      partners.open.slice(0, reached + 1),
      entered - reached * rng.int(7, 25) * day,
      entered,
      {
        name: `${company.name} — ${rng.pick(partnerDeals)}`,
        amount: { amount: rng.int(5, 40) * 100_000, currency: company.currency },
        expectedCloseDate: iso(quarterEnd(now, rng.int(0, 1))),
        companyId: company.id,
        contactId: null,
        source: 'partner',
        ownerId: rep.id,
      },
      peopleOn(company, 'customer').slice(0, 2),
    );
  }

  for (const d of deals) d.values.contactId = d.contactId;
  return deals;
}

/** Won revenue in EUR (roughly converted), for quotas in line with what was sold. */
export const inEur = (m: { amount: number; currency: string }) => m.amount / (toEur[m.currency] ?? 1);
export { around, iso, monthStart, quarterEnd, quarterStart };
