// Two years of demo leads: those that became deals (converted: the deal's main contact, its
// company and the deal itself, at the moment the deal was made), and the rest — new this week,
// being worked, qualified, or disqualified with a reason — from the website (with UTM fields),
// events, referrals, partners and cold calls, growing month on month. Each takes its territory
// from the territories module's hook as it is written, an owner as the assignment rules seeded
// here would give it (the territory's reps, else the Sales team in turn), some engagements, and
// its score from the leads module's own rescoring.
import type { Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { readSetting, writeSetting } from '../modules/leads/lead-settings.ts';
import { defaultScoring, rescoreAll, type ScoringConfig, scoreSql } from '../modules/leads/scoring.service.ts';
import { territoryPeople } from '../modules/territories/territories.service.ts';
import type { Values } from '../platform/records/record-mapper.ts';
import type { Registry } from '../platform/registry/registry.ts';
import { around, day, monthStart, type PlannedDeal, type SalesRep } from './demo-deals.ts';
import {
  demoFieldRules,
  disqualifiedReasons,
  landingPages,
  leadMessages,
  leadSourceOf,
  leadSourceWeights,
  utmBySource,
  utmCampaigns,
  utmTerms,
  visitedPages,
} from './demo-sales-vocabulary.ts';
import {
  type City,
  type Country,
  competitors,
  countries,
  freeMailDomains,
  industryWeights,
  industryWords,
  jobTitles,
  nameRoots,
  names,
} from './demo-vocabulary.ts';
import { asWritten, type DemoRow, demoCtx, insertRows } from './demo-write.ts';
import { type Rng, slug } from './random.ts';

export interface LeadCompany {
  id: string;
  name: string;
  domain: string;
  industry: string | null;
  country: Country;
  city: City;
}

export interface LeadContact {
  id: string;
  companyId: string | null;
  firstName: string;
  lastName: string | null;
  email: string | null;
  jobTitle: string | null;
  phone: string | null;
}

export interface LeadInput {
  tx: Tx;
  registry: Registry;
  rng: Rng;
  now: number;
  start: number;
  adminId: string;
  again: boolean;
  deals: PlannedDeal[];
  reps: SalesRep[];
  salesTeamId: string | null;
  companies: LeadCompany[];
  contacts: LeadContact[];
}

interface PlannedLead {
  row: DemoRow;
  /** The last write's moment (the conversion, or the last status change). */
  clock: number;
  /** What converting set (the records it made). */
  server: Values;
  engagements: Array<{ kind: string; url: string | null; at: number }>;
}

const site = 'https://kith.example';
const fill = (pattern: string, rng: Rng) =>
  pattern.replace(/[#A]/g, (c) => (c === '#' ? String(rng.int(0, 9)) : String.fromCharCode(65 + rng.int(0, 25))));

function utmFields(rng: Rng, source: string, at: number): Values {
  const options = utmBySource[source];
  if (!options) return {};
  const u = rng.pick(options);
  const year = new Date(at).getUTCFullYear();
  const landing = rng.pick(landingPages);
  return {
    utmSource: u.source,
    utmMedium: u.medium,
    utmCampaign: u.medium === 'organic' ? null : `${year}-${rng.pick(utmCampaigns)}`,
    utmTerm: u.medium === 'cpc' ? rng.pick(utmTerms) : null,
    utmContent: u.medium === 'cpc' || u.medium === 'paid-social' ? rng.pick(['text-a', 'text-b', 'banner-1']) : null,
    referrer: u.referrer,
    landingPage: `${site}${landing}`,
  };
}

function engagementsOf(rng: Rng, source: string, from: number, to: number, hot: boolean) {
  const out: PlannedLead['engagements'] = [];
  if (source === 'website' || source === 'advertising')
    out.push({ kind: 'formSubmitted', url: `${site}/demo`, at: from });
  const n = rng.weighted([
    [0, 25],
    [1, 20],
    [2, 18],
    [4, 15],
    [6, 12],
    [9, 10],
  ]);
  for (let i = 0; i < n; i++) {
    const kind = rng.weighted([
      ['emailOpened', 40],
      ['pageVisited', 30],
      ['emailClicked', 12],
      ['webinarAttended', 5],
      ['meetingBooked', hot ? 10 : 2],
    ] as const);
    const url =
      kind === 'pageVisited'
        ? `${site}${rng.pick(visitedPages)}`
        : kind === 'emailClicked'
          ? `${site}${rng.pick(visitedPages)}?utm_medium=email`
          : null;
    out.push({ kind, url, at: Math.round(from + (to - from) * rng.next()) });
  }
  return out;
}

export async function writeDemoLeads(input: LeadInput): Promise<number> {
  const { tx, registry, rng, now, start, adminId } = input;
  const obj = registry.get('lead');
  if (!obj) return 0;
  if (!input.again) await writeLeadSettings(input);
  const companies = new Map(input.companies.map((c) => [c.id, c]));
  const contacts = new Map(input.contacts.map((c) => [c.id, c]));
  const planned: PlannedLead[] = [];

  // Leads that became deals: converted when the deal was made, into its contact and company.
  for (const d of input.deals) {
    const source = leadSourceOf[String(d.values.source)];
    const contact = d.contactId ? contacts.get(d.contactId) : undefined;
    const company = companies.get(d.companyId);
    if (d.pipeline !== 'sales' || !source || !contact || !company || !rng.chance(0.45)) continue;
    const convertedAt = d.visits[0].at;
    const createdAt = convertedAt - rng.int(1, 21) * day - rng.int(0, 8) * 3_600_000;
    const values: Values = {
      firstName: contact.firstName,
      lastName: contact.lastName,
      email: contact.email,
      phone: contact.phone,
      companyName: company.name,
      jobTitle: contact.jobTitle,
      website: `https://www.${company.domain}`,
      industry: company.industry,
      country: company.country.name,
      region: company.city.region ?? null,
      city: company.city.name,
      source,
      status: 'converted',
      ownerId: d.ownerId,
      ...utmFields(rng, source, createdAt),
    };
    planned.push({
      row: { id: rng.uuid(createdAt), values, createdAt, updatedAt: convertedAt, createdBy: adminId },
      clock: convertedAt,
      server: { convertedContactId: contact.id, convertedCompanyId: company.id, convertedDealId: d.id },
      engagements: engagementsOf(rng, source, createdAt, convertedAt, true),
    });
  }

  // The rest: growing month on month, worked through as they age.
  const countryWeights = countries.map((c) => [c, c.weight] as const);
  for (let k = 0; monthStart(start, k) < now; k++) {
    const from = monthStart(start, k);
    const to = Math.min(monthStart(start, k + 1), now - 3_600_000);
    for (let n = around(rng, 7 * (1 + 0.05 * k) * ((to - from) / (30.44 * day))); n > 0; n--) {
      const createdAt = Math.round(from + (to - from) * rng.next());
      const age = (now - createdAt) / day;
      const status =
        age < 14
          ? rng.weighted([
              ['new', 70],
              ['contacted', 30],
            ] as const)
          : age < 30
            ? rng.weighted([
                ['new', 20],
                ['contacted', 45],
                ['qualified', 20],
                ['disqualified', 15],
              ] as const)
            : rng.weighted([
                ['contacted', 22],
                ['qualified', 10],
                ['disqualified', 68],
              ] as const);
      const country = rng.weighted(countryWeights);
      const city = rng.pick(country.cities);
      const pool = names[rng.weighted(country.names)];
      const first = rng.pick(rng.chance(0.5) ? pool.female : pool.male);
      const last = rng.pick(pool.last);
      const industry = rng.weighted(industryWeights);
      const root = rng.pick(nameRoots);
      const companyName = `${root} ${rng.pick(industryWords[industry])}`;
      const domain = `${slug(root)}-${slug(companyName.slice(root.length), '-')}.${country.tld}`;
      const freeMail = rng.chance(0.12);
      const source = rng.weighted(leadSourceWeights);
      const lastWrite = status === 'new' ? createdAt : Math.min(now - 60_000, createdAt + rng.int(1, 25) * day);
      const values: Values = {
        firstName: first,
        lastName: last,
        email: `${slug(first)}.${slug(last)}@${freeMail ? rng.pick(freeMailDomains['*']) : domain}`,
        phone: rng.chance(0.5) ? `${country.dial} ${city.area} ${rng.int(100, 999)} ${rng.int(1000, 9999)}` : null,
        companyName: freeMail && rng.chance(0.5) ? null : companyName,
        jobTitle: rng.chance(0.8) ? rng.weighted(jobTitles) : null,
        website: freeMail ? null : `https://www.${domain}`,
        industry: rng.chance(0.8) ? industry : null,
        country: country.name,
        region: city.region ?? null,
        city: city.name,
        postalCode: rng.chance(0.6) ? fill(city.postal, rng) : null,
        source,
        status,
        disqualifiedReason: status === 'disqualified' ? rng.pick(disqualifiedReasons) : null,
        description:
          source === 'website' && rng.chance(0.7)
            ? rng
                .pick(leadMessages)
                .replace('{n}', String(rng.pick([5, 8, 12, 20, 35, 60])))
                .replace('{competitor}', rng.pick(competitors.slice(0, 4)))
            : null,
        ...utmFields(rng, source, createdAt),
      };
      planned.push({
        row: { id: rng.uuid(createdAt), values, createdAt, updatedAt: lastWrite, createdBy: adminId },
        clock: lastWrite,
        server: {},
        engagements: engagementsOf(
          rng,
          source,
          createdAt,
          Math.min(now - 60_000, createdAt + 60 * day),
          status === 'qualified',
        ),
      });
    }
  }

  // Written as the records path writes them (territory by the module's hook), then owned as the
  // assignment rules would have it: the territory's reps, else the Sales team in turn.
  const team = input.reps.map((r) => r.id).sort();
  let turn = 0;
  const rows: DemoRow[] = [];
  for (const p of planned) {
    const values = await asWritten(tx, registry, obj, { ...p.row, clock: p.clock }, p.server);
    if (!values.ownerId) {
      const territory = values.territoryId as string | null;
      const people = territory ? await territoryPeople({ db: tx }, territory) : [];
      values.ownerId = people.length ? rng.pick(people) : (team[turn++ % team.length] ?? null);
    }
    rows.push({ ...p.row, values });
  }
  await insertRows(tx, obj, rows, adminId);

  const engagements = planned.flatMap((p) =>
    p.engagements
      .filter((e) => e.at <= now)
      .map(
        (e) =>
          sql`(${rng.uuid(e.at)}::uuid, ${p.row.id}::uuid, ${e.kind}, ${e.url}, ${new Date(e.at)}, ${new Date(e.at)})`,
      ),
  );
  for (let i = 0; i < engagements.length; i += 500)
    await tx.query(sql`INSERT INTO lead_engagements (id, lead_id, kind, url, occurred_at, created_at)
      VALUES ${sql.join(engagements.slice(i, i + 500))}`);
  // Scores by the module's own rescoring, at the seed's clock.
  await rescoreAll(demoCtx(tx, registry, now), obj);
  return rows.length;
}

/** The scoring rules and assignment rules an admin would have set up (only where none are). */
async function writeLeadSettings(input: LeadInput) {
  const { tx, registry, now, start } = input;
  const obj = registry.get('lead');
  if (!obj) return;
  const setUp = new Date(start - 90 * day);
  const [scored] = await tx.query(sql`SELECT 1 FROM lead_settings WHERE key = 'scoring'`);
  if (!scored) {
    const base = await readSetting(tx, 'scoring', defaultScoring);
    const cfg: ScoringConfig = { ...base, fieldRules: demoFieldRules };
    scoreSql(obj, cfg, new Date(now)); // refuses rules the write path could not run
    await writeSetting(tx, 'scoring', cfg, setUp);
  }
  const [ruled] = await tx.query(sql`SELECT 1 FROM lead_assignment_rules LIMIT 1`);
  if (ruled) return;
  const rules = [
    { name: 'By territory', action: { kind: 'territory' } },
    ...(input.salesTeamId
      ? [{ name: 'Everyone else: the Sales team in turn', action: { kind: 'roundRobin', teamId: input.salesTeamId } }]
      : []),
  ];
  for (const [i, r] of rules.entries())
    await tx.query(sql`INSERT INTO lead_assignment_rules (id, name, enabled, position, conditions, action, created_at, updated_at)
      VALUES (${input.rng.uuid(setUp.getTime())}::uuid, ${r.name}, true, ${i + 1}, ${JSON.stringify({ op: 'and', conditions: [] })}::jsonb,
        ${JSON.stringify(r.action)}::jsonb, ${setUp}, ${setUp})`);
}
