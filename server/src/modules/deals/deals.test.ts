// Deals on pipelines: what a stage decides for its deals, the rules for entering one, the stage
// history, stage edits flowing to deals, and the board whose columns are a pipeline's stages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let pipelineId: string;
let stages: Record<string, string>;

const eur = (amount: number) => ({ amount, currency: 'EUR' });

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Deals A' });
  const pipelines = await t.admin.request('GET', '/api/v1/pipelines');
  pipelineId = pipelines.body.data[0].id;
  const list = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`);
  stages = Object.fromEntries(list.body.data.map((s: { name: string; id: string }) => [s.name, s.id]));
});
afterAll(() => t?.close());

async function newDeal(agent: Agent, body: Record<string, unknown> = {}) {
  const r = await agent.request('POST', '/api/v1/deals', {
    name: 'Acme renewal',
    pipelineId,
    stageId: stages.Qualification,
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe('a new installation', () => {
  it('has one pipeline with its stages in order', async () => {
    const list = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/stages`);
    expect(
      list.body.data.map((s: { name: string; probability: number; kind: string }) => [s.name, s.probability, s.kind]),
    ).toEqual([
      ['Qualification', 10, 'open'],
      ['Needs analysis', 25, 'open'],
      ['Proposal', 50, 'open'],
      ['Negotiation', 75, 'open'],
      ['Won', 100, 'won'],
      ['Lost', 0, 'lost'],
    ]);
  });
});

describe('a deal takes from its stage', () => {
  it('its status, probability, weighted amount and forecast category', async () => {
    const d = await newDeal(rep.agent, { amount: eur(10_000_00), stageId: stages.Proposal });
    expect(d).toMatchObject({
      status: 'open',
      probability: 50,
      weightedAmount: eur(5_000_00),
      forecastCategory: 'bestCase',
      closedAt: null,
      ownerId: rep.id,
    });
    expect(d.stageEnteredAt).toEqual(expect.any(String));
  });

  it('refuses computed values, negative amounts, unknown currencies and a stage of another pipeline', async () => {
    const d = await newDeal(rep.agent);
    const other = await t.admin.request('POST', '/api/v1/pipelines', { name: 'Partners', position: 1 });
    const stage = await t.admin.request('POST', '/api/v1/pipeline-stages', {
      name: 'Intro',
      pipelineId: other.body.id,
      position: 0,
      probability: 5,
      kind: 'open',
    });
    expect(stage.status, JSON.stringify(stage.body)).toBe(201);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ probability: 99 }, 'probability'],
      [{ amount: eur(-1) }, 'amount.amount'],
      [{ amount: { amount: 100, currency: 'ABC' } }, 'amount.currency'],
      [{ stageId: stage.body.id }, 'stageId'],
    ];
    for (const [patch, field] of cases) {
      const r = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, patch);
      expect(r.status, JSON.stringify(patch)).toBe(400);
      expect(r.body.error.details.fields, JSON.stringify(r.body)).toHaveProperty([field]);
    }
    const after = await rep.agent.request('GET', `/api/v1/deals/${d.id}`);
    expect(after.body).toMatchObject({ stageId: stages.Qualification, amount: null, probability: 10 });
    // Both at once is a move to the other pipeline.
    const moved = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, {
      pipelineId: other.body.id,
      stageId: stage.body.id,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.probability).toBe(5);
  });
});

describe('entering a stage', () => {
  it('needs the fields the stage requires, and changes nothing when refused', async () => {
    const d = await newDeal(rep.agent);
    const won = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { stageId: stages.Won });
    expect(won.status).toBe(400);
    expect(won.body.error.message).toMatch(/Won needs amount/);
    expect(won.body.error.details.fields).toHaveProperty('amount');
    const lost = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { stageId: stages.Lost });
    expect(lost.status).toBe(400);
    expect(lost.body.error.details.fields).toHaveProperty('lostReason');
    expect((await rep.agent.request('GET', `/api/v1/deals/${d.id}`)).body).toMatchObject({
      stageId: stages.Qualification,
      status: 'open',
    });

    // With the amount in the same write it is won; reopening clears the close date.
    const ok = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { stageId: stages.Won, amount: eur(500_00) });
    expect(ok.body).toMatchObject({ status: 'won', probability: 100, forecastCategory: 'closed' });
    expect(ok.body.closedAt).toEqual(expect.any(String));
    const edited = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { nextStep: 'Kick-off' });
    expect(edited.body.closedAt).toBe(ok.body.closedAt);
    const reopened = await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, {
      stageId: stages.Negotiation,
      expectedCloseDate: '2027-01-31',
    });
    expect(reopened.body).toMatchObject({ status: 'open', closedAt: null, forecastCategory: 'commit' });
  });
});

describe('the stage history', () => {
  it('keeps every move with who made it', async () => {
    const d = await newDeal(rep.agent, { amount: eur(100) });
    await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { stageId: stages.Proposal });
    await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { description: 'no move' });
    await rep.agent.request('PATCH', `/api/v1/deals/${d.id}`, { stageId: stages.Lost, lostReason: 'price' });
    const h = await rep.agent.request('GET', `/api/v1/deals/${d.id}/stages`);
    expect(h.status).toBe(200);
    expect(h.body.data.map((v: { stage: string; leftAt: string | null }) => [v.stage, v.leftAt === null])).toEqual([
      ['Qualification', false],
      ['Proposal', false],
      ['Lost', true],
    ]);
    expect(h.body.data[0].movedBy).toMatchObject({ id: rep.id });
    expect(h.body.data[0].leftAt).toBe(h.body.data[1].enteredAt);
  });

  it("gives the pipeline's flow: from each stage, how many went on", async () => {
    const flow = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/flow`);
    expect(flow.status, JSON.stringify(flow.body)).toBe(200);
    const proposal = flow.body.stages.find((s: { name: string }) => s.name === 'Proposal');
    expect(proposal.entered).toBeGreaterThanOrEqual(1);
    expect(proposal.lost).toBeGreaterThanOrEqual(1);
    const bad = await t.admin.request('GET', `/api/v1/pipelines/${pipelineId}/flow?from=2026-05-01&to=2026-01-01`);
    expect(bad.status).toBe(400);
  });
});

describe('a stage edit', () => {
  it("reaches its deals' probability and weighted amount; a stage with deals cannot go", async () => {
    const p = await t.admin.request('POST', '/api/v1/pipelines', { name: 'Renewals', position: 2 });
    const saved = await t.admin.request('PUT', `/api/v1/pipelines/${p.body.id}/stages`, {
      stages: [
        { name: 'Due', probability: 60 },
        { name: 'Renewed', probability: 100, kind: 'won' },
      ],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const [due, renewed] = saved.body.data;
    const d = await newDeal(rep.agent, { pipelineId: p.body.id, stageId: due.id, amount: eur(1000) });
    expect(d.weightedAmount).toEqual(eur(600));

    const again = await t.admin.request('PUT', `/api/v1/pipelines/${p.body.id}/stages`, {
      stages: [
        { id: renewed.id, name: 'Renewed', probability: 100, kind: 'won' },
        { id: due.id, name: 'Due soon', probability: 80 },
      ],
    });
    expect(again.body.data.map((s: { name: string }) => s.name)).toEqual(['Renewed', 'Due soon']);
    expect((await rep.agent.request('GET', `/api/v1/deals/${d.id}`)).body).toMatchObject({
      probability: 80,
      weightedAmount: eur(800),
    });

    const dropped = await t.admin.request('PUT', `/api/v1/pipelines/${p.body.id}/stages`, {
      stages: [{ id: renewed.id, name: 'Renewed everything', probability: 100, kind: 'won' }],
    });
    expect(dropped.status).toBe(409);
    const unchanged = await t.admin.request('GET', `/api/v1/pipelines/${p.body.id}/stages`);
    expect(unchanged.body.data.map((s: { name: string }) => s.name)).toEqual(['Renewed', 'Due soon']);
    expect((await t.admin.request('DELETE', `/api/v1/pipelines/${p.body.id}`)).status).toBe(409);
    // Reps read stages but may not change them.
    const byRep = await rep.agent.request('PUT', `/api/v1/pipelines/${p.body.id}/stages`, {
      stages: [{ id: due.id, name: 'Mine', probability: 1 }],
    });
    expect(byRep.status).toBe(403);
  });

  it('refuses required fields that are not deal fields, naming the entry', async () => {
    const r = await t.admin.request('PUT', `/api/v1/pipelines/${pipelineId}/stages`, {
      stages: [{ name: 'Odd', probability: 5, requiredFields: ['amount', 'shoeSize'] }],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields).toHaveProperty(['stages.0.requiredFields.1']);
    expect(r.body.error.message).toMatch(/^stages\.0\.requiredFields\.1: "shoeSize"/);
  });
});

describe('the board by stage', () => {
  it("has the pipeline's stages as columns, in order, with counts and sums from the kept counts", async () => {
    const p = await t.admin.request('POST', '/api/v1/pipelines', { name: 'Board test', position: 3 });
    const saved = await t.admin.request('PUT', `/api/v1/pipelines/${p.body.id}/stages`, {
      stages: [
        { name: 'One', probability: 10 },
        { name: 'Two', probability: 50 },
        { name: 'Empty', probability: 70 },
      ],
    });
    const [one, two] = saved.body.data;
    for (const [stage, amount, agent] of [
      [one.id, 100, rep.agent],
      [one.id, 200, t.admin],
      [two.id, 1000, rep.agent],
    ] as const)
      await newDeal(agent, { pipelineId: p.body.id, stageId: stage, amount: eur(amount) });
    const q = `groupBy=stageId&pipelineId=${p.body.id}&metrics=sum:amount,sum:weightedAmount&limit=10`;
    const board = await t.admin.request('GET', `/api/v1/deals/groups?${q}`);
    expect(board.status, JSON.stringify(board.body)).toBe(200);
    expect(
      board.body.groups.map((g: { title: string; count: number; metrics: Record<string, unknown> }) => [
        g.title,
        g.count,
        g.metrics['sum:amount'],
      ]),
    ).toEqual([
      ['One', 2, [eur(300)]],
      ['Two', 1, [eur(1000)]],
      ['Empty', 0, []],
    ]);
    expect(board.body.total.count).toBe(3);
    expect(board.body.groups[1].metrics['sum:weightedAmount']).toEqual([eur(500)]);
    // Counted from the table (any filter does), the same numbers.
    const everything = encodeURIComponent(JSON.stringify({ op: 'and', conditions: [] }));
    const scanned = await t.admin.request('GET', `/api/v1/deals/groups?${q}&filter=${everything}`);
    expect(scanned.body.groups.map((g: { count: number }) => g.count)).toEqual([2, 1, 0]);
    expect(scanned.body.total).toEqual(board.body.total);
    // A rep of another team sees none of them, in the same columns.
    const other = await createUser(t, { role: 'sales_rep', team: 'Deals B' });
    const theirs = await other.agent.request('GET', `/api/v1/deals/groups?${q}`);
    expect(theirs.body.groups.map((g: { count: number }) => g.count)).toEqual([0, 0, 0]);
  });
});
