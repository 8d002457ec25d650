// Lead scores: points for field values and for engagements, engagement points halving every
// `halfLifeDays` — checked with a fixed clock against values worked out by hand — kept on every
// change, decayed daily, redone after a rule change; and the same whatever the order of rules
// and engagements (a property).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { systemPrincipal } from '../../platform/auth/principal.ts';
import type { Ctx } from '../../platform/context.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import {
  rescoreAll,
  rescoreQueue,
  runDailyDecay,
  runRulesRescore,
  type ScoringConfig,
  scoreSql,
} from './scoring.service.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let lead: () => ResolvedObject;

const ctxAt = (now: string): Ctx =>
  ({
    db: t.db,
    principal: systemPrincipal,
    registry: t.registry,
    jobs: t.jobs,
    now: () => new Date(now),
    log: t.app.log,
  }) as unknown as Ctx;
const scoreOf = async (id: string) =>
  (await t.db.query<{ score: number }>(sql`SELECT score FROM leads WHERE id = ${id}::uuid`))[0].score;

const rules = {
  halfLifeDays: 10,
  fieldRules: [
    {
      label: 'Software',
      conditions: { op: 'and', conditions: [{ field: 'industry', cmp: 'eq', value: 'Software' }] },
      points: 15,
    },
    { label: 'Reachable', conditions: { op: 'and', conditions: [{ field: 'phone', cmp: 'isNotEmpty' }] }, points: 5 },
    {
      label: 'Students',
      conditions: { op: 'and', conditions: [{ field: 'jobTitle', cmp: 'contains', value: 'student' }] },
      points: -10,
    },
  ],
  engagementRules: [
    { label: 'Pricing page', kind: 'pageVisited', urlPattern: '/pricing', points: 8 },
    { label: 'Any page', kind: 'pageVisited', urlPattern: '*', points: 1 },
    { label: 'Email opened', kind: 'emailOpened', points: 2 },
  ],
};

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Scoring' });
  lead = () => t.registry.get('lead') as ResolvedObject;
});
afterAll(() => t?.close());

describe('lead scores', () => {
  it('are set by admins, whose rule change queues a rescore of every lead', async () => {
    expect((await rep.agent.request('PUT', '/api/v1/lead-scoring', rules)).status).toBe(403);
    const bad = await t.admin.request('PUT', '/api/v1/lead-scoring', {
      ...rules,
      fieldRules: [
        { label: 'x', conditions: { op: 'and', conditions: [{ field: 'nope', cmp: 'eq', value: 1 }] }, points: 1 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty(['fieldRules.0.conditions.conditions.0.field']);
    const saved = await t.admin.request('PUT', '/api/v1/lead-scoring', rules);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.rescore).toMatchObject({ status: 'queued' });
    const jobs = await t.db.query(sql`SELECT 1 FROM pgboss.job WHERE name = ${rescoreQueue}`);
    expect(jobs.length).toBeGreaterThan(0);
  });

  it('follow every change of the lead and its engagements, decaying with age as worked out by hand', async () => {
    const made = await rep.agent.request('POST', '/api/v1/leads', {
      lastName: 'Scored',
      industry: 'Software',
      phone: '+49 30 1234',
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.score).toBe(20);
    const id = made.body.id;
    const student = await rep.agent.request('PATCH', `/api/v1/leads/${id}`, { jobTitle: 'PhD Student' });
    expect(student.body.score).toBe(10);
    await rep.agent.request('PATCH', `/api/v1/leads/${id}`, { jobTitle: null });

    // A visit of the pricing page earns both page rules (9); an email opened 2.
    const visit = await rep.agent.request('POST', `/api/v1/leads/${id}/engagements`, {
      kind: 'pageVisited',
      url: 'https://www.acme.test/en/pricing?plan=pro',
      occurredAt: '2020-01-01T00:00:00Z',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    await rep.agent.request('POST', `/api/v1/leads/${id}/engagements`, {
      kind: 'emailOpened',
      occurredAt: '2020-01-11T00:00:00Z',
    });
    // 20 days on: 20 + 9/4 + 2/2 = 23.25 → 23. 30 days on: 20 + 9/8 + 2/4 = 21.625 → 22.
    await rescoreAll(ctxAt('2020-01-21T00:00:00Z'), lead());
    expect(await scoreOf(id)).toBe(23);
    await rescoreAll(ctxAt('2020-01-31T00:00:00Z'), lead());
    expect(await scoreOf(id)).toBe(22);
    // Five days after the visit: 20 + 9·2^-0.5 + 2 = 28.36 → 28 (the email, after this clock, counts in full).
    await rescoreAll(ctxAt('2020-01-06T00:00:00Z'), lead());
    expect(await scoreOf(id)).toBe(28);
    // Years on, only the field points remain.
    await rescoreAll(ctxAt('2030-01-01T00:00:00Z'), lead());
    expect(await scoreOf(id)).toBe(20);

    const future = await rep.agent.request('POST', `/api/v1/leads/${id}/engagements`, {
      kind: 'emailOpened',
      occurredAt: '2999-01-01T00:00:00Z',
    });
    expect(future.status).toBe(400);
    const list = await rep.agent.request('GET', `/api/v1/leads/${id}/engagements`);
    expect(list.body.data.map((e: { kind: string }) => e.kind)).toEqual(['emailOpened', 'pageVisited']);
  });

  it('decay once a day however many jobs run, and a rule change rescores everyone with its progress', async () => {
    expect(await runDailyDecay(ctxAt('2031-05-01T03:00:00Z'), lead())).toBeGreaterThan(0);
    expect(await runDailyDecay(ctxAt('2031-05-01T09:00:00Z'), lead())).toBeNull();
    expect(await runDailyDecay(ctxAt('2031-05-02T00:00:00Z'), lead())).toBeGreaterThan(0);

    // Rules changed behind the scores' back; the job puts every lead right and reports how far it got.
    await t.db.query(sql`UPDATE leads SET score = -1`);
    const done = await runRulesRescore(ctxAt(new Date().toISOString()), lead());
    const [{ n, wrong }] = await t.db.query<{ n: number; wrong: number }>(
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE score = -1)::int AS wrong FROM leads WHERE deleted_at IS NULL`,
    );
    expect(done).toBe(n);
    expect(wrong).toBe(0);
    const progress = await t.admin.request('GET', '/api/v1/lead-scoring');
    expect(progress.body.rescore).toMatchObject({ status: 'done', done: n, total: n });
  });

  it('do not depend on the order of the rules or of the engagements', async () => {
    const made = await t.admin.request('POST', '/api/v1/leads', { lastName: 'Ordered', industry: 'Software' });
    const id: string = made.body.id;
    const kinds = ['pageVisited', 'emailOpened', 'formSubmitted'] as const;
    const urls = ['https://a.test/pricing', 'https://a.test/blog/pricing-news', 'https://a.test/', null];
    const fieldPool = [
      { op: 'and', conditions: [{ field: 'industry', cmp: 'eq', value: 'Software' }] },
      { op: 'and', conditions: [{ field: 'phone', cmp: 'isEmpty' }] },
      { op: 'or', conditions: [{ field: 'lastName', cmp: 'startsWith', value: 'Ord' }] },
      { op: 'and', conditions: [] },
    ];
    const engagementArb = fc.record({
      kind: fc.constantFrom(...kinds),
      url: fc.constantFrom(...urls),
      daysAgo: fc.integer({ min: 0, max: 400 }),
    });
    const ruleArb = fc.record({
      label: fc.constant('r'),
      kind: fc.constantFrom(...kinds),
      urlPattern: fc.constantFrom('/pricing', '*', 'blog/*news', null),
      points: fc.integer({ min: -50, max: 50 }),
    });
    const now = new Date('2030-06-01T00:00:00Z');
    const score = async (cfg: ScoringConfig) => {
      const [row] = await t.db.query<{ s: number }>(
        sql`SELECT ${scoreSql(lead(), cfg, now)} AS s FROM leads t WHERE t.id = ${id}::uuid`,
      );
      return row.s;
    };
    const insert = async (es: Array<{ kind: string; url: string | null; daysAgo: number }>) => {
      await t.db.query(sql`DELETE FROM lead_engagements WHERE lead_id = ${id}::uuid`);
      for (const [i, e] of es.entries())
        await t.db.query(sql`INSERT INTO lead_engagements (id, lead_id, kind, url, occurred_at)
          VALUES (gen_random_uuid(), ${id}::uuid, ${e.kind}, ${e.url}, ${new Date(now.getTime() - e.daysAgo * 86_400_000 - i)})`);
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(engagementArb, { maxLength: 12 }),
        fc.array(ruleArb, { maxLength: 6 }),
        fc.array(fc.record({ cond: fc.constantFrom(...fieldPool), points: fc.integer({ min: -20, max: 20 }) }), {
          maxLength: 4,
        }),
        fc.integer({ min: 0, max: 60 }),
        async (engagements, engagementRules, fieldRules, halfLifeDays) => {
          const cfg = {
            halfLifeDays,
            engagementRules,
            fieldRules: fieldRules.map((f) => ({ label: 'f', conditions: f.cond, points: f.points })),
          } as ScoringConfig;
          await insert(engagements);
          const first = await score(cfg);
          await insert([...engagements].reverse());
          const reversed = await score({
            ...cfg,
            engagementRules: [...cfg.engagementRules].reverse(),
            fieldRules: [...cfg.fieldRules].reverse(),
          });
          expect(reversed).toBe(first);
        },
      ),
      { numRuns: 25 },
    );
  });
  it('count a meeting booked about a lead, once per meeting, as the calendar makes it', async () => {
    const saved = await t.admin.request('PUT', '/api/v1/lead-scoring', {
      halfLifeDays: 30,
      fieldRules: [],
      engagementRules: [{ label: 'Meeting', kind: 'meetingBooked', points: 30 }],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const [booker, other] = [
      (await rep.agent.request('POST', '/api/v1/leads', { lastName: 'Booker' })).body,
      (await rep.agent.request('POST', '/api/v1/leads', { lastName: 'Other' })).body,
    ];
    const meeting = (about: unknown, subject = 'Demo') =>
      rep.agent.request('POST', '/api/v1/events', {
        subject,
        startsAt: '2026-12-10T10:00:00Z',
        endsAt: '2026-12-10T11:00:00Z',
        timeZone: 'Europe/Berlin',
        ...(about ? { about } : {}),
      });
    const booked = async (id: string) =>
      (await rep.agent.request('GET', `/api/v1/leads/${id}/engagements`)).body.data.filter(
        (e: { kind: string }) => e.kind === 'meetingBooked',
      ).length;

    const demo = await meeting({ object: 'lead', id: booker.id });
    expect(demo.status, JSON.stringify(demo.body)).toBe(201);
    expect(await booked(booker.id)).toBe(1);
    expect(await scoreOf(booker.id)).toBe(30);
    // Edited, it is still one meeting booked.
    const moved = await rep.agent.request('PATCH', `/api/v1/events/${demo.body.id}`, { subject: 'Demo (moved)' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await booked(booker.id)).toBe(1);
    // A second meeting counts again; one about no lead counts for none.
    await meeting({ object: 'lead', id: booker.id }, 'Follow-up');
    await meeting(null, 'Internal');
    expect(await booked(booker.id)).toBe(2);
    expect(await scoreOf(booker.id)).toBe(60);
    // A meeting linked to a lead later counts for that lead then; linked back, not twice.
    const later = await meeting(null, 'Later');
    await rep.agent.request('PATCH', `/api/v1/events/${later.body.id}`, { about: { object: 'lead', id: other.id } });
    expect(await booked(other.id)).toBe(1);
    await rep.agent.request('PATCH', `/api/v1/events/${later.body.id}`, { about: null });
    await rep.agent.request('PATCH', `/api/v1/events/${later.body.id}`, { about: { object: 'lead', id: other.id } });
    expect(await booked(other.id)).toBe(1);
    expect(await scoreOf(other.id)).toBe(30);
  });
});
