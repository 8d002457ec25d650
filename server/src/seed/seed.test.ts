import { DateTime } from 'luxon';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../db/sql.ts';
import { categoryOf, type StageRow, weighted } from '../modules/deals/deal-rules.ts';
import { projectRevenue } from '../modules/forecasts/projection.ts';
import { rescoreAll } from '../modules/leads/scoring.service.ts';
import { runReassign } from '../modules/territories/territory-reassign.ts';
import { hashPassword } from '../platform/auth/crypto.ts';
import type { ResolvedObject } from '../platform/registry/registry.ts';
import { type Agent, createTestApp, signIn, type TestApp, testPassword } from '../test/factories.ts';
import { createTestDb } from '../test/test-db.ts';
import { hasDemoData, seedDemoData } from './demo-data.ts';
import { demoCtx } from './demo-write.ts';
import { asciiFold } from './random.ts';

// A Sunday: "today" is not a working day, and this week's meetings are behind.
const now = new Date('2026-03-01T12:00:00Z');
const day = 86_400_000;
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const snapshot = (db: TestApp['db']) =>
  db.query(sql`
    SELECT c.id, c.title, c.search_text, c.email, c.lifecycle_stage, c.owner_id, c.created_at, co.title AS company
    FROM contacts c LEFT JOIN companies co ON co.id = c.company_id ORDER BY c.id`);

describe('demo data', () => {
  it('fills a believable company, and marks the database as seeded', async () => {
    expect(await hasDemoData(t.db)).toBe(false);
    // About 4 s alone on PGlite (how long is no test's business: a busy machine took 30 s).
    const r = await seedDemoData(t.db, { adminId: t.admin.userId, seed: 7, now, registry: t.registry });
    expect(r).toMatchObject({ companies: 200, contacts: 1000, notes: 2000 });
    expect(r.calls).toBeGreaterThan(1000);
    expect(r.emails).toBeGreaterThan(800);
    expect(r.meetings).toBeGreaterThan(150);
    expect(r.tasks).toBeGreaterThan(300);
    expect(r.users.map((u) => u.role).sort()).toEqual([
      'marketing',
      'sales_manager',
      'sales_rep',
      'sales_rep',
      'support_agent',
    ]);
    expect(await hasDemoData(t.db)).toBe(true);

    const [counts] = await t.db.query<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM companies) AS companies, (SELECT count(*)::int FROM contacts) AS contacts,
      (SELECT count(*)::int FROM notes) AS notes, (SELECT count(*)::int FROM teams) AS teams,
      (SELECT count(*)::int FROM contacts WHERE company_id IS NULL) AS without_company,
      (SELECT count(DISTINCT owner_id)::int FROM contacts) AS owners,
      (SELECT count(DISTINCT lifecycle_stage)::int FROM contacts) AS stages,
      (SELECT count(*)::int FROM contacts WHERE title = '' OR search_text = '') AS untitled,
      (SELECT count(*)::int FROM contacts c JOIN companies co ON co.id = c.company_id
        WHERE c.email IS NOT NULL AND split_part(c.email, '@', 2) <> co.domain) AS off_domain,
      (SELECT extract(day FROM max(created_at) - min(created_at))::int FROM contacts) AS days_spread`);
    expect(counts).toMatchObject({ companies: 200, contacts: 1000, notes: 2000, teams: 2, stages: 5, untitled: 0 });
    expect(counts.without_company).toBeGreaterThan(50);
    expect(counts.without_company).toBeLessThan(250);
    expect(counts.owners).toBeGreaterThanOrEqual(5);
    expect(counts.off_domain).toBe(0);
    expect(counts.days_spread).toBeGreaterThan(300);

    // Demo users cannot sign in until invited (no password given).
    const [u] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM users WHERE email LIKE '%@kith-demo.example' AND password_hash IS NULL`,
    );
    expect(u.n).toBe(5);
  }, 120_000);

  it('gives the sales team pipelines, territories, quotas and two years of deals and leads', async () => {
    const [n] = await t.db.query<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM pipelines WHERE deleted_at IS NULL) AS pipelines,
      (SELECT count(*)::int FROM pipelines WHERE name = 'Sales pipeline') AS sales_pipelines,
      (SELECT count(DISTINCT pipeline_id)::int FROM deals) AS pipelines_with_deals,
      (SELECT count(*)::int FROM deals) AS deals,
      (SELECT count(*)::int FROM deals WHERE status = 'open') AS open,
      (SELECT count(*)::int FROM deals WHERE status = 'lost' AND lost_reason IS NULL) AS lost_without_reason,
      (SELECT count(DISTINCT amount_currency)::int FROM deals) AS currencies,
      (SELECT count(*)::int FROM deals WHERE amount_currency = 'EUR') AS eur,
      (SELECT count(*)::int FROM deals d JOIN users u ON u.id = d.owner_id JOIN roles r ON r.id = u.role_id
        WHERE r.key NOT IN ('sales_rep', 'sales_manager')) AS not_by_sales,
      (SELECT count(*)::int FROM deals WHERE company_id IS NULL OR title = '' OR search_text = '') AS unfinished,
      (SELECT count(*)::int FROM deals d WHERE contact_id IS NOT NULL AND NOT EXISTS
        (SELECT 1 FROM deal_contacts l WHERE l.deal_id = d.id AND l.contact_id = d.contact_id)) AS main_not_on_deal,
      (SELECT count(*)::int FROM deal_contacts) AS deal_contacts,
      (SELECT count(*)::int FROM deals d JOIN companies c ON c.id = d.company_id WHERE c.created_at > d.created_at) AS before_company,
      (SELECT count(*)::int FROM deal_contacts l JOIN contacts c ON c.id = l.contact_id JOIN deals d ON d.id = l.deal_id
        WHERE c.created_at > d.created_at OR c.company_id IS DISTINCT FROM d.company_id) AS strangers,
      (SELECT extract(day FROM ${now}::timestamptz - min(created_at))::int FROM deals) AS history_days,
      (SELECT count(*)::int FROM territories) AS territories,
      (SELECT count(*)::int FROM territory_members) AS members,
      (SELECT count(*)::int FROM companies WHERE territory_id IS NOT NULL) AS companies_placed,
      (SELECT count(*)::int FROM deals WHERE territory_id IS NOT NULL) AS deals_placed,
      (SELECT count(*)::int FROM quotas) AS quotas,
      (SELECT count(*)::int FROM forecast_adjustments) AS adjustments,
      (SELECT count(*)::int FROM lead_assignment_rules) AS rules,
      (SELECT jsonb_array_length(value -> 'fieldRules')::int FROM lead_settings WHERE key = 'scoring') AS field_rules`);
    expect(n).toMatchObject({
      pipelines: 3,
      sales_pipelines: 1,
      pipelines_with_deals: 3,
      lost_without_reason: 0,
      currencies: 3,
      not_by_sales: 0,
      unfinished: 0,
      main_not_on_deal: 0,
      before_company: 0,
      strangers: 0,
      territories: 9,
      rules: 2,
      field_rules: 4,
    });
    expect(n.deals).toBeGreaterThan(300);
    expect(n.deals).toBeLessThan(900);
    expect(n.open).toBeGreaterThan(50);
    expect(n.eur / n.deals).toBeGreaterThan(0.4);
    expect(n.deal_contacts).toBeGreaterThan(n.deals);
    expect(n.history_days).toBeGreaterThanOrEqual(730);
    expect(n.members).toBeGreaterThan(8);
    expect(n.companies_placed).toBeGreaterThan(120);
    expect(n.deals_placed).toBeGreaterThan(n.deals / 2);
    // Three sellers, each a quota for every quarter of the two years and the next one.
    expect(n.quotas).toBe(3 * 10);
    expect(n.adjustments).toBeGreaterThanOrEqual(2);

    // Open deals spread over every open stage of the Sales pipeline; some sit longer than they should.
    const [open] = await t.db.query<Record<string, number>>(sql`
      SELECT count(DISTINCT d.stage_id)::int AS stages,
        (SELECT count(*)::int FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id
          WHERE p.name = 'Sales pipeline' AND s.kind = 'open') AS open_stages,
        count(*) FILTER (WHERE d.stage_entered_at < ${now}::timestamptz - make_interval(days => s.rotting_days))::int AS rotting,
        count(*)::int AS total
      FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id JOIN pipelines p ON p.id = d.pipeline_id
      WHERE d.status = 'open' AND p.name = 'Sales pipeline'`);
    expect(open.stages).toBe(open.open_stages);
    expect(open.rotting).toBeGreaterThan(3);
    expect(open.rotting).toBeLessThan(open.total / 2);
  });

  it("keeps every deal's stage history consistent with its stage, as the deal rules compute it", async () => {
    // All of them in SQL: one open visit per deal, the last, at the stage it is in since it entered;
    // visits follow each other without gaps; closed deals closed as they entered their closed stage.
    const [bad] = await t.db.query<Record<string, number>>(sql`
      WITH h AS (SELECT h.*, lead(h.entered_at) OVER w AS next_entered,
          row_number() OVER w AS nth, count(*) OVER (PARTITION BY h.deal_id) AS visits
        FROM deal_stage_history h WINDOW w AS (PARTITION BY h.deal_id ORDER BY h.entered_at, h.id)),
      last AS (SELECT * FROM h WHERE nth = visits), first AS (SELECT * FROM h WHERE nth = 1)
      SELECT
        (SELECT count(*)::int FROM deals d WHERE NOT EXISTS (SELECT 1 FROM h WHERE h.deal_id = d.id)) AS no_history,
        (SELECT count(*)::int FROM h WHERE h.left_at IS DISTINCT FROM h.next_entered) AS gaps,
        (SELECT count(*)::int FROM h WHERE h.left_at <= h.entered_at) AS backwards,
        (SELECT count(*)::int FROM h WHERE h.entered_at > ${now}) AS future,
        (SELECT count(*)::int FROM deals d JOIN last l ON l.deal_id = d.id
          WHERE l.stage_id <> d.stage_id OR l.entered_at <> d.stage_entered_at OR l.pipeline_id <> d.pipeline_id
             -- The system (no one) moves a deal a customer won by accepting its quote.
             OR (l.moved_by IS DISTINCT FROM d.owner_id AND l.moved_by IS NOT NULL)) AS wrong_last,
        (SELECT count(*)::int FROM deals d JOIN first f ON f.deal_id = d.id WHERE f.entered_at <> d.created_at) AS wrong_first,
        (SELECT count(*)::int FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
          WHERE d.status <> s.kind OR d.probability <> s.probability
             OR d.weighted_amount IS DISTINCT FROM round(d.amount * s.probability / 100.0)::bigint
             OR (s.kind = 'open') <> (d.closed_at IS NULL)
             OR (s.kind <> 'open' AND d.closed_at <> d.stage_entered_at)
             OR d.updated_at < d.stage_entered_at OR d.updated_at > ${now}) AS off_rules,
        (SELECT count(*)::int FROM deal_stage_history h JOIN pipeline_stages s ON s.id = h.stage_id
          WHERE s.pipeline_id <> h.pipeline_id) AS stray_stage,
        (SELECT count(*)::int FROM h JOIN pipeline_stages s ON s.id = h.stage_id
          WHERE s.kind <> 'open' AND h.nth < h.visits) AS moved_after_close`);
    expect(bad).toEqual({
      no_history: 0,
      gaps: 0,
      backwards: 0,
      future: 0,
      wrong_last: 0,
      wrong_first: 0,
      off_rules: 0,
      stray_stage: 0,
      moved_after_close: 0,
    });

    // A sample through the API, checked against the stage with deal-rules.ts's own functions.
    const sample = await t.db.query<{ id: string }>(sql`
      (SELECT id FROM deals WHERE status = 'open' ORDER BY id LIMIT 10)
      UNION ALL (SELECT id FROM deals WHERE status = 'won' ORDER BY id DESC LIMIT 10)
      UNION ALL (SELECT id FROM deals WHERE status = 'lost' ORDER BY id LIMIT 10)`);
    for (const { id } of sample) {
      const deal = await t.admin.request('GET', `/api/v1/deals/${id}`);
      expect(deal.status).toBe(200);
      const [stage] = await t.db.query<StageRow>(sql`
        SELECT id, name, pipeline_id, probability, kind, forecast_category, required_fields
        FROM pipeline_stages WHERE id = ${deal.body.stageId}::uuid`);
      const d = deal.body;
      expect(d).toMatchObject({
        pipelineId: stage.pipeline_id,
        status: stage.kind,
        probability: stage.probability,
        forecastCategory: categoryOf(stage),
        weightedAmount: weighted(d.amount, stage.probability),
        closedAt: stage.kind === 'open' ? null : d.stageEnteredAt,
      });
      for (const f of stage.required_fields) expect(d[f], `${d.name}: ${f}`).not.toBeNull();
      const visits = await t.admin.request('GET', `/api/v1/deals/${id}/stages`);
      expect(visits.status).toBe(200);
      const last = visits.body.data.at(-1);
      expect(last).toMatchObject({ stageId: stage.id, enteredAt: d.stageEnteredAt, leftAt: null });
      expect(visits.body.data[0].enteredAt).toBe(d.createdAt);
    }
  });

  it('sells more each year and most in Q4, as a projection can find', async () => {
    const months = await t.db.query<{ month: string; amount: number }>(sql`
      SELECT to_char(closed_at, 'YYYY-MM') AS month, sum(amount)::float8 AS amount FROM deals
      WHERE status = 'won' AND closed_at >= date_trunc('month', ${now}::timestamptz) - interval '24 months'
        AND closed_at < date_trunc('month', ${now}::timestamptz)
      GROUP BY 1 ORDER BY 1`);
    expect(months).toHaveLength(24);
    const inQuarter = (q: number) =>
      months.filter((m) => Math.ceil(Number(m.month.slice(5)) / 3) === q).map((m) => m.amount);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(inQuarter(4))).toBeGreaterThan(mean(inQuarter(3)));
    const august = months.filter((m) => m.month.endsWith('-08')).map((m) => m.amount);
    expect(mean(august)).toBeLessThan(mean(months.map((m) => m.amount)));
    const [earlier, later] = [
      mean(months.slice(0, 12).map((m) => m.amount)),
      mean(months.slice(12).map((m) => m.amount)),
    ];
    expect(later).toBeGreaterThan(earlier * 1.2);
    const projection = projectRevenue(months, { months: 12 });
    expect(projection.method).toMatch(/^holtWinters/);

    // Quarter ends draw closes: the last two weeks of a quarter hold more than their share.
    const [ends] = await t.db.query<{ share: number }>(sql`
      SELECT avg(CASE WHEN extract(month FROM closed_at)::int % 3 = 0 AND extract(day FROM closed_at) >= 16
        THEN 1 ELSE 0 END)::float8 AS share FROM deals WHERE status IN ('won', 'lost')`);
    expect(ends.share).toBeGreaterThan(0.5 / 6);

    // Quotas are in line with what was sold: over the two years, the team made 70–130% of them.
    const [att] = await t.db.query<{ quota: number; won: number }>(sql`
      SELECT (SELECT sum(amount)::float8 FROM quotas WHERE period_start < date_trunc('quarter', ${now}::timestamptz)
          AND period_start >= date_trunc('month', ${now}::timestamptz) - interval '24 months') AS quota,
        (SELECT sum(amount / CASE amount_currency WHEN 'USD' THEN 1.1 WHEN 'GBP' THEN 0.86 ELSE 1 END)::float8 FROM deals
          WHERE status = 'won' AND closed_at < date_trunc('quarter', ${now}::timestamptz)
            AND closed_at >= date_trunc('month', ${now}::timestamptz) - interval '24 months') AS won`);
    expect(att.won / att.quota).toBeGreaterThan(0.7);
    expect(att.won / att.quota).toBeLessThan(1.3);
  });

  it('gives leads that converted into live records, scores and territories as their modules make them', async () => {
    const [l] = await t.db.query<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM leads) AS leads,
      (SELECT count(DISTINCT status)::int FROM leads) AS statuses,
      (SELECT count(DISTINCT source)::int FROM leads) AS sources,
      (SELECT count(*)::int FROM leads WHERE status = 'converted') AS converted,
      (SELECT count(*)::int FROM leads t WHERE status = 'converted' AND (converted_at IS NULL
        OR NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = t.converted_contact_id AND c.deleted_at IS NULL)
        OR NOT EXISTS (SELECT 1 FROM companies c WHERE c.id = t.converted_company_id AND c.deleted_at IS NULL)
        OR NOT EXISTS (SELECT 1 FROM deals d WHERE d.id = t.converted_deal_id AND d.deleted_at IS NULL
          AND d.created_at = t.converted_at AND d.contact_id = t.converted_contact_id AND d.company_id = t.converted_company_id
          AND d.owner_id = t.owner_id)
        OR t.created_at >= t.converted_at)) AS dangling,
      (SELECT count(*)::int FROM leads WHERE status <> 'converted' AND (converted_at IS NOT NULL OR converted_contact_id IS NOT NULL)) AS half_converted,
      (SELECT count(*)::int FROM leads WHERE status = 'disqualified' AND coalesce(disqualified_reason, '') = '') AS no_reason,
      (SELECT count(*)::int FROM leads WHERE status = 'new') AS new,
      (SELECT count(*)::int FROM leads WHERE source = 'website') AS website,
      (SELECT count(*)::int FROM leads WHERE source = 'website' AND utm_source IS NOT NULL AND landing_page IS NOT NULL) AS tracked,
      (SELECT count(*)::int FROM leads WHERE owner_id IS NULL OR title = '' OR created_at > updated_at OR updated_at > ${now}) AS unfinished,
      (SELECT count(*)::int FROM leads WHERE territory_id IS NOT NULL) AS placed,
      (SELECT count(DISTINCT lead_id)::int FROM lead_engagements) AS engaged,
      (SELECT count(*)::int FROM leads WHERE score > 0) AS scored,
      (SELECT extract(day FROM ${now}::timestamptz - min(created_at))::int FROM leads) AS history_days`);
    expect(l).toMatchObject({ statuses: 5, sources: 8, dangling: 0, half_converted: 0, no_reason: 0, unfinished: 0 });
    expect(l.leads).toBeGreaterThan(250);
    expect(l.leads).toBeLessThan(800);
    expect(l.converted).toBeGreaterThan(50);
    expect(l.new).toBeGreaterThan(3);
    expect(l.tracked / l.website).toBeGreaterThan(0.9);
    expect(l.placed / l.leads).toBeGreaterThan(0.6);
    expect(l.engaged / l.leads).toBeGreaterThan(0.5);
    expect(l.scored).toBeGreaterThan(l.leads / 3);
    expect(l.history_days).toBeGreaterThanOrEqual(700);

    // The modules' own passes find nothing to change: scores as the rules give them at the seed's
    // clock, every record in the territory the territories' rules give it.
    const lead = t.registry.get('lead') as ResolvedObject;
    const scores = sql`SELECT id, score FROM leads ORDER BY id`;
    const before = await t.db.query(scores);
    const ctx = demoCtx(t.db, t.registry, now.getTime());
    await rescoreAll(ctx, lead);
    expect(await t.db.query(scores)).toEqual(before);
    const runId = uuidv7();
    await t.db.query(
      sql`INSERT INTO territory_assignment_runs (id, status, reason) VALUES (${runId}::uuid, 'queued', 'test')`,
    );
    await runReassign({ db: t.db, registry: t.registry, now: () => now, log: ctx.log }, runId);
    const [run] = await t.db.query<{ status: string; processed: number; changed: number }>(
      sql`SELECT status, processed, changed FROM territory_assignment_runs WHERE id = ${runId}::uuid`,
    );
    expect(run.status).toBe('done');
    expect(run.processed).toBeGreaterThan(1000);
    expect(run.changed).toBe(0);

    // A lead's owner works its territory (the "By territory" rule), through the API.
    const [placed] = await t.db.query<{ id: string; territory_id: string }>(
      sql`SELECT id, territory_id FROM leads WHERE territory_id IS NOT NULL AND status = 'new' ORDER BY id LIMIT 1`,
    );
    const got = await t.admin.request('GET', `/api/v1/leads/${placed.id}`);
    expect(got.status).toBe(200);
    const members = await t.admin.request('GET', `/api/v1/territories/${placed.territory_id}/members`);
    expect(members.body.data.map((m: { userId: string }) => m.userId)).toContain(got.body.ownerId);
  });

  it('is found by search, sort and filters like records made through the API', async () => {
    const [c] = await t.db.query<{ id: string; first_name: string; last_name: string; title: string }>(sql`
      SELECT id, first_name, last_name, title FROM contacts WHERE last_name <> kith_unaccent(last_name) ORDER BY id LIMIT 1`);
    expect(c).toBeDefined();
    // Unaccented, as a user without the right keyboard types it: "nguyen" finds "Nguyễn".
    const q = encodeURIComponent(`${asciiFold(c.first_name)} ${asciiFold(c.last_name)}`);
    const found = await t.admin.request('GET', `/api/v1/contacts?q=${q}&limit=500`);
    expect(found.status).toBe(200);
    expect(found.body.data.map((r: { id: string }) => r.id)).toContain(c.id);
    const hit = found.body.data.find((r: { id: string }) => r.id === c.id);
    expect(hit.title).toBe(c.title);

    const page = await t.admin.request('GET', '/api/v1/contacts?sort=-createdAt&limit=5&lifecycleStage=customer');
    expect(page.status).toBe(200);
    expect(page.body.data).toHaveLength(5);
    expect(page.body.data.every((r: { lifecycleStage: string }) => r.lifecycleStage === 'customer')).toBe(true);
    expect(page.body.nextCursor).toBeTruthy();

    const companies = await t.admin.request('GET', '/api/v1/companies?q=software&limit=5');
    expect(companies.body.data.length).toBeGreaterThan(0);
  });

  it('gives each demo user a history on their own accounts, on weekdays in their working hours', async () => {
    const users = await t.db.query<{ id: string; email: string; role: string; time_zone: string }>(sql`
      SELECT u.id, u.email, r.key AS role, u.time_zone FROM users u JOIN roles r ON r.id = u.role_id
      WHERE u.email LIKE '%@kith-demo.example' ORDER BY u.email`);
    for (const u of users.filter((x) => ['sales_manager', 'sales_rep', 'support_agent'].includes(x.role))) {
      const [n] = await t.db.query<Record<string, number>>(sql`SELECT
        (SELECT count(*)::int FROM calls WHERE owner_id = ${u.id}::uuid) AS calls,
        (SELECT count(*)::int FROM logged_emails WHERE owner_id = ${u.id}::uuid) AS emails,
        (SELECT count(*)::int FROM calendar_events WHERE organizer_id = ${u.id}::uuid) AS meetings,
        (SELECT count(*)::int FROM tasks WHERE assignee_id = ${u.id}::uuid) AS tasks,
        (SELECT count(*)::int FROM calls WHERE owner_id = ${u.id}::uuid AND occurred_at > ${new Date(now.getTime() - 180 * day)}) AS recent,
        (SELECT count(*)::int FROM calls WHERE owner_id = ${u.id}::uuid AND occurred_at < ${new Date(now.getTime() - 365 * day)}) AS early`);
      expect(n.calls, u.email).toBeGreaterThan(50);
      expect(n.emails, u.email).toBeGreaterThan(50);
      expect(n.meetings, u.email).toBeGreaterThan(10);
      expect(n.tasks, u.email).toBeGreaterThan(20);
      // More recent, denser.
      expect(n.recent, u.email).toBeGreaterThan(2 * n.early);
    }

    // Reps work mostly their own accounts (the contact, or its company, is theirs).
    const [own] = await t.db.query<{ share: number }>(sql`
      SELECT avg(CASE WHEN c.owner_id = k.owner_id OR co.owner_id = k.owner_id THEN 1 ELSE 0 END)::float AS share
      FROM calls k JOIN users u ON u.id = k.owner_id JOIN roles r ON r.id = u.role_id AND r.key = 'sales_rep'
      JOIN contacts c ON c.id = k.contact_id LEFT JOIN companies co ON co.id = c.company_id`);
    expect(own.share).toBeGreaterThan(0.75);

    // Weekdays, working hours, in each user's own zone; nothing in the far future.
    const [when] = await t.db.query<Record<string, number>>(sql`
      WITH a AS (
        SELECT k.occurred_at AS at, u.time_zone FROM calls k JOIN users u ON u.id = k.owner_id
        UNION ALL SELECT e.occurred_at, u.time_zone FROM logged_emails e JOIN users u ON u.id = e.owner_id
        UNION ALL SELECT e.starts_at, u.time_zone FROM calendar_events e JOIN users u ON u.id = e.organizer_id
          WHERE e.recurrence IS NULL)
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE extract(isodow FROM at AT TIME ZONE time_zone) > 5)::int AS weekend,
        count(*) FILTER (WHERE (at AT TIME ZONE time_zone)::time NOT BETWEEN '09:00' AND '17:59:59')::int AS off_hours,
        (SELECT count(*)::int FROM calls WHERE occurred_at > ${now}) + (SELECT count(*)::int FROM logged_emails WHERE occurred_at > ${now}) AS future_logged,
        (SELECT count(*)::int FROM calendar_events WHERE recurrence IS NULL AND starts_at > ${new Date(now.getTime() + 15 * day)}) AS far_meetings,
        (SELECT count(*)::int FROM tasks WHERE due_at > ${new Date(now.getTime() + 30 * day)}) AS far_tasks,
        (SELECT count(*)::int FROM calendar_events e JOIN users u ON u.id = e.organizer_id WHERE e.recurrence IS NULL
          AND (e.ends_at AT TIME ZONE u.time_zone)::time > '17:30') AS late_meetings
      FROM a`);
    expect(when.total).toBeGreaterThan(2000);
    expect(when).toMatchObject({
      weekend: 0,
      off_hours: 0,
      future_logged: 0,
      far_meetings: 0,
      far_tasks: 0,
      late_meetings: 0,
    });

    // Notes too, by their authors on weekdays in working hours (bar a few on records made just
    // before: a note is never older than its record); active accounts have a few.
    const [notes] = await t.db.query<Record<string, number>>(sql`
      WITH active AS (SELECT DISTINCT c.company_id AS id FROM calls k JOIN contacts c ON c.id = k.contact_id
        WHERE c.company_id IS NOT NULL),
      n AS (SELECT a.id, (SELECT count(*) FROM notes WHERE object_type = 'company' AND record_id = a.id)
        + (SELECT count(*) FROM notes o JOIN contacts c ON c.id = o.record_id AND o.object_type = 'contact'
           WHERE c.company_id = a.id) AS notes FROM active a)
      SELECT (SELECT count(*)::int FROM notes) AS total,
        (SELECT count(*)::int FROM notes o JOIN users u ON u.id = o.author_id
          WHERE extract(isodow FROM o.created_at AT TIME ZONE u.time_zone) > 5
            OR (o.created_at AT TIME ZONE u.time_zone)::time NOT BETWEEN '09:00' AND '17:59:59') AS off_hours,
        (SELECT count(*)::int FROM n) AS accounts, (SELECT count(*)::int FROM n WHERE notes >= 2) AS with_notes`);
    expect(notes.off_hours / notes.total).toBeLessThan(0.05);
    expect(notes.with_notes / notes.accounts).toBeGreaterThan(0.9);

    // Calls: a realistic mix; connected ones last 3–45 minutes and have notes.
    const calls = await t.db.query<{ outcome: string; n: number; min: number; max: number; with_notes: number }>(sql`
      SELECT outcome, count(*)::int AS n, min(duration_minutes) AS min, max(duration_minutes) AS max,
        count(notes)::int AS with_notes FROM calls GROUP BY outcome`);
    const by = Object.fromEntries(calls.map((c) => [c.outcome, c]));
    const total = calls.reduce((s, c) => s + c.n, 0);
    expect((by.noAnswer.n + by.leftVoicemail.n) / total).toBeGreaterThan(0.3);
    expect(by.connected.n / total).toBeGreaterThan(0.3);
    expect(by.connected).toMatchObject({ with_notes: by.connected.n });
    expect(by.connected.min).toBeGreaterThanOrEqual(3);
    expect(by.connected.max).toBeLessThanOrEqual(45);
    expect(by.noAnswer.max).toBe(0);
    expect(await t.db.query(sql`SELECT DISTINCT direction FROM calls ORDER BY 1`)).toEqual([
      { direction: 'inbound' },
      { direction: 'outbound' },
    ]);

    // Emails: from and to are the user and the contact, the right way round.
    const [mail] = await t.db.query<Record<string, number>>(sql`
      SELECT count(*)::int AS total,
        count(*) FILTER (WHERE direction = 'sent')::int AS sent,
        count(*) FILTER (WHERE CASE WHEN direction = 'sent' THEN e."from" = u.email AND c.email = ANY(e."to")
          ELSE e."from" = c.email AND u.email = ANY(e."to") END)::int AS addressed,
        count(*) FILTER (WHERE e.subject LIKE 'Re: %')::int AS replies,
        min(array_length(regexp_split_to_array(trim(e.body), '\n\n'), 1))::int AS min_parts
      FROM logged_emails e JOIN users u ON u.id = e.owner_id JOIN contacts c ON c.id = e.contact_id`);
    expect(mail.addressed).toBe(mail.total);
    expect(mail.sent / mail.total).toBeGreaterThan(0.4);
    expect(mail.sent / mail.total).toBeLessThan(0.8);
    expect(mail.replies).toBeGreaterThan(100);
    expect(mail.min_parts).toBe(3); // greeting, text, sign-off

    // Meetings: organized by the owner, with 1–3 people of the company they are about.
    const [meet] = await t.db.query<Record<string, number>>(sql`
      WITH m AS (SELECT e.id, e.about_object, e.about_id, e.recurrence,
        (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id AND a.contact_id IS NOT NULL) AS people,
        (SELECT count(*) FROM event_attendees a JOIN contacts c ON c.id = a.contact_id
          WHERE a.event_id = e.id AND e.about_object = 'company' AND c.company_id IS DISTINCT FROM e.about_id) AS strangers,
        (SELECT count(*) FROM event_attendees a WHERE a.event_id = e.id AND a.user_id = e.organizer_id) AS self
        FROM calendar_events e)
      SELECT count(*) FILTER (WHERE recurrence IS NULL AND (people < 1 OR people > 3))::int AS bad_size,
        sum(strangers)::int AS strangers, sum(self)::int AS self,
        count(*) FILTER (WHERE recurrence IS NOT NULL)::int AS weekly,
        count(*) FILTER (WHERE recurrence IS NULL AND about_object IS NULL)::int AS about_nothing
      FROM m`);
    expect(meet).toMatchObject({ bad_size: 0, strangers: 0, self: 0, about_nothing: 0 });
    expect(meet.weekly).toBeGreaterThanOrEqual(2);
    // Computed as the event hooks compute them: a new event's sequence is 0; a series that repeats
    // forever has no end, a one-off ends with itself.
    const [events] = await t.db.query<Record<string, number>>(sql`SELECT
      count(*) FILTER (WHERE sequence IS DISTINCT FROM 0)::int AS sequence,
      count(*) FILTER (WHERE recurrence IS NULL AND series_ends_at IS DISTINCT FROM ends_at)::int AS one_off,
      count(*) FILTER (WHERE recurrence IS NOT NULL AND series_ends_at IS NOT NULL)::int AS forever,
      count(*) FILTER (WHERE reminder_minutes IS NOT NULL)::int AS reminders
      FROM calendar_events`);
    expect(events).toEqual({ sequence: 0, one_off: 0, forever: 0, reminders: 0 });

    // Tasks: done ones were completed after they were made and before now; open ones are not done.
    const [tasks] = await t.db.query<Record<string, number>>(sql`SELECT
      count(*) FILTER (WHERE status = 'done')::int AS done,
      count(*) FILTER (WHERE status = 'done' AND completed_at > created_at AND completed_at < ${now})::int AS done_right,
      count(*) FILTER (WHERE status <> 'done' AND completed_at IS NOT NULL)::int AS stray,
      count(DISTINCT priority)::int AS priorities,
      count(*) FILTER (WHERE about_object IS NULL)::int AS about_nothing
      FROM tasks`);
    expect(tasks.done).toBeGreaterThan(100);
    expect(tasks).toMatchObject({ done_right: tasks.done, stray: 0, priorities: 4, about_nothing: 0 });

    // Titles and search text as the records path computes them.
    for (const table of ['calls', 'logged_emails', 'calendar_events', 'tasks']) {
      const [bad] = await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ${sql.ident(table)} WHERE title <> subject OR search_text = ''`,
      );
      expect(bad.n, table).toBe(0);
    }

    // Seeded history is news to no one: no mail queued, no notification.
    const [quiet] = await t.db.query<Record<string, number>>(sql`SELECT
      (SELECT count(*)::int FROM outbox) AS outbox, (SELECT count(*)::int FROM notifications) AS notifications`);
    expect(quiet).toEqual({ outbox: 0, notifications: 0 });
  });

  it("shows on a contact's timeline, several kinds newest first", async () => {
    const [c] = await t.db.query<{ id: string; kinds: number }>(sql`
      SELECT c.id, (EXISTS (SELECT 1 FROM calls WHERE contact_id = c.id))::int
        + (EXISTS (SELECT 1 FROM logged_emails WHERE contact_id = c.id))::int
        + (EXISTS (SELECT 1 FROM event_attendees WHERE contact_id = c.id))::int
        + (EXISTS (SELECT 1 FROM tasks WHERE about_object = 'contact' AND about_id = c.id))::int
        + (EXISTS (SELECT 1 FROM notes WHERE object_type = 'contact' AND record_id = c.id))::int AS kinds
      FROM contacts c ORDER BY kinds DESC, c.id LIMIT 1`);
    expect(c.kinds).toBe(5);
    const res = await t.admin.request('GET', `/api/v1/contacts/${c.id}/timeline?limit=200`);
    expect(res.status).toBe(200);
    const items = res.body.data as Array<{ kind: string; at: string; record?: Record<string, unknown> }>;
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['call', 'email', 'event', 'task', 'note']));
    const ats = items.map((i) => Date.parse(i.at));
    expect(ats).toEqual([...ats].sort((a, b) => b - a));
    const call = items.find((i) => i.kind === 'call');
    expect(call?.record).toMatchObject({ contactId: c.id });
    expect(String(call?.record?.subject)).not.toBe('');
  });

  it("gives a rep today's and overdue tasks and meetings this week and next, through the API", async () => {
    const [jonas] = await t.db.query<{ id: string; email: string; time_zone: string }>(
      sql`SELECT id, email, time_zone FROM users WHERE email = 'jonas.weber@kith-demo.example'`,
    );
    await t.db.query(
      sql`UPDATE users SET password_hash = ${await hashPassword(testPassword)} WHERE id = ${jonas.id}::uuid`,
    );
    const me: Agent = await signIn(t.app, jonas.email);

    const open = encodeURIComponent(
      JSON.stringify({
        op: 'and',
        conditions: [{ field: 'status', cmp: 'in', value: ['todo', 'inProgress', 'waiting'] }],
      }),
    );
    const res = await me.request('GET', `/api/v1/tasks?assigneeId=${jonas.id}&filter=${open}&sort=dueAt&limit=200`);
    expect(res.status).toBe(200);
    const tasks = res.body.data as Array<{ dueAt: string; completedAt: string | null; about: unknown }>;
    const today = DateTime.fromJSDate(now, { zone: jonas.time_zone }).toISODate();
    const overdue = tasks.filter((x) => Date.parse(x.dueAt) < now.getTime());
    const dueToday = tasks.filter(
      (x) =>
        Date.parse(x.dueAt) >= now.getTime() &&
        DateTime.fromISO(x.dueAt, { zone: jonas.time_zone }).toISODate() === today,
    );
    const later = tasks.filter((x) => DateTime.fromISO(x.dueAt, { zone: jonas.time_zone }).toISODate()! > today!);
    expect(overdue.length).toBeGreaterThanOrEqual(2);
    expect(dueToday.length).toBeGreaterThanOrEqual(2);
    expect(later.length).toBeGreaterThan(overdue.length + dueToday.length);
    expect(tasks.every((x) => x.completedAt === null && x.about)).toBe(true);

    // This week (behind, on a Sunday) and the next two: meetings with customers and the weekly ones.
    const start = new Date(now.getTime() - 7 * day).toISOString();
    const end = new Date(now.getTime() + 14 * day).toISOString();
    const cal = await me.request('GET', `/api/v1/calendar/occurrences?start=${start}&end=${end}`);
    expect(cal.status).toBe(200);
    const occ = cal.body.data as Array<{ eventId: string; start: string; recurring: boolean; title: string }>;
    const upcoming = occ.filter((o) => !o.recurring && Date.parse(o.start) > now.getTime());
    expect(upcoming.length).toBeGreaterThanOrEqual(2);
    expect(occ.some((o) => o.recurring)).toBe(true);
    const attendees = await me.request('GET', `/api/v1/events/${upcoming[0].eventId}/attendees`);
    expect(attendees.status).toBe(200);
    expect(attendees.body.data.some((a: { kind: string; name: string | null }) => a.kind === 'contact' && a.name)).toBe(
      true,
    );
  });

  it('reads back through the API and keeps to the write path on edit', async () => {
    for (const [plural, table] of [
      ['calls', 'calls'],
      ['emails', 'logged_emails'],
      ['events', 'calendar_events'],
      ['tasks', 'tasks'],
    ] as const) {
      const sample = await t.db.query<{ id: string; subject: string }>(
        sql`SELECT id, subject FROM ${sql.ident(table)} ORDER BY id DESC LIMIT 5`,
      );
      for (const row of sample) {
        const got = await t.admin.request('GET', `/api/v1/${plural}/${row.id}`);
        expect(got.status, `${plural}/${row.id}`).toBe(200);
        expect(got.body).toMatchObject({ id: row.id, subject: row.subject, title: row.subject });
      }
      // Found by search, like records made through the API.
      const word = sample[0].subject.split(/\s+/).find((w) => /^[A-Za-z]{5,}$/.test(w)) as string;
      const found = await t.admin.request('GET', `/api/v1/${plural}?q=${encodeURIComponent(word)}&limit=200`);
      expect(found.status).toBe(200);
      expect(found.body.data.length, `${plural}?q=${word}`).toBeGreaterThan(0);
    }

    // A done task edited stays done with its completedAt; an event's minor edit keeps its sequence.
    const [task] = await t.db.query<{ id: string; completed_at: Date }>(
      sql`SELECT id, completed_at FROM tasks WHERE status = 'done' ORDER BY id LIMIT 1`,
    );
    const edited = await t.admin.request('PATCH', `/api/v1/tasks/${task.id}`, { priority: 'low' });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'done', completedAt: task.completed_at.toISOString() });
    const [event] = await t.db.query<{ id: string }>(
      sql`SELECT id FROM calendar_events WHERE recurrence IS NULL ORDER BY id LIMIT 1`,
    );
    const moved = await t.admin.request('PATCH', `/api/v1/events/${event.id}`, { description: 'Agenda to follow.' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ sequence: 0 });
  });

  it('gives the same data for the same seed', async () => {
    const other = await createTestDb();
    try {
      await other.db.query(sql`INSERT INTO users (id, email, name, role_id)
        SELECT ${t.admin.userId}::uuid, 'admin@test.example', 'Ada Admin', id FROM roles WHERE key = 'admin'`);
      // Same seed, same clock, same admin: the other database ends up with identical rows.
      await seedDemoData(other.db, { adminId: t.admin.userId, seed: 7, now, registry: other.registry });
      const [a, b] = [await snapshot(t.db), await snapshot(other.db)];
      expect(b.length).toBe(1000);
      expect(b).toEqual(a);
      const notes = (db: TestApp['db']) => db.query(sql`SELECT id, body, record_id FROM notes ORDER BY id`);
      expect(await notes(other.db)).toEqual(await notes(t.db));
      // The history too (the first database's rows as seeded: one task and one event edited since).
      const history = (db: TestApp['db']) =>
        db.query(sql`SELECT 'call' AS kind, id, title, occurred_at AS at, contact_id AS who, owner_id AS by FROM calls
          UNION ALL SELECT 'email', id, title, occurred_at, contact_id, owner_id FROM logged_emails
          UNION ALL SELECT 'event', id, title, starts_at, about_id, organizer_id FROM calendar_events
          UNION ALL SELECT 'task', id, title, due_at, about_id, assignee_id FROM tasks
          UNION ALL SELECT 'attendee', id, response, responded_at, coalesce(contact_id, user_id), event_id FROM event_attendees
          ORDER BY kind, id`);
      const [h1, h2] = [await history(t.db), await history(other.db)];
      expect(h2.length).toBeGreaterThan(3000);
      expect(h2).toEqual(h1);
      // And the sales team's (the default pipeline's ids are the migration's own, so by name).
      const sales = (db: TestApp['db']) =>
        db.query(sql`SELECT 'deal' AS kind, d.id, d.title, p.name AS pipeline, s.name AS stage, d.amount, d.closed_at AS at,
            d.owner_id AS who, d.territory_id AS place FROM deals d JOIN pipelines p ON p.id = d.pipeline_id
            JOIN pipeline_stages s ON s.id = d.stage_id
          UNION ALL SELECT 'visit', h.deal_id, s.name, h.left_at::text, NULL, NULL, h.entered_at, h.moved_by, NULL
            FROM deal_stage_history h JOIN pipeline_stages s ON s.id = h.stage_id
          UNION ALL SELECT 'dealContact', id, role, NULL, NULL, NULL, created_at, contact_id, deal_id FROM deal_contacts
          UNION ALL SELECT 'lead', id, title, status, source, score, converted_at, owner_id, territory_id FROM leads
          UNION ALL SELECT 'engagement', id, kind, url, NULL, NULL, occurred_at, NULL, lead_id FROM lead_engagements
          UNION ALL SELECT 'territory', id, name, NULL, NULL, NULL, created_at, NULL, parent_id FROM territories
          UNION ALL SELECT 'quota', id, title, NULL, NULL, amount, created_at, user_id, NULL FROM quotas
          UNION ALL SELECT 'adjustment', id, title, note, NULL, amount, created_at, user_id, NULL FROM forecast_adjustments
          ORDER BY kind, id, at`);
      const [s1, s2] = [await sales(t.db), await sales(other.db)];
      expect(s2.length).toBeGreaterThan(3000);
      expect(s2).toEqual(s1);
    } finally {
      await other.close();
    }
  }, 120_000); // seeds a second database: a minute on a busy machine
});
