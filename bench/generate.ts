// The benchmark's data: contacts and companies made in SQL (INSERT … SELECT FROM generate_series),
// with title and search_text computed the way the records path computes them (checked on a sample
// afterwards against computeTitle/computeSearchText). Indexes are dropped for the load and rebuilt.
import { uuidv7 } from 'uuidv7';
import type { Db } from '../server/src/db/database.ts';
import { sql } from '../server/src/db/sql.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { roleId } from '../server/src/platform/auth/auth.service.ts';
import { hashPassword } from '../server/src/platform/auth/crypto.ts';
import { computeSearchText, computeTitle, readValues } from '../server/src/platform/records/record-mapper.ts';
import { seriesEnd } from '../server/src/platform/recurrence/recurrence.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';
import {
  countries,
  industryWeights,
  industryWords,
  jobTitles,
  nameRoots,
  names,
} from '../server/src/seed/demo-vocabulary.ts';
import { slug } from '../server/src/seed/random.ts';

export const generatorVersion = '1';
export const benchAdmin = { email: 'bench-admin@bench.example', password: 'bench-password-1' };
export const ownerCount = 20;

/** Last names with a realistic skew: the first ones are common (about 1–3 % each), the tail rare. */
export const commonLast = [
  'Müller',
  'García',
  'Smith',
  'Nguyễn',
  'Martin',
  'González',
  'Schmidt',
  'Rossi',
  'Kowalski',
  'Silva',
  'Johnson',
  'Dubois',
];
export const searchName = 'garcia'; // as typed, without the accent: found through unaccent
export const typoName = 'gonzales'; // a misspelling of González

export function nameLists() {
  const first = new Set<string>();
  const last = new Set<string>(commonLast);
  for (const pool of Object.values(names)) {
    for (const n of [...pool.female, ...pool.male]) first.add(n);
    for (const n of pool.last) last.add(n);
  }
  const f = [...first];
  const l = [...last];
  return { first: f, firstAscii: f.map((x) => slug(x)), last: l, lastAscii: l.map((x) => slug(x)) };
}

export interface Sizes {
  contacts: number;
  companies: number;
}

export async function existingSizes(db: Db): Promise<(Sizes & { version: string }) | null> {
  const [t] = await db.queryText<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'bench_meta'`,
  );
  if (!t.n) return null;
  const rows = await db.queryText<{ key: string; value: string }>('SELECT key, value FROM bench_meta');
  const m = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const [c] = await db.queryText<{ contacts: number; companies: number }>(
    'SELECT (SELECT count(*)::int FROM contacts) AS contacts, (SELECT count(*)::int FROM companies) AS companies',
  );
  if (m.done !== 'true' || String(c.contacts) !== m.contacts || String(c.companies) !== m.companies) return null;
  return { contacts: c.contacts, companies: c.companies, version: m.version };
}

/** Owners and the bench admin: made once, found again on a reused database. */
export async function ensureUsers(db: Db): Promise<{ adminId: string; ownerIds: string[] }> {
  const found = await db.queryText<{ id: string; email: string }>(
    `SELECT id, email FROM users WHERE email LIKE '%@bench.example' ORDER BY email`,
  );
  const admin = found.find((u) => u.email === benchAdmin.email);
  const owners = found.filter((u) => u.email.startsWith('owner'));
  if (admin && owners.length === ownerCount) return { adminId: admin.id, ownerIds: owners.map((o) => o.id) };
  await db.query(sql`INSERT INTO organization (id, name) VALUES (1, 'Bench Org') ON CONFLICT (id) DO NOTHING`);
  const adminId = admin?.id ?? uuidv7();
  if (!admin) {
    await db.query(sql`INSERT INTO users (id, email, name, password_hash, role_id)
      VALUES (${adminId}::uuid, ${benchAdmin.email}, 'Bench Admin', ${await hashPassword(benchAdmin.password)}, ${await roleId(db, 'admin')}::uuid)`);
  }
  const rep = await roleId(db, 'sales_rep');
  const ownerIds: string[] = [];
  const { first, last } = nameLists();
  for (let i = 0; i < ownerCount; i++) {
    const email = `owner${String(i + 1).padStart(2, '0')}@bench.example`;
    const id = owners.find((o) => o.email === email)?.id ?? uuidv7();
    await db.query(sql`INSERT INTO users (id, email, name, role_id) VALUES (${id}::uuid, ${email}, ${`${first[(i * 7) % first.length]} ${last[(i * 13) % last.length]}`}, ${rep}::uuid)
      ON CONFLICT DO NOTHING`);
    ownerIds.push(id);
  }
  return { adminId, ownerIds };
}

export const idFrom = (ts: string, salt: string, key: string) =>
  `(lpad(to_hex((extract(epoch FROM ${ts}) * 1000)::bigint), 12, '0') || '7' || substr(md5(${key}::text || '${salt}'), 1, 3) || '8' || substr(md5(${key}::text || '${salt}'), 4, 15))::uuid`;

export async function withoutIndexes(db: Db, table: string, log: (m: string) => void, load: () => Promise<void>) {
  const defs = await db.queryText<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = $1 AND indexname <> $2`,
    [table, `${table}_pkey`],
  );
  for (const d of defs) await db.exec(`DROP INDEX ${d.indexname}`);
  // Rebuilt even when the load fails: a table left without its indexes would be found again as is.
  const t0 = Date.now();
  try {
    await load();
  } finally {
    for (const d of defs) await db.exec(d.indexdef);
  }
  log(`  ${table}: ${defs.length} indexes rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export async function generate(
  db: Db,
  sizes: Sizes,
  log: (m: string) => void,
): Promise<{ adminId: string; ownerIds: string[] }> {
  const t0 = Date.now();
  await db.exec('DROP TABLE IF EXISTS bench_meta; CREATE TABLE bench_meta (key text PRIMARY KEY, value text NOT NULL)');
  await db.exec('TRUNCATE notes, contacts, companies CASCADE');
  if (db.kind === 'server') await db.exec(`SET maintenance_work_mem = '512MB'`);
  await db.exec('SELECT setseed(0.42)');
  const { adminId, ownerIds } = await ensureUsers(db);
  const n = nameLists();
  const places = countries.flatMap((c) =>
    c.cities.map((city) => ({
      city: city.name,
      country: c.name,
      dial: c.dial,
      area: city.area,
      tld: c.tld,
      lang: c.names[0][0],
    })),
  );
  const industries = industryWeights.map(([i]) => i);
  const words = industries.flatMap((i) => industryWords[i].map((w) => ({ w, i })));

  // Companies: first into a numbered side table, so contacts can pick one by number.
  await db.exec('DROP TABLE IF EXISTS bench_companies');
  await db.queryText(
    `CREATE TABLE bench_companies AS
    SELECT s.g AS n, s.created_at, ${idFrom('s.created_at', 'co', 's.g')} AS id,
      s.root || ' ' || s.word || CASE WHEN s.r1 < 0.5 THEN ' ' || (s.g % 1000)::text ELSE '' END AS name,
      lower(s.root_slug || '-' || s.word_slug || s.g::text || '.' || p.tld) AS domain, s.industry, s.pi, s.r1, s.r2, s.r3
    FROM (SELECT g, now() - random() * interval '1095 days' AS created_at,
            ($1::text[])[1 + (g::bigint * 7919 % array_length($1::text[], 1))::int] AS root, ($2::text[])[1 + (g::bigint * 7919 % array_length($2::text[], 1))::int] AS root_slug,
            1 + floor(random() * array_length($3::text[], 1))::int AS wi, 1 + floor(random() * $5::int)::int AS pi,
            random() AS r1, random() AS r2, random() AS r3
          FROM generate_series(1, $6::int) g) s0
    CROSS JOIN LATERAL (SELECT s0.*, ($3::text[])[s0.wi] AS word, ($4::text[])[s0.wi] AS word_slug, ($7::text[])[s0.wi] AS industry) s
    JOIN (SELECT ord AS pi, tld FROM unnest($8::text[]) WITH ORDINALITY AS x(tld, ord)) p ON p.pi = s.pi`,
    [
      nameRoots,
      nameRoots.map((r) => slug(r)),
      words.map((x) => x.w),
      words.map((x) => slug(x.w)),
      places.length,
      sizes.companies,
      words.map((x) => x.i),
      places.map((p) => p.tld),
    ],
  );
  await db.exec('CREATE UNIQUE INDEX ON bench_companies (n)');
  await withoutIndexes(db, 'companies', log, async () => {
    await db.queryText(
      `INSERT INTO companies (id, title, search_text, name, domain, website, industry, size, employees, annual_revenue, annual_revenue_currency,
        phone, city, country, source, tags, owner_id, created_by, created_at, updated_at)
      SELECT b.id, b.name, left(lower(concat_ws(' ', b.name, b.domain, ph.phone, regexp_replace(ph.phone, '\\D', '', 'g'))), 10000),
        b.name, b.domain, 'https://www.' || b.domain, CASE WHEN b.r2 < 0.95 THEN b.industry END,
        CASE WHEN b.r3 < 0.9 THEN ($1::text[])[1 + (b.n % 7)] END, CASE WHEN b.r3 < 0.85 THEN 5 + (b.n::bigint * 31 % 5000)::int END,
        CASE WHEN b.r1 < 0.75 THEN (b.n::bigint * 7717 % 50000) * 100000 END, CASE WHEN b.r1 < 0.75 THEN (ARRAY['EUR','USD','GBP'])[1 + b.n % 3] END,
        ph.phone, ($2::text[])[b.pi], ($3::text[])[b.pi], CASE WHEN b.r2 < 0.9 THEN ($4::text[])[1 + b.n % 9] END,
        CASE WHEN b.r3 < 0.3 THEN ARRAY[($5::text[])[1 + b.n % 5]] ELSE '{}' END,
        CASE WHEN b.r2 < 0.97 THEN ($6::uuid[])[1 + (b.n::bigint * 13 % $7::int)::int] END, $8::uuid, b.created_at, b.created_at + (now() - b.created_at) * b.r2 ^ 3
      FROM bench_companies b
      CROSS JOIN LATERAL (SELECT CASE WHEN b.r3 < 0.85 THEN ($9::text[])[b.pi] || ' ' || ($10::text[])[b.pi] || ' ' || lpad((b.n::bigint * 104729 % 10000000)::text, 7, '0') END AS phone) ph`,
      [
        ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'],
        places.map((p) => p.city),
        places.map((p) => p.country),
        ['website', 'referral', 'event', 'advertising', 'partner', 'cold outreach', 'social', 'import', 'other'],
        ['key-account', 'partner', 'reseller', 'enterprise', 'smb'],
        ownerIds,
        ownerIds.length,
        adminId,
        places.map((p) => p.dial),
        places.map((p) => p.area),
      ],
    );
  });
  log(`  companies: ${sizes.companies.toLocaleString('en')} rows (${((Date.now() - t0) / 1000).toFixed(1)} s so far)`);

  const titles = jobTitles.map(([t]) => t);
  await withoutIndexes(db, 'contacts', log, async () => {
    const batch = 100_000;
    for (let from = 1; from <= sizes.contacts; from += batch) {
      const to = Math.min(sizes.contacts, from + batch - 1);
      await db.queryText(
        `INSERT INTO contacts (id, title, search_text, first_name, last_name, email, phone, job_title, company_id, lifecycle_stage,
          source, city, country, language, birthday, gender, do_not_contact, tags, owner_id, created_by, created_at, updated_at)
        SELECT ${idFrom('s.created_at', 'c', 's.g')},
          COALESCE(NULLIF(concat_ws(' ', s.first, s.last), ''), s.email, ''),
          left(lower(concat_ws(' ', s.first, s.last, s.email, translate(split_part(s.email, '@', 1), '._-', '   '), split_part(s.email, '@', 2),
            s.phone, regexp_replace(s.phone, '\\D', '', 'g'), s.job_title)), 10000),
          s.first, s.last, s.email, s.phone, s.job_title, s.company_id, s.stage, s.source, s.city, s.country, s.language, s.birthday, s.gender,
          s.r4 < 0.03, s.tags, s.owner_id, $1::uuid, s.created_at, s.created_at + (now() - s.created_at) * s.r5 ^ 3
        FROM (
          SELECT x.g, x.created_at, x.r4, x.r5, ($2::text[])[x.fi] AS first, CASE WHEN x.r1 < 0.97 THEN ($3::text[])[x.li] END AS last,
            CASE WHEN x.r2 < 0.95 THEN lower(($4::text[])[x.fi] || CASE WHEN x.r1 < 0.97 THEN '.' || ($5::text[])[x.li] ELSE '' END
              || '@' || COALESCE(b.domain, (ARRAY['gmail.com','outlook.com','gmx.de','yahoo.com','icloud.com'])[1 + x.g % 5])) END AS email,
            CASE WHEN x.r3 < 0.7 THEN ($6::text[])[x.pi] || ' ' || ($7::text[])[x.pi] || ' ' || lpad((x.g::bigint * 7919 % 10000000)::text, 7, '0') END AS phone,
            CASE WHEN x.r4 < 0.8 THEN ($8::text[])[1 + x.g % array_length($8::text[], 1)] END AS job_title,
            b.id AS company_id,
            CASE WHEN x.r5 < 0.18 THEN 'subscriber' WHEN x.r5 < 0.50 THEN 'lead' WHEN x.r5 < 0.67 THEN 'prospect'
                 WHEN x.r5 < 0.91 THEN 'customer' WHEN x.r5 < 0.96 THEN 'churned' END AS stage,
            CASE WHEN x.r2 < 0.9 THEN ($9::text[])[1 + x.g % 9] END AS source,
            CASE WHEN x.r3 < 0.9 THEN ($10::text[])[x.pi] END AS city, ($11::text[])[x.pi] AS country, ($12::text[])[x.pi] AS language,
            CASE WHEN x.r1 < 0.25 THEN date '1960-01-01' + (x.g::bigint * 7 % 15000)::int END AS birthday,
            CASE WHEN x.r3 < 0.65 THEN (ARRAY['female','male'])[1 + x.g % 2] WHEN x.r3 < 0.68 THEN 'undisclosed' END AS gender,
            CASE WHEN x.r4 < 0.4 THEN ARRAY[($13::text[])[1 + x.g % 10]] ELSE '{}' END AS tags,
            CASE WHEN x.r2 < 0.97 THEN ($14::uuid[])[1 + floor(x.r6 ^ 1.3 * $15::int)::int] END AS owner_id
          FROM (SELECT g, now() - random() * interval '1095 days' AS created_at,
                  1 + floor(random() * array_length($2::text[], 1))::int AS fi,
                  1 + floor(random() ^ 1.6 * array_length($3::text[], 1))::int AS li,
                  1 + floor(random() * array_length($10::text[], 1))::int AS pi,
                  CASE WHEN random() < 0.85 THEN 1 + floor(random() * $16::int)::int END AS cn,
                  random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
                FROM generate_series($17::int, $18::int) g) x
          LEFT JOIN bench_companies b ON b.n = x.cn
        ) s`,
        [
          adminId,
          n.first,
          n.last,
          n.firstAscii,
          n.lastAscii,
          places.map((p) => p.dial),
          places.map((p) => p.area),
          titles,
          ['website', 'referral', 'event', 'advertising', 'partner', 'cold outreach', 'social', 'import', 'other'],
          places.map((p) => p.city),
          places.map((p) => p.country),
          places.map((p) => p.lang),
          [
            'vip',
            'newsletter',
            'webinar-attendee',
            'trade-show',
            'decision-maker',
            'champion',
            'technical',
            'billing-contact',
            'beta-tester',
            'event-speaker',
          ],
          ownerIds,
          ownerIds.length,
          sizes.companies,
          from,
          to,
        ],
      );
      log(`  contacts: ${to.toLocaleString('en')} rows (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }
  });
  await db.exec('VACUUM ANALYZE companies');
  await db.exec('VACUUM ANALYZE contacts');
  await db.exec('ANALYZE users');
  await db.query(sql`INSERT INTO bench_meta (key, value) VALUES ('version', ${generatorVersion}), ('contacts', ${String(sizes.contacts)}),
    ('companies', ${String(sizes.companies)}), ('generated_at', ${new Date().toISOString()}), ('generate_seconds', ${String((Date.now() - t0) / 1000)}), ('done', 'true')`);
  return { adminId, ownerIds };
}

/** Recomputes title and search_text in JS for a sample: the SQL generator must agree with the records path. */
export async function checkConsistency(db: Db): Promise<{ checked: number; mismatches: string[] }> {
  const registry = new Registry(builtinObjects);
  await registry.load(db);
  const mismatches: string[] = [];
  let checked = 0;
  // The contacts and companies, the deals and leads of bench/sales.ts, and the activity data of
  // bench/activities.ts (smaller tables: a spread of 100 rows each, and every repeating event,
  // whose series end is checked too).
  const large = ['contact', 'company', 'deal', 'lead'];
  for (const name of [...large, 'task', 'call', 'email', 'event']) {
    const obj = registry.get(name);
    if (!obj) continue;
    const rows = await db.queryText<Record<string, unknown>>(
      large.includes(name)
        ? `SELECT * FROM ${obj.table} TABLESAMPLE SYSTEM (1) LIMIT 300`
        : `(SELECT * FROM ${obj.table} ORDER BY md5(id::text) LIMIT 100)${name === 'event' ? ` UNION SELECT * FROM ${obj.table} WHERE recurrence IS NOT NULL` : ''}`,
    );
    for (const row of rows) {
      checked++;
      const values = readValues(obj, row);
      if (computeTitle(obj, values) !== row.title)
        mismatches.push(
          `${name} ${row.id} title: ${JSON.stringify(row.title)} ≠ ${JSON.stringify(computeTitle(obj, values))}`,
        );
      if (name === 'event') {
        const end = seriesEnd({
          startsAt: new Date(row.starts_at as string),
          endsAt: new Date(row.ends_at as string),
          allDay: !!row.all_day,
          timeZone: String(row.time_zone),
          recurrence: (row.recurrence as string | null) ?? null,
        });
        const stored = row.series_ends_at ? new Date(row.series_ends_at as string).getTime() : null;
        if ((end?.getTime() ?? null) !== stored)
          mismatches.push(
            `event ${row.id} series_ends_at: ${JSON.stringify(row.series_ends_at)} ≠ ${end?.toISOString()}`,
          );
      }
      if (computeSearchText(obj, values) !== row.search_text) {
        mismatches.push(
          `${name} ${row.id} search_text: ${JSON.stringify(row.search_text)} ≠ ${JSON.stringify(computeSearchText(obj, values))}`,
        );
      }
    }
  }
  return { checked, mismatches };
}
