// Demo data: a believable customer base (companies, contacts, notes) with a small sales team,
// written straight into the tables in one transaction with multi-row INSERTs. Titles and search
// text come from the registry exactly as the records path computes them, so search, sort and
// filters behave on demo rows as on real ones. The same seed gives the same data, ids included.
import type { Queryable, Tx } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { builtinObjects, modules } from '../modules/index.ts';
import { roleId } from '../platform/auth/auth.service.ts';
import { hashPassword } from '../platform/auth/crypto.ts';
import { addModuleHooks } from '../platform/module.ts';
import type { Values } from '../platform/records/record-mapper.ts';
import { isTimeZone } from '../platform/recurrence/time-zones.ts';
import { Registry } from '../platform/registry/registry.ts';
import {
  type ActivityActor,
  type ActivityContact,
  type ActivityRow,
  atWork,
  type DemoActivity,
  makeDemoActivity,
} from './demo-activity.ts';
import { seedDemoCommissions } from './demo-commissions.ts';
import { demoRatesToEur } from './demo-deals.ts';
import { seedDemoOrders } from './demo-orders.ts';
import { seedDemoProducts } from './demo-products.ts';
import { seedDemoQuotes } from './demo-quotes.ts';
import { seedDemoSales } from './demo-sales.ts';
import {
  type City,
  type Country,
  companyNotes,
  companySizeWeights,
  companyTags,
  competitors,
  contactNotes,
  contactTags,
  countries,
  events,
  freeMailDomains,
  industryBlurbs,
  industryWeights,
  industryWords,
  issues,
  jobTitles,
  nameRoots,
  names,
  products,
  sourceWeights,
  stageWeights,
  weekdays,
} from './demo-vocabulary.ts';
import { asWritten, insertRows } from './demo-write.ts';
import { createRng, type Rng, slug } from './random.ts';

export interface SeedDemoOptions {
  /** The admin who "made" the data (created_by of every record, actor of the audit entry). */
  adminId: string;
  companies?: number;
  contacts?: number;
  notes?: number;
  seed?: number;
  /** Records are spread over the 18 months before this moment. */
  now?: Date;
  /** Lets the demo users sign in with this password; without it they have none until invited. */
  demoPassword?: string;
  /** The app's registry (custom fields included); loaded from the database when absent. */
  registry?: Registry;
  /** The team's calls, emails, meetings and tasks (default true). */
  activity?: boolean;
  /** Pipelines, deals, territories, quotas and leads (default true). */
  sales?: boolean;
}

export interface DemoUser {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface SeedDemoResult {
  seed: number;
  users: DemoUser[];
  teams: string[];
  companies: number;
  contacts: number;
  notes: number;
  calls: number;
  emails: number;
  /** Calendar events: meetings with contacts and the teams' weekly ones. */
  meetings: number;
  tasks: number;
  deals: number;
  leads: number;
  territories: number;
  quotas: number;
  quotes: number;
  orders: number;
  ms: number;
}

/** The audit action that marks a database as holding demo data. */
export const demoAuditAction = 'demo_data.seed';
export const demoEmailDomain = 'kith-demo.example';

export async function hasDemoData(db: Queryable): Promise<boolean> {
  const rows = await db.query(sql`SELECT 1 FROM audit_log WHERE action = ${demoAuditAction} LIMIT 1`);
  return rows.length > 0;
}

const day = 86_400_000;
const span = 548 * day; // about 18 months

const demoUsers = [
  {
    name: 'Marta Lindqvist',
    role: 'sales_manager',
    timeZone: 'Europe/Stockholm',
    locale: 'en',
    team: 'Sales',
    manager: true,
    ownerWeight: 14,
  },
  {
    name: 'Jonas Weber',
    role: 'sales_rep',
    timeZone: 'Europe/Berlin',
    locale: 'de',
    team: 'Sales',
    manager: false,
    ownerWeight: 30,
  },
  {
    name: 'Priya Raman',
    role: 'sales_rep',
    timeZone: 'Europe/London',
    locale: 'en',
    team: 'Sales',
    manager: false,
    ownerWeight: 30,
  },
  {
    name: 'Tomás Ortega',
    role: 'support_agent',
    timeZone: 'Europe/Madrid',
    locale: 'es',
    team: 'Customer success',
    manager: true,
    ownerWeight: 3,
  },
  {
    name: 'Chloé Martin',
    role: 'marketing',
    timeZone: 'Europe/Paris',
    locale: 'fr',
    team: 'Customer success',
    manager: false,
    ownerWeight: 6,
  },
];

interface CompanyRow {
  id: string;
  name: string;
  domain: string;
  country: Country;
  city: City;
  ownerId: string | null;
  createdAt: number;
  employees: number;
  currency: string;
}

interface RecordRef {
  id: string;
  ownerId: string | null;
  createdAt: number;
  first?: string;
  company?: string;
  stage?: string | null;
  country: Country;
  /** A contact's, for its history (demo-activity.ts). */
  person?: Omit<ActivityContact, 'id' | 'ownerId' | 'createdAt' | 'first' | 'stage'>;
}

export async function seedDemoData(db: Tx, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const started = Date.now();
  const seed = opts.seed ?? 42;
  const rng = createRng(seed);
  const now = (opts.now ?? new Date()).getTime();
  const registry = opts.registry ?? new Registry(builtinObjects);
  if (!opts.registry) await registry.load(db);
  // Records are written as the app writes them, module hooks included (a territory by rule).
  addModuleHooks(modules, registry);
  const contactObj = registry.get('contact');
  const companyObj = registry.get('company');
  if (!contactObj || !companyObj) throw new Error('the registry has no contact or company object');
  const passwordHash = opts.demoPassword ? await hashPassword(opts.demoPassword) : null;

  return db.transaction(async (tx) => {
    const again = await hasDemoData(tx);
    const users = await ensureDemoUsers(tx, rng, now, passwordHash);
    const owners: Array<readonly [string | null, number]> = [
      [opts.adminId, 10],
      ...users.map((u, i) => [u.id, demoUsers[i].ownerWeight] as const),
      [null, 7],
    ];
    const pickOwner = () => rng.weighted(owners);

    const companies = makeCompanies(rng, opts.companies ?? 200, now, pickOwner);
    await insertRows(
      tx,
      companyObj,
      companies.map((c) => c.row),
      opts.adminId,
    );

    const contacts = makeContacts(
      rng,
      opts.contacts ?? 1000,
      now,
      companies.map((c) => c.ref),
      pickOwner,
    );
    await insertRows(
      tx,
      contactObj,
      contacts.map((c) => c.row),
      opts.adminId,
    );

    // Some people sit on boards, advise or used to work elsewhere: the contacts' other companies.
    const affiliationObj = registry.get('affiliation');
    const affiliations = affiliationObj
      ? makeAffiliations(
          rng,
          contacts.map((c) => c.ref),
          companies.map((c) => c.ref),
          now,
        )
      : [];
    if (affiliationObj) await insertRows(tx, affiliationObj, affiliations, opts.adminId);

    const userIds = [opts.adminId, ...users.map((u) => u.id)];
    const actors = await activityActors(tx, opts.adminId, users);
    const zones = new Map(actors.map((a) => [a.id, a.timeZone]));
    const notes = makeNotes(
      rng,
      opts.notes ?? 2000,
      now,
      contacts.map((c) => c.ref),
      companies.map((c) => c.ref),
      userIds,
      (userId) => zones.get(userId) ?? 'UTC',
    );
    for (let i = 0; i < notes.length; i += 500) {
      const chunk = notes
        .slice(i, i + 500)
        .map(
          (n) =>
            sql`(${n.id}::uuid, ${n.objectType}, ${n.recordId}::uuid, ${n.body}, ${n.authorId}::uuid, ${new Date(n.at)}::timestamptz, ${new Date(n.at)}::timestamptz)`,
        );
      await tx.query(
        sql`INSERT INTO notes (id, object_type, record_id, body, author_id, created_at, updated_at) VALUES ${sql.join(chunk)}`,
      );
    }

    // The team's history: calls, emails, meetings and tasks. From a random source of its own, so
    // the records above are the same with or without it.
    const activity =
      opts.activity === false
        ? null
        : makeDemoActivity({
            rng: createRng((seed ^ 0x5eed) >>> 0),
            now,
            from: now - span,
            internal: !again,
            actors,
            contacts: contacts.map(({ ref }) => ({
              id: ref.id,
              ownerId: ref.ownerId,
              createdAt: ref.createdAt,
              first: ref.first as string,
              stage: ref.stage ?? null,
              ...(ref.person as NonNullable<RecordRef['person']>),
            })),
            companies: companies.map(({ ref }) => ({
              id: ref.id,
              name: ref.name,
              ownerId: ref.ownerId,
              createdAt: ref.createdAt,
              city: ref.city.name,
            })),
          });
    if (activity) await writeActivity(tx, registry, activity, opts.adminId);
    const history = {
      calls: activity?.calls.length ?? 0,
      emails: activity?.emails.length ?? 0,
      meetings: activity?.events.length ?? 0,
      tasks: activity?.tasks.length ?? 0,
    };

    // The sales team's pipelines, deals, territories, quotas and leads; a random source of its own.
    const sales =
      opts.sales === false
        ? null
        : await seedDemoSales({
            tx,
            registry,
            rng: createRng((seed ^ 0x5a1e5) >>> 0),
            now,
            adminId: opts.adminId,
            again,
            reps: users
              .map((u, i) => ({ ...u, def: demoUsers[i] }))
              .filter((u) => u.role === 'sales_manager' || u.role === 'sales_rep')
              .map((u) => ({ id: u.id, name: u.name, timeZone: u.def.timeZone, weight: u.def.manager ? 20 : 40 })),
            userIds: new Map(users.map((u) => [u.name, u.id])),
            salesTeamId: await teamId(tx, 'Sales'),
            companies: companies.map(({ ref, row }) => ({
              ...ref,
              industry: (row.values.industry as string | null) ?? null,
            })),
            contacts: contacts.map(({ ref, row }) => ({
              id: ref.id,
              companyId: ref.person?.companyId ?? null,
              stage: ref.stage ?? null,
              firstName: ref.first as string,
              lastName: ref.person?.last ?? null,
              email: ref.person?.email ?? null,
              jobTitle: (row.values.jobTitle as string | null) ?? null,
              phone: (row.values.phone as string | null) ?? null,
            })),
          });
    // The rates that make the demo's dollars and pounds count in euro figures (undated; an admin's own stay).
    if (sales)
      for (const r of demoRatesToEur)
        await tx.query(sql`INSERT INTO exchange_rates (id, currency, rate, effective_from)
          VALUES (${rng.uuid(now)}::uuid, ${r.currency}, ${r.rate}, '-infinity') ON CONFLICT DO NOTHING`);
    // The product catalogue and products on some of those deals (a random source of its own).
    if (opts.sales !== false)
      await seedDemoProducts({ tx, registry, rng: createRng((seed ^ 0xca7a1) >>> 0), now, adminId: opts.adminId });
    const quotes =
      opts.sales === false ? 0 : await seedDemoQuotes({ tx, registry, rng: createRng((seed ^ 0x9707e) >>> 0), now });
    // The customers' purchase history: an order for each deal won lately.
    const orders =
      opts.sales === false ? 0 : await seedDemoOrders({ tx, registry, rng: createRng((seed ^ 0x0de75) >>> 0), now });
    // The reps' commission plan and statements, and their expenses.
    if (sales)
      await seedDemoCommissions({
        tx,
        registry,
        rng: createRng((seed ^ 0xc0a1) >>> 0),
        now,
        adminId: opts.adminId,
        users,
        again,
      });
    const salesCounts = {
      quotes,
      orders,
      deals: sales?.deals ?? 0,
      leads: sales?.leads ?? 0,
      territories: sales?.territories ?? 0,
      quotas: sales?.quotas ?? 0,
    };

    const result = {
      companies: companies.length,
      contacts: contacts.length,
      notes: notes.length,
      ...history,
      ...salesCounts,
      users: users.length,
      seed,
    };
    await tx.query(sql`INSERT INTO audit_log (id, at, actor_id, actor_kind, action, changes)
      VALUES (${rng.uuid(now)}::uuid, ${new Date(now)}, ${opts.adminId}::uuid, 'user', ${demoAuditAction}, ${JSON.stringify(result)}::jsonb)`);
    return {
      seed,
      users,
      teams: [...new Set(demoUsers.map((u) => u.team))],
      companies: companies.length,
      contacts: contacts.length,
      notes: notes.length,
      ...history,
      ...salesCounts,
      ms: Date.now() - started,
    };
  });
}

/** The demo team: reused when already there (matched by email), so a second seeding adds records only. */
async function ensureDemoUsers(tx: Tx, rng: Rng, now: number, passwordHash: string | null): Promise<DemoUser[]> {
  const out: DemoUser[] = [];
  const teamIds = new Map<string, string>();
  for (const u of demoUsers) {
    const email = `${slug(u.name, '.')}@${demoEmailDomain}`;
    const id = rng.uuid(now - span - 30 * day);
    const teamId = rng.uuid(now - span - 30 * day);
    const [existing] = await tx.query<{ id: string }>(sql`SELECT id FROM users WHERE lower(email) = ${email}`);
    const userId = existing?.id ?? id;
    if (!existing) {
      await tx.query(sql`INSERT INTO users (id, email, name, password_hash, role_id, time_zone, locale, created_at, updated_at)
        VALUES (${userId}::uuid, ${email}, ${u.name}, ${passwordHash}, ${await roleId(tx, u.role)}::uuid, ${u.timeZone}, ${u.locale},
                ${new Date(now - span - 30 * day)}, ${new Date(now - span - 30 * day)})`);
    } else if (passwordHash) {
      await tx.query(sql`UPDATE users SET password_hash = ${passwordHash} WHERE id = ${userId}::uuid`);
    }
    if (!teamIds.has(u.team)) {
      await tx.query(sql`INSERT INTO teams (id, name) VALUES (${teamId}::uuid, ${u.team}) ON CONFLICT DO NOTHING`);
      const [t] = await tx.query<{ id: string }>(sql`SELECT id FROM teams WHERE lower(name) = lower(${u.team})`);
      teamIds.set(u.team, t.id);
    }
    const team = teamIds.get(u.team) as string;
    await tx.query(
      sql`INSERT INTO team_members (team_id, user_id) VALUES (${team}::uuid, ${userId}::uuid) ON CONFLICT DO NOTHING`,
    );
    if (u.manager)
      await tx.query(
        sql`UPDATE teams SET manager_id = ${userId}::uuid WHERE id = ${team}::uuid AND manager_id IS NULL`,
      );
    out.push({ id: userId, name: u.name, email, role: u.role });
  }
  return out;
}

async function teamId(tx: Tx, name: string): Promise<string | null> {
  const [t] = await tx.query<{ id: string }>(sql`SELECT id FROM teams WHERE lower(name) = lower(${name})`);
  return t?.id ?? null;
}

/** Who has a history: the demo team, and the admin on the accounts they own (their home page and calendar). */
async function activityActors(tx: Tx, adminId: string, users: DemoUser[]): Promise<ActivityActor[]> {
  const [admin] = await tx.query<{ name: string; email: string; time_zone: string }>(
    sql`SELECT name, email, time_zone FROM users WHERE id = ${adminId}::uuid`,
  );
  const team = users.map((u, i) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    timeZone: demoUsers[i].timeZone,
    team: demoUsers[i].team,
    manager: demoUsers[i].manager,
  }));
  if (!admin) return team;
  const timeZone = isTimeZone(admin.time_zone) ? admin.time_zone : 'UTC';
  return [
    ...team,
    { id: adminId, name: admin.name, email: admin.email, role: 'admin', timeZone, team: null, manager: false },
  ];
}

/**
 * Writes the history as the records path would (demo-write.ts): each row's values through the
 * API's validation and the entry's compute and validate hooks, with the clock at the moment of the
 * write (a done task's completedAt is when it was done; an event gets its sequence and
 * seriesEndsAt), then the same multi-row INSERTs as the other records, and the attendees.
 */
async function writeActivity(tx: Tx, registry: Registry, a: DemoActivity, adminId: string) {
  const kinds = [
    ['call', a.calls],
    ['email', a.emails],
    ['event', a.events],
    ['task', a.tasks],
  ] as const;
  for (const [name, rows] of kinds) {
    const obj = registry.get(name);
    if (!obj || !rows.length) continue;
    const written: ActivityRow[] = [];
    for (const r of rows) written.push({ ...r, values: await asWritten(tx, registry, obj, r) });
    await insertRows(tx, obj, written, adminId);
  }
  for (let i = 0; i < a.attendees.length; i += 500) {
    const chunk = a.attendees
      .slice(i, i + 500)
      .map(
        (t) =>
          sql`(${t.id}::uuid, ${t.eventId}::uuid, ${t.userId}::uuid, ${t.contactId}::uuid, ${t.response}, ${t.respondedAt === null ? null : new Date(t.respondedAt)}::timestamptz)`,
      );
    await tx.query(
      sql`INSERT INTO event_attendees (id, event_id, user_id, contact_id, response, responded_at) VALUES ${sql.join(chunk)}`,
    );
  }
}

// ---- generators ----

const fill = (pattern: string, rng: Rng) =>
  pattern.replace(/[#A]/g, (c) => (c === '#' ? String(rng.int(0, 9)) : String.fromCharCode(65 + rng.int(0, 25))));

function phoneOf(rng: Rng, country: Country, city: City, mobile = false): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  if (country.dial === '+1') return `+1 ${mobile ? rng.int(201, 989) : city.area} 555 ${digits(4)}`;
  // National numbers are 9 digits in France, Spain and a few others, 10 in most of the rest.
  const length = ['+33', '+34', '+31', '+351', '+41', '+46', '+48', '+420'].includes(country.dial) ? 9 : 10;
  const lead = mobile ? `${rng.int(6, 7)}${digits(2)}` : city.area;
  const rest = digits(Math.max(6, length - lead.length));
  return `${country.dial} ${lead} ${rest.slice(0, rest.length - 4)} ${rest.slice(-4)}`;
}

function addressOf(rng: Rng, country: Country, city: City, label: string) {
  const street = country.streetFormat
    .replace(/\{s\}/g, rng.pick(country.streets))
    .replace(/\{n\}/g, () => String(rng.int(1, 180)));
  return {
    label,
    street,
    city: city.name,
    ...(city.region ? { region: city.region } : {}),
    postalCode: fill(city.postal, rng),
    country: country.name,
  };
}

const countryWeights = countries.map((c) => [c, c.weight] as const);
const createdBetween = (rng: Rng, from: number, to: number, skew = 0.7) =>
  Math.round(from + (to - from) * rng.next() ** skew);

function makeCompanies(rng: Rng, n: number, now: number, pickOwner: () => string | null) {
  const usedNames = new Set<string>();
  const usedDomains = new Set<string>();
  const out: Array<{ row: { id: string; values: Values; createdAt: number; updatedAt: number }; ref: CompanyRow }> = [];
  for (let i = 0; i < n; i++) {
    const country = rng.weighted(countryWeights);
    const industry = rng.weighted(industryWeights);
    let root = rng.pick(nameRoots);
    let word = rng.pick(industryWords[industry]);
    for (let tries = 0; usedNames.has(`${root} ${word}`) && tries < 30; tries++) {
      root = rng.pick(nameRoots);
      word = rng.pick(industryWords[industry]);
    }
    let base = `${root} ${word}`;
    if (usedNames.has(base)) base = `${root} ${word} ${i}`;
    usedNames.add(base);
    const legal = rng.chance(0.6) ? ` ${rng.pick(country.legal)}` : '';
    const name = `${base}${legal}`;
    let domain = `${slug(root)}${rng.chance(0.5) ? `-${slug(word, '-')}` : ''}.${country.tld}`;
    if (usedDomains.has(domain)) domain = `${slug(base, '-')}.${country.tld}`;
    if (usedDomains.has(domain)) domain = `${slug(base, '-')}${i}.${country.tld}`;
    usedDomains.add(domain);
    const city = rng.pick(country.cities);
    const [size, , min, max] = rng.weighted(companySizeWeights.map((s) => [s, s[1]] as const));
    const employees = min + Math.floor((max - min) * rng.next() ** 2);
    const createdAt = createdBetween(rng, now - span, now - day, 0.8);
    const ownerId = pickOwner();
    const values: Values = {
      name,
      domain,
      website: rng.chance(0.92) ? `https://www.${domain}` : null,
      industry: rng.chance(0.95) ? industry : null,
      size: rng.chance(0.9) ? size : null,
      employees: rng.chance(0.85) ? employees : null,
      annualRevenue: rng.chance(0.75)
        ? { amount: Math.round((employees * rng.int(60, 260)) / 10) * 10_000 * 100, currency: country.currency }
        : null,
      phone: rng.chance(0.85) ? phoneOf(rng, country, city) : null,
      city: city.name,
      country: country.name,
      source: rng.chance(0.9) ? rng.weighted(sourceWeights) : null,
      description: rng.chance(0.6)
        ? rng.pick(industryBlurbs[industry] ?? [`${industry} company headquartered in ${city.name}.`])
        : null,
      tags: rng.sample(
        companyTags,
        rng.weighted([
          [0, 45],
          [1, 35],
          [2, 15],
          [3, 5],
        ]),
      ),
      addresses: rng.chance(0.8) ? [addressOf(rng, country, city, 'headquarters')] : [],
      ownerId,
    };
    const id = rng.uuid(createdAt);
    const updatedAt = createdBetween(rng, createdAt, now, 2);
    out.push({
      row: { id, values, createdAt, updatedAt },
      ref: { id, name, domain, country, city, ownerId, createdAt, employees, currency: country.currency },
    });
  }
  return out;
}

function makeContacts(rng: Rng, n: number, now: number, companies: CompanyRow[], pickOwner: () => string | null) {
  // Bigger companies have more contacts in a CRM.
  const companyWeights = companies.map((c) => [c, Math.log10(c.employees + 10)] as const);
  const usedEmails = new Set<string>();
  const out: Array<{ row: { id: string; values: Values; createdAt: number; updatedAt: number }; ref: RecordRef }> = [];
  for (let i = 0; i < n; i++) {
    const company = companies.length && rng.chance(0.88) ? rng.weighted(companyWeights) : null;
    const country = company && rng.chance(0.85) ? company.country : rng.weighted(countryWeights);
    const pool = names[rng.weighted(country.names)];
    const female = rng.chance(0.5);
    const first = rng.pick(female ? pool.female : pool.male);
    const last = rng.chance(0.97) ? rng.pick(pool.last) : null;
    const local = (() => {
      const f = slug(first);
      const l = last ? slug(last) : '';
      if (!l) return f;
      return rng.weighted([
        [`${f}.${l}`, 6],
        [`${f[0]}.${l}`, 2],
        [`${f[0]}${l}`, 2],
        [f, company ? 1 : 0],
      ]);
    })();
    const domain = company ? company.domain : rng.pick(freeMailDomains[country.code] ?? freeMailDomains['*']);
    let email = `${local}@${domain}`;
    for (let k = 2; usedEmails.has(email); k++) email = `${local}${k}@${domain}`;
    usedEmails.add(email);
    const city = company && country === company.country && rng.chance(0.8) ? company.city : rng.pick(country.cities);
    const createdAt = createdBetween(rng, company ? company.createdAt : now - span, now - 3_600_000, 0.9);
    const ownerId = company?.ownerId && rng.chance(0.75) ? company.ownerId : pickOwner();
    const stage = rng.weighted(stageWeights);
    const personal = `${slug(first)}.${last ? slug(last) : 'mail'}${rng.int(1, 99)}@${rng.pick(freeMailDomains['*'])}`;
    const birthYear = rng.int(1958, 2001);
    const values: Values = {
      firstName: first,
      lastName: last,
      email: rng.chance(0.95) ? email : null,
      emails: company && rng.chance(0.1) ? [personal] : [],
      phone: rng.chance(0.7) ? phoneOf(rng, country, city) : null,
      phones: rng.chance(0.3) ? [{ label: 'mobile', number: phoneOf(rng, country, city, true) }] : [],
      jobTitle: company && rng.chance(0.88) ? rng.weighted(jobTitles) : null,
      companyId: company?.id ?? null,
      lifecycleStage: stage,
      source: rng.chance(0.9) ? rng.weighted(sourceWeights) : null,
      city: rng.chance(0.9) ? city.name : null,
      country: country.name,
      language: pool.language,
      birthday: rng.chance(0.25)
        ? `${birthYear}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
        : null,
      gender: rng.weighted([
        [female ? 'female' : 'male', 62],
        ['undisclosed', 4],
        ['non-binary', 1],
        [null, 33],
      ]),
      doNotContact: rng.chance(0.03),
      tags: rng.sample(
        contactTags,
        rng.weighted([
          [0, 50],
          [1, 32],
          [2, 14],
          [3, 4],
        ]),
      ),
      addresses: rng.chance(0.15) ? [addressOf(rng, country, city, 'home')] : [],
      ownerId,
    };
    const id = rng.uuid(createdAt);
    out.push({
      row: { id, values, createdAt, updatedAt: createdBetween(rng, createdAt, now, 2.5) },
      ref: {
        id,
        ownerId,
        createdAt,
        first,
        company: company?.name,
        stage,
        country,
        person: {
          last,
          email: values.email as string | null,
          hasPhone: !!values.phone || (values.phones as unknown[]).length > 0,
          doNotContact: values.doNotContact as boolean,
          companyId: company?.id ?? null,
        },
      },
    });
  }
  return out;
}

const affiliationRoleWeights = [
  ['former-employee', 35],
  ['advisor', 20],
  ['board-member', 12],
  ['consultant', 15],
  ['investor', 8],
  ['partner', 10],
] as const;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** About one contact in nine has a tie to a company besides their employer (at most two). */
function makeAffiliations(rng: Rng, contacts: RecordRef[], companies: CompanyRow[], now: number) {
  const out: Array<{ id: string; values: Values; createdAt: number; updatedAt: number }> = [];
  const day = 86_400_000;
  for (const contact of contacts) {
    if (!companies.length || !rng.chance(0.11)) continue;
    const taken = new Set<string>();
    for (let k = rng.chance(0.25) ? 2 : 1; k > 0; k--) {
      const company = rng.pick(companies);
      if (company.name === contact.company || taken.has(company.id)) continue;
      taken.add(company.id);
      const role = rng.weighted(affiliationRoleWeights);
      const since = now - rng.int(200, 3000) * day;
      const until = role === 'former-employee' ? Math.min(now - 30 * day, since + rng.int(180, 1500) * day) : null;
      const at = Math.max(contact.createdAt, company.createdAt) + rng.int(0, 90) * day;
      const createdAt = Math.min(at, now);
      out.push({
        id: rng.uuid(createdAt),
        values: {
          contactId: contact.id,
          companyId: company.id,
          role,
          since: isoDay(since),
          until: until === null ? null : isoDay(until),
        },
        createdAt,
        updatedAt: createdAt,
      });
    }
  }
  return out;
}

function money(amount: number, currency: string) {
  const sym = currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : '$';
  return `${sym}${amount.toLocaleString('en-GB')}`;
}

function makeNotes(
  rng: Rng,
  n: number,
  now: number,
  contacts: RecordRef[],
  companies: CompanyRow[],
  userIds: string[],
  zoneOf: (userId: string) => string,
) {
  // Customers and prospects are talked to most; subscribers hardly at all.
  const stageWeight: Record<string, number> = { customer: 5, prospect: 4, lead: 2, churned: 2, subscriber: 0.3 };
  const contactWeights = contacts.map((c) => [c, stageWeight[c.stage ?? ''] ?? 1] as const);
  const out: Array<{
    id: string;
    objectType: 'contact' | 'company';
    recordId: string;
    body: string;
    authorId: string;
    at: number;
  }> = [];
  if (!contacts.length && !companies.length) return out;
  for (let i = 0; i < n; i++) {
    const onCompany = !contacts.length || (companies.length > 0 && rng.chance(0.2));
    const rec: RecordRef = onCompany
      ? (() => {
          const c = rng.pick(companies);
          return { id: c.id, ownerId: c.ownerId, createdAt: c.createdAt, company: c.name, country: c.country };
        })()
      : rng.weighted(contactWeights);
    const template = rng.pick(onCompany ? companyNotes : contactNotes);
    const city = rng.pick(rng.pick(countries).cities).name;
    const body = template
      .replace(/\{first\}/g, rec.first ?? 'the contact')
      .replace(/\{company\}/g, rec.company ?? 'the account')
      .replace(/\{product\}/g, rng.pick(products))
      .replace(/\{event\}/g, rng.pick(events))
      .replace(/\{weekday\}/g, rng.pick(weekdays))
      .replace(/\{n\}/g, String(rng.pick([5, 10, 12, 20, 25, 40, 50, 75, 90, 120])))
      .replace(/\{issue\}/g, rng.pick(issues))
      .replace(/\{competitor\}/g, rng.pick(competitors))
      .replace(/\{city\}/g, city)
      .replace(/\{amount\}/g, money(rng.int(3, 240) * 500, rec.country.currency));
    const authorId = rec.ownerId && rng.chance(0.8) ? rec.ownerId : rng.pick(userIds);
    // Written on a weekday in the author's working hours, like the rest of their history.
    const at = atWork(rng, createdBetween(rng, rec.createdAt, now, 0.8), zoneOf(authorId), rec.createdAt, now);
    out.push({ id: rng.uuid(at), objectType: onCompany ? 'company' : 'contact', recordId: rec.id, body, authorId, at });
  }
  return out;
}
