// Issue 13's benchmark data, beside the contacts: 3 pipelines (the migration's default one and two
// more) with their stages, deals spread over them with a stage history consistent with each deal's
// stage, and leads with scores — made in SQL like generate.ts (INSERT … SELECT FROM
// generate_series, deterministic). A pool of qualified leads is kept for the conversion scenario
// and put back after each run (resetConversions). The kept counts (decision 012) are made again
// from the tables after the load (ensureRecordCounts), so the board reads what counting gives.
import type { Db, Tx } from '../server/src/db/database.ts';
import { sql } from '../server/src/db/sql.ts';
import { industries, leadSources } from '../server/src/modules/companies/companies.object.ts';
import { categoryOf } from '../server/src/modules/deals/deal-rules.ts';
import { lostReasons } from '../server/src/modules/deals/deals.object.ts';
import { builtinObjects } from '../server/src/modules/index.ts';
import { leadSourceOptions } from '../server/src/modules/leads/leads.object.ts';
import { ensureRecordCounts, forgetRecordCounts } from '../server/src/platform/records/record-counts.ts';
import { Registry } from '../server/src/platform/registry/registry.ts';
import { nameRoots } from '../server/src/seed/demo-vocabulary.ts';
import { slug } from '../server/src/seed/random.ts';
import { ensureUsers, idFrom, nameLists, withoutIndexes } from './generate.ts';

export const salesVersion = '1';

export interface SalesSizes {
  deals: number;
  leads: number;
}

/** Qualified leads kept for `convert`: each request converts one (more than a run can use). */
export const convertPoolSize = 5_000;
const poolCampaign = 'bench-convert';

type StageDef = [name: string, probability: number, kind: 'open' | 'won' | 'lost', category: string | null];
/** The two pipelines the bench adds; the first is the migration's "Sales pipeline". */
const extraPipelines: Array<{ id: string; name: string; stages: StageDef[] }> = [
  {
    id: '0190b000-0000-7000-8000-00000000a002',
    name: 'Enterprise',
    stages: [
      ['Discovery', 10, 'open', 'pipeline'],
      ['Solution design', 20, 'open', 'pipeline'],
      ['Proposal', 40, 'open', 'bestCase'],
      ['Security review', 60, 'open', 'bestCase'],
      ['Legal', 80, 'open', 'commit'],
      ['Won', 100, 'won', null],
      ['Lost', 0, 'lost', null],
    ],
  },
  {
    id: '0190b000-0000-7000-8000-00000000a003',
    name: 'Renewals',
    stages: [
      ['Upcoming', 50, 'open', null],
      ['Quoted', 70, 'open', 'commit'],
      ['Renewed', 100, 'won', null],
      ['Churned', 0, 'lost', null],
    ],
  },
];

export interface SalesData {
  /** The pipelines by position: the board reads the first (the largest). */
  pipelines: Array<{ id: string; name: string; deals: number }>;
  /** Unconverted qualified leads, one per conversion request. */
  convertPool: string[];
  generatedSeconds: number | null;
}

async function meta(db: Db): Promise<Record<string, string>> {
  const rows = await db.queryText<{ key: string; value: string }>('SELECT key, value FROM bench_meta');
  return Object.fromEntries(rows.map((r) => [r.key, r.value]));
}

/** The deals and leads, made when bench_meta has none of this version or the counts differ; else found again. */
export async function ensureSales(db: Db, sizes: SalesSizes, log: (m: string) => void): Promise<SalesData> {
  const m = await meta(db);
  const [c] = await db.queryText<{ deals: number; leads: number }>(
    'SELECT (SELECT count(*)::int FROM deals) AS deals, (SELECT count(*)::int FROM leads) AS leads',
  );
  let generatedSeconds: number | null = null;
  if (
    m.sales_version === salesVersion &&
    m.sales_done === 'true' &&
    String(c.deals) === m.deals &&
    String(c.leads) === m.leads &&
    c.deals === sizes.deals &&
    c.leads === sizes.leads
  ) {
    log(
      `reusing the sales data (${sizes.deals.toLocaleString('en')} deals in 3 pipelines, ${sizes.leads.toLocaleString('en')} leads)`,
    );
    const reset = await resetConversions(db);
    if (reset) log(`  ${reset} converted pool leads put back (an interrupted run)`);
    for (const t of ['deals', 'leads', 'deal_stage_history', 'deal_won_months', 'deal_open_months'])
      await db.exec(`VACUUM ANALYZE ${t}`);
  } else {
    const t0 = Date.now();
    log(
      `generating ${sizes.deals.toLocaleString('en')} deals and ${sizes.leads.toLocaleString('en')} leads (issue 13)…`,
    );
    await generateSales(db, sizes, log);
    generatedSeconds = (Date.now() - t0) / 1000;
    log(`  sales data generated in ${generatedSeconds.toFixed(1)} s`);
  }
  const pipelines = await db.queryText<{ id: string; name: string; deals: number }>(
    `SELECT p.id, p.name, (SELECT count(*)::int FROM deals d WHERE d.pipeline_id = p.id) AS deals
     FROM pipelines p WHERE p.deleted_at IS NULL ORDER BY p.position, p.id`,
  );
  const pool = await db.queryText<{ id: string }>(
    `SELECT id FROM leads WHERE utm_campaign = $1 AND status = 'qualified' AND deleted_at IS NULL ORDER BY id`,
    [poolCampaign],
  );
  return { pipelines, convertPool: pool.map((r) => r.id), generatedSeconds };
}

async function ensurePipelines(db: Db): Promise<void> {
  for (const [i, p] of extraPipelines.entries()) {
    await db.query(sql`INSERT INTO pipelines (id, title, search_text, name, position)
      VALUES (${p.id}::uuid, ${p.name}, ${p.name.toLowerCase()}, ${p.name}, ${i + 1}) ON CONFLICT (id) DO NOTHING`);
    for (const [position, [name, probability, kind, category]] of p.stages.entries()) {
      const id = `${p.id.slice(0, -4)}${String(position + 1).padStart(2, '0')}${p.id.slice(-2)}`;
      await db.query(sql`INSERT INTO pipeline_stages (id, title, search_text, name, pipeline_id, position, probability, kind,
          forecast_category, rotting_days, required_fields)
        VALUES (${id}::uuid, ${name}, ${name.toLowerCase()}, ${name}, ${p.id}::uuid, ${position}, ${probability}, ${kind},
          ${category}, ${kind === 'open' ? 14 : null}, ${kind === 'won' ? ['amount'] : kind === 'lost' ? ['lostReason'] : []}::text[])
        ON CONFLICT (id) DO NOTHING`);
    }
  }
}

/**
 * The stages numbered by pipeline (pn, by position) and place (ord: the open ones 0…, then won, then
 * lost), with what a deal in each gets (deal-rules.ts: status, probability, forecast category).
 */
async function stageTable(db: Db): Promise<number[]> {
  const rows = await db.queryText<{
    id: string;
    pn: number;
    ord: number;
    kind: 'open' | 'won' | 'lost';
    probability: number;
    forecast_category: string | null;
  }>(`SELECT s.id, p.pn::int, (row_number() OVER (PARTITION BY p.pn ORDER BY CASE s.kind WHEN 'open' THEN 0 WHEN 'won' THEN 1 ELSE 2 END, s.position) - 1)::int AS ord,
      s.kind, s.probability, s.forecast_category
    FROM pipeline_stages s
    JOIN (SELECT id, row_number() OVER (ORDER BY position, id) AS pn FROM pipelines WHERE deleted_at IS NULL) p ON p.id = s.pipeline_id
    WHERE s.deleted_at IS NULL ORDER BY 2, 3`);
  const nOpen = [1, 2, 3].map((pn) => rows.filter((r) => r.pn === pn && r.kind === 'open').length);
  await db.exec('DROP TABLE IF EXISTS bench_stages');
  await db.exec(
    'CREATE TABLE bench_stages (pn int, ord int, id uuid, pipeline_id uuid, kind text, probability int, category text, n_open int, PRIMARY KEY (pn, ord))',
  );
  await db.queryText(
    `INSERT INTO bench_stages SELECT x.pn, x.ord, x.id, s.pipeline_id, s.kind, s.probability, x.category, ($4::int[])[x.pn]
     FROM unnest($1::int[], $2::int[], $3::uuid[], $5::text[]) x(pn, ord, id, category) JOIN pipeline_stages s ON s.id = x.id`,
    [rows.map((r) => r.pn), rows.map((r) => r.ord), rows.map((r) => r.id), nOpen, rows.map((r) => categoryOf(r))],
  );
  return nOpen;
}

const products = [
  'Platform licence',
  'Support plan',
  'Onboarding',
  'Expansion',
  'Pilot',
  'Consulting',
  'Data migration',
  'Training',
  'Add-on seats',
  'Integration',
];

/**
 * One load statement without the row triggers of foreign keys and the search dictionary: a deal
 * references six tables, and checking 6 million references took as long as the rows themselves.
 * The ids come from those tables, and the dictionary is filled afterwards.
 */
async function loadTx(db: Db, load: (tx: Tx) => Promise<unknown>): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL session_replication_role = replica');
    await load(tx);
  });
}

async function generateSales(db: Db, sizes: SalesSizes, log: (m: string) => void): Promise<void> {
  const t0 = Date.now();
  const step = (what: string) => log(`  ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await db.exec(`DELETE FROM bench_meta WHERE key LIKE 'sales_%' OR key IN ('deals', 'leads')`);
  // The tables whose rows point at deals and leads are empty in the bench; TRUNCATE forgets the counts too.
  await db.exec('TRUNCATE deal_stage_history, deal_contacts, deals, leads, lead_engagements CASCADE');
  if (db.kind === 'server') await db.exec(`SET maintenance_work_mem = '512MB'`);
  await db.exec('SELECT setseed(0.13)');
  const { adminId, ownerIds } = await ensureUsers(db);
  // Reps beyond the team of 20 (the listeners of bench/activities.ts): a rep's team scope is part of the deals.
  const others = (
    await db.queryText<{ id: string }>(`SELECT id FROM users WHERE email LIKE 'listener%@bench.example' ORDER BY email`)
  ).map((r) => r.id);
  // Contacts to name as the deals' main contacts, numbered.
  await db.exec('DROP TABLE IF EXISTS bench_sales_contacts');
  await db.exec(
    'CREATE TABLE bench_sales_contacts AS SELECT row_number() OVER (ORDER BY id)::int AS n, id FROM (SELECT id FROM contacts ORDER BY id LIMIT 100000) x',
  );
  await db.exec('CREATE UNIQUE INDEX ON bench_sales_contacts (n)');
  await ensurePipelines(db);
  const nOpen = await stageTable(db);
  // Without the count triggers during the load (one recount afterwards is cheaper than deltas per batch).
  await db.transaction(async (tx) => {
    await forgetRecordCounts(tx, 'deals');
    await forgetRecordCounts(tx, 'leads');
  });
  // 60 % of the rows owned by the 20 owners (skewed, as the contacts), 37 % by the other reps, 3 % by nobody.
  const ownerSql = (r: string) =>
    `CASE WHEN ${r} < 0.6 THEN ($1::uuid[])[1 + floor((${r} / 0.6) ^ 1.3 * $2::int)::int]
          WHEN ${r} < 0.97 AND $4::int > 0 THEN ($3::uuid[])[1 + floor((${r} - 0.6) / 0.37 * $4::int)::int] END`;
  const ownerParams = [ownerIds, ownerIds.length, others, others.length];
  const batch = 100_000;

  const [{ n: companyCount }] = await db.queryText<{ n: number }>('SELECT count(*)::int AS n FROM bench_companies');
  const [{ n: contactCount }] = await db.queryText<{ n: number }>(
    'SELECT count(*)::int AS n FROM bench_sales_contacts',
  );
  await withoutIndexes(db, 'deals', log, async () => {
    for (let from = 1; from <= sizes.deals; from += batch) {
      const to = Math.min(sizes.deals, from + batch - 1);
      await loadTx(db, (tx) =>
        tx.queryText(
          `INSERT INTO deals (id, title, search_text, name, amount, amount_currency, pipeline_id, stage_id, status, expected_close_date,
          company_id, contact_id, probability, weighted_amount, weighted_amount_currency, forecast_category, lost_reason, source,
          stage_entered_at, closed_at, owner_id, created_by, created_at, updated_at)
        SELECT ${idFrom('y.created_at', 'deal', 'y.g')}, y.name, lower(y.name), y.name, y.amount, y.currency, st.pipeline_id, st.id, st.kind,
          CASE WHEN st.kind = 'open' THEN current_date + (y.r4 * 365 - 45)::int ELSE y.entered::date END,
          y.company_id, y.contact_id, st.probability,
          round(y.amount::numeric * st.probability / 100)::bigint, CASE WHEN y.amount IS NOT NULL THEN y.currency END,
          st.category, CASE WHEN st.kind = 'lost' THEN ($7::text[])[1 + y.g % array_length($7::text[], 1)] END,
          CASE WHEN y.r3 < 0.9 THEN ($8::text[])[1 + y.g % array_length($8::text[], 1)] END,
          y.entered, CASE WHEN st.kind <> 'open' THEN y.entered END, y.owner_id, $9::uuid, y.created_at, y.entered
        FROM (
          SELECT x.*, b.id AS company_id, k.id AS contact_id,
            COALESCE(b.name, 'Direct') || ' – ' || ($6::text[])[1 + x.g % array_length($6::text[], 1)] AS name,
            CASE WHEN x.ord >= 2 OR x.ord >= x.n_open OR x.r1 < 0.9 THEN (round(exp(ln(1000) + x.r2 * ln(500))) * 100)::bigint END AS amount,
            (ARRAY['EUR','USD','GBP'])[CASE WHEN x.r3 < 0.5 THEN 1 WHEN x.r3 < 0.85 THEN 2 ELSE 3 END] AS currency,
            CASE WHEN x.ord = 0 THEN x.created_at ELSE x.created_at + (now() - x.created_at) * x.r5 ^ 2 END AS entered
          FROM (
            SELECT w.*, ($5::int[])[w.pn] AS n_open, ${ownerSql('w.ro')} AS owner_id,
              CASE WHEN w.rs < 0.35 THEN floor((w.rs / 0.35) ^ 1.5 * ($5::int[])[w.pn])::int
                   WHEN w.rs < 0.7 THEN ($5::int[])[w.pn] ELSE ($5::int[])[w.pn] + 1 END AS ord
            FROM (SELECT g, now() - random() * interval '1095 days' AS created_at,
                    CASE WHEN random() < 0.6 THEN 1 WHEN random() < 0.625 THEN 2 ELSE 3 END AS pn,
                    random() AS rs, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS ro,
                    CASE WHEN random() < 0.7 THEN 1 + floor(random() * $10::int)::int END AS cn,
                    CASE WHEN random() < 0.6 THEN 1 + floor(random() * $11::int)::int END AS kn
                  FROM generate_series($12::int, $13::int) g) w
          ) x
          LEFT JOIN bench_companies b ON b.n = x.cn
          LEFT JOIN bench_sales_contacts k ON k.n = x.kn
        ) y
        JOIN bench_stages st ON st.pn = y.pn AND st.ord = y.ord`,
          [
            ...ownerParams,
            nOpen,
            products,
            lostReasons.map((r) => r.value),
            leadSources,
            adminId,
            companyCount,
            contactCount,
            from,
            to,
          ],
        ),
      );
      step(`deals: ${to.toLocaleString('en')} rows`);
    }
  });

  // The stage history: each deal went through the open stages in order up to its own (a lost deal
  // up to a stage of its own), entering each at an even share of the time to its current stage.
  await withoutIndexes(db, 'deal_stage_history', log, async () => {
    await loadTx(db, (tx) =>
      tx.exec(`INSERT INTO deal_stage_history (deal_id, pipeline_id, stage_id, entered_at, left_at, moved_by)
      SELECT d.id, d.pipeline_id, CASE WHEN h.i = p.hops - 1 THEN d.stage_id ELSE o.id END,
        d.created_at + (d.stage_entered_at - d.created_at) * (h.i::float8 / greatest(p.hops - 1, 1)),
        CASE WHEN h.i < p.hops - 1 THEN d.created_at + (d.stage_entered_at - d.created_at) * ((h.i + 1)::float8 / (p.hops - 1)) END,
        d.owner_id
      FROM deals d
      JOIN bench_stages st ON st.id = d.stage_id
      CROSS JOIN LATERAL (SELECT CASE WHEN st.kind = 'open' THEN st.ord + 1 WHEN st.kind = 'won' THEN st.n_open + 1
                                      ELSE 2 + abs(hashtext(d.id::text)) % st.n_open END AS hops) p
      CROSS JOIN LATERAL generate_series(0, p.hops - 1) h(i)
      LEFT JOIN bench_stages o ON o.pn = st.pn AND o.ord = h.i`),
    );
  });
  step('stage history');

  const n = nameLists();
  await withoutIndexes(db, 'leads', log, async () => {
    for (let from = 1; from <= sizes.leads; from += batch) {
      const to = Math.min(sizes.leads, from + batch - 1);
      // The first convertPoolSize leads are the conversion pool: qualified, with a company and a site.
      await loadTx(db, (tx) =>
        tx.queryText(
          `INSERT INTO leads (id, title, search_text, first_name, last_name, email, phone, company_name, job_title, website,
          industry, country, city, source, status, disqualified_reason, score, utm_source, utm_campaign, converted_at,
          owner_id, created_by, created_at, updated_at)
        SELECT ${idFrom('s.created_at', 'lead', 's.g')},
          COALESCE(NULLIF(concat_ws(' ', s.first, s.last), ''), s.email, s.company, ''),
          left(lower(concat_ws(' ', s.first, s.last, s.email, translate(split_part(s.email, '@', 1), '._-', '   '), split_part(s.email, '@', 2),
            s.phone, regexp_replace(s.phone, '\\D', '', 'g'), s.company, s.job_title)), 10000),
          s.first, s.last, s.email, s.phone, s.company, s.job_title, s.website, s.industry, s.country, s.city, s.source, s.status,
          CASE WHEN s.status = 'disqualified' THEN 'Not a fit' END, s.score,
          CASE WHEN s.pool THEN 'bench' WHEN s.r3 < 0.4 THEN (ARRAY['google','linkedin','newsletter'])[1 + s.g % 3] END,
          CASE WHEN s.pool THEN $14::text WHEN s.r3 < 0.4 THEN 'spring-' || (s.g % 12)::text END,
          CASE WHEN s.status = 'converted' THEN s.created_at + (now() - s.created_at) * s.r4 END,
          s.owner_id, $9::uuid, s.created_at, s.created_at + (now() - s.created_at) * s.r4 ^ 2
        FROM (
          SELECT x.*, ($5::text[])[x.fi] AS first, CASE WHEN x.r1 < 0.97 THEN ($6::text[])[x.li] END AS last,
            lower(($7::text[])[x.fi] || '.' || ($8::text[])[x.li] || '.' || x.g::text || '@' ||
              CASE WHEN x.site THEN x.dom ELSE (ARRAY['gmail.com','outlook.com','gmx.de','yahoo.com'])[1 + x.g % 4] END) AS email,
            CASE WHEN x.r2 < 0.6 THEN '+49 ' || (30 + x.g % 70)::text || ' ' || lpad((x.g::bigint * 7919 % 10000000)::text, 7, '0') END AS phone,
            CASE WHEN x.pool OR x.r2 < 0.75 THEN ($10::text[])[1 + x.g % array_length($10::text[], 1)] || ' ' || ($11::text[])[1 + x.g % 7] END AS company,
            CASE WHEN x.r3 < 0.7 THEN (ARRAY['CEO','CTO','Head of Sales','Buyer','Operations manager','IT director'])[1 + x.g % 6] END AS job_title,
            CASE WHEN x.site THEN 'https://www.' || x.dom END AS website,
            CASE WHEN x.r4 < 0.8 THEN ($12::text[])[1 + x.g % array_length($12::text[], 1)] END AS industry,
            (ARRAY['Germany','France','United Kingdom','United States','Spain','Italy'])[1 + x.g % 6] AS country,
            CASE WHEN x.r5 < 0.7 THEN (ARRAY['Berlin','Paris','London','New York','Madrid','Milan'])[1 + x.g % 6] END AS city,
            ($13::text[])[1 + x.g % array_length($13::text[], 1)] AS source,
            CASE WHEN x.pool THEN 'qualified' WHEN x.rs < 0.35 THEN 'new' WHEN x.rs < 0.6 THEN 'contacted' WHEN x.rs < 0.75 THEN 'qualified'
                 WHEN x.rs < 0.85 THEN 'disqualified' ELSE 'converted' END AS status,
            floor(101 * x.r6 ^ 2)::int AS score
          FROM (
            SELECT w.*, ${ownerSql('w.ro')} AS owner_id, w.g <= $15::int AS pool, (w.g <= $15::int OR w.r2 < 0.5) AS site,
              lower(($16::text[])[1 + w.g % array_length($16::text[], 1)]) || '-' || w.g::text || '.example.com' AS dom
            FROM (SELECT g, now() - random() * interval '730 days' AS created_at,
                    1 + floor(random() * array_length($5::text[], 1))::int AS fi,
                    1 + floor(random() ^ 1.6 * array_length($6::text[], 1))::int AS li,
                    random() AS rs, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6,
                    random() AS ro
                  FROM generate_series($17::int, $18::int) g) w
          ) x
        ) s`,
          [
            ...ownerParams,
            n.first,
            n.last,
            n.firstAscii,
            n.lastAscii,
            adminId,
            nameRoots,
            ['GmbH', 'Ltd', 'Inc', 'SA', 'AG', 'Group', 'Labs'],
            industries,
            leadSourceOptions.map((o) => o.value),
            poolCampaign,
            convertPoolSize,
            nameRoots.map((r) => slug(r)),
            from,
            to,
          ],
        ),
      );
      step(`leads: ${to.toLocaleString('en')} rows`);
    }
  });
  // The typo search's dictionary, which the load's skipped triggers would have filled (decision 007).
  for (const t of ['deals', 'leads']) await db.queryText('SELECT kith_enable_search_words($1::regclass)', [t]);
  // And the deals' monthly sums (decision 034), which the skipped triggers would have kept.
  await db.exec('SELECT deal_won_months_rebuild(), deal_open_months_rebuild()');
  for (const t of [
    'deals',
    'leads',
    'deal_stage_history',
    'deal_won_months',
    'deal_open_months',
    'pipelines',
    'pipeline_stages',
  ])
    await db.exec(`VACUUM ANALYZE ${t}`);
  // The kept counts from the tables, as start-up would make them (decision 012).
  const registry = new Registry(builtinObjects);
  await registry.load(db);
  const counted = await ensureRecordCounts(db, registry, ['deal', 'lead']);
  step(`kept counts made again for ${counted.join(', ') || 'nothing'}`);
  await db.exec('VACUUM ANALYZE record_counts');
  await db.query(sql`INSERT INTO bench_meta (key, value) VALUES ('sales_version', ${salesVersion}),
    ('deals', ${String(sizes.deals)}), ('leads', ${String(sizes.leads)}), ('sales_done', 'true')`);
}

/**
 * Plain indexes on every column with a foreign key to `tables`, made in the transaction and dropped
 * at its end. The relation indexes are partial (WHERE deleted_at IS NULL), which the foreign key's
 * own `UPDATE … SET NULL WHERE col = $1` cannot use: without these each deleted row scans every
 * referencing table (1M deals, 1M leads, 1M contacts).
 */
export async function withForeignKeyIndexes<T>(tx: Tx, tables: string[], fn: () => Promise<T>): Promise<T> {
  const refs = await tx.queryText<{ tbl: string; col: string }>(
    `SELECT c.conrelid::regclass::text AS tbl, a.attname AS col
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 AND c.confrelid::regclass::text = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1] AND i.indpred IS NULL)`,
    [tables],
  );
  const names = refs.map((_, i) => `bench_fk_${i}`);
  for (const [i, r] of refs.entries()) await tx.exec(`CREATE INDEX ${names[i]} ON ${r.tbl} ("${r.col}")`);
  const result = await fn();
  for (const name of names) await tx.exec(`DROP INDEX ${name}`);
  return result;
}

/**
 * Puts the conversion pool back: the contacts, companies and deals the conversions made go, and
 * their leads are qualified again. Returns how many leads it put back.
 */
export async function resetConversions(db: Db): Promise<number> {
  const n = await db.transaction(async (tx) => {
    const made = await tx.queryText<{
      id: string;
      contact: string | null;
      company: string | null;
      deal: string | null;
    }>(
      `SELECT id, converted_contact_id AS contact, converted_company_id AS company, converted_deal_id AS deal
       FROM leads WHERE utm_campaign = $1 AND status = 'converted'`,
      [poolCampaign],
    );
    if (!made.length) return 0;
    const ids = (k: 'contact' | 'company' | 'deal') => made.map((m) => m[k]).filter((x): x is string => !!x);
    await tx.queryText(
      `UPDATE leads SET status = 'qualified', converted_at = NULL, converted_contact_id = NULL, converted_company_id = NULL,
         converted_deal_id = NULL WHERE id = ANY($1::uuid[])`,
      [made.map((m) => m.id)],
    );
    await withForeignKeyIndexes(tx, ['deals', 'contacts', 'companies'], async () => {
      await tx.queryText('DELETE FROM deals WHERE id = ANY($1::uuid[])', [ids('deal')]);
      await tx.queryText('DELETE FROM contacts WHERE id = ANY($1::uuid[])', [ids('contact')]);
      await tx.queryText('DELETE FROM companies WHERE id = ANY($1::uuid[])', [ids('company')]);
    });
    return made.length;
  });
  if (n) for (const t of ['deals', 'leads', 'contacts', 'companies']) await db.exec(`VACUUM ANALYZE ${t}`);
  return n;
}
