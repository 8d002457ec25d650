// The lead entry's own rules: a disqualified lead says why, the score and conversion time are the
// server's, marketing may capture leads, and the list comes hottest first, page after page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let marketer: { id: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp();
  marketer = await createUser(t, { role: 'marketing' });
});
afterAll(() => t?.close());

describe('leads', () => {
  it('need a reason to be disqualified (a 400 naming the field), and keep when they were converted', async () => {
    const made = await marketer.agent.request('POST', '/api/v1/leads', { firstName: 'Dee', email: 'dee@x.test' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ title: 'Dee', status: 'new', convertedAt: null });
    const id = made.body.id;
    const noReason = await t.admin.request('PATCH', `/api/v1/leads/${id}`, { status: 'disqualified' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details.fields).toEqual({
      disqualifiedReason: 'is required when the status is Disqualified',
    });
    const blank = await t.admin.request('PATCH', `/api/v1/leads/${id}`, {
      status: 'disqualified',
      disqualifiedReason: '   ',
    });
    expect(blank.status).toBe(400);
    const ok = await t.admin.request('PATCH', `/api/v1/leads/${id}`, {
      status: 'disqualified',
      disqualifiedReason: 'No budget',
    });
    expect(ok.status).toBe(200);

    const converted = (await t.admin.request('POST', `/api/v1/leads/${id}/convert`, { company: { use: 'none' } })).body
      .lead;
    expect(converted.convertedAt).toEqual(expect.any(String));
    const later = await t.admin.request('PATCH', `/api/v1/leads/${id}`, { jobTitle: 'CTO' });
    expect(later.body.convertedAt).toBe(converted.convertedAt);

    for (const forged of [{ score: 99 }, { convertedAt: '2020-01-01T00:00:00Z' }]) {
      const res = await t.admin.request('PATCH', `/api/v1/leads/${id}`, forged);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toEqual({ [Object.keys(forged)[0]]: 'is not a field' });
    }
  });

  it('list hottest first by default, with a cursor through equal scores', async () => {
    await t.admin.request('PUT', '/api/v1/lead-scoring', {
      halfLifeDays: 0,
      fieldRules: [
        {
          label: 'Hot',
          conditions: { op: 'and', conditions: [{ field: 'jobTitle', cmp: 'eq', value: 'hot' }] },
          points: 50,
        },
      ],
      engagementRules: [],
    });
    for (let i = 0; i < 5; i++)
      await t.admin.request('POST', '/api/v1/leads', { lastName: `Sorted ${i}`, jobTitle: i % 2 ? 'hot' : 'cold' });
    const seen: Array<{ title: string; score: number }> = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ title: string; score: number }>; nextCursor: string | null } } =
        await t.admin.request('GET', `/api/v1/leads?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.data);
      cursor = page.body.nextCursor;
    } while (cursor);
    const scores = seen.map((l) => l.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(seen.filter((l) => l.title.startsWith('Sorted')).map((l) => l.score)).toEqual([50, 50, 0, 0, 0]);
  });
});
