// Quotas and forecast adjustments over HTTP, on a real database: one quota per rep and period (a
// 409 otherwise, and on restoring a removed one beside its successor), period starts that are
// periods' first days, who may set and read them, the year's grid and the bulk setting of one
// period, and adjustments that say why. The registry-wide tests cover the generic routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let manager: { id: string; agent: Agent };
let rep: { id: string; agent: Agent };
let other: { id: string; agent: Agent };

const eur = (amount: number) => ({ amount, currency: 'EUR' });

beforeAll(async () => {
  t = await createTestApp();
  manager = await createUser(t, { role: 'sales_manager', team: 'Quota team' });
  rep = await createUser(t, { role: 'sales_rep', team: 'Quota team' });
  other = await createUser(t, { role: 'sales_rep', team: 'Quota team' });
});
afterAll(() => t?.close());

describe('quotas', () => {
  let quotaId: string;

  it('are set by managers, one per rep and period, titled by the period', async () => {
    const made = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: rep.id,
      periodKind: 'quarter',
      periodStart: '2026-07-01',
      amount: eur(50_000_00),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ title: '2026-Q3', userId: rep.id, amount: eur(50_000_00) });
    quotaId = made.body.id;

    const again = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: rep.id,
      periodKind: 'quarter',
      periodStart: '2026-07-01',
      amount: eur(1),
    });
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ existingId: quotaId, fields: { periodStart: 'already taken' } });
    // The same start as a month is another period.
    const month = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: rep.id,
      periodKind: 'month',
      periodStart: '2026-07-01',
      amount: eur(15_000_00),
    });
    expect(month.status).toBe(201);
    expect(month.body.title).toBe('2026-07');
  });

  it('refuse a start that begins no period, a negative target, an unknown currency — and write nothing', async () => {
    const bad = async (body: Record<string, unknown>) =>
      manager.agent.request('POST', '/api/v1/quotas', {
        userId: other.id,
        periodKind: 'quarter',
        periodStart: '2026-04-01',
        amount: eur(100),
        ...body,
      });
    const r1 = await bad({ periodStart: '2026-08-01' });
    expect(r1.status).toBe(400);
    expect(r1.body.error.details.fields).toHaveProperty('periodStart');
    const r2 = await bad({ amount: eur(-1) });
    expect(r2.body.error.details.fields).toHaveProperty('amount');
    const r3 = await bad({ amount: { amount: 100, currency: 'XYZ' } });
    expect(r3.status).toBe(400);
    expect(r3.body.error.details.fields).toHaveProperty('amount.currency');
    const list = await manager.agent.request('GET', `/api/v1/quotas?userId=${other.id}`);
    expect(list.body.data).toEqual([]);
  });

  it('are read by the rep they belong to, not by another rep, and written by neither', async () => {
    expect((await rep.agent.request('GET', `/api/v1/quotas/${quotaId}`)).status).toBe(200);
    expect((await other.agent.request('GET', `/api/v1/quotas/${quotaId}`)).status).toBe(404);
    const patch = await rep.agent.request('PATCH', `/api/v1/quotas/${quotaId}`, { amount: eur(1) });
    expect(patch.status).toBe(403);
    const create = await rep.agent.request('POST', '/api/v1/quotas', {
      userId: rep.id,
      periodKind: 'month',
      periodStart: '2026-08-01',
      amount: eur(1),
    });
    expect(create.status).toBe(403);
  });

  it('cannot be restored beside the quota that replaced it', async () => {
    const first = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: other.id,
      periodKind: 'month',
      periodStart: '2026-09-01',
      amount: eur(10),
    });
    await manager.agent.request('DELETE', `/api/v1/quotas/${first.body.id}`);
    const second = await manager.agent.request('POST', '/api/v1/quotas', {
      userId: other.id,
      periodKind: 'month',
      periodStart: '2026-09-01',
      amount: eur(20),
    });
    expect(second.status).toBe(201);
    const restore = await manager.agent.request('POST', `/api/v1/quotas/${first.body.id}/restore`);
    expect(restore.status).toBe(409);
    expect(restore.body.error.details.existingId).toBe(second.body.id);
  });

  it("are set for several reps at once, all or nothing, each change in the record's audit", async () => {
    const set = await manager.agent.request('PUT', '/api/v1/quotas/by-period/2026-Q3', {
      targets: [
        { userId: rep.id, amount: eur(60_000_00) },
        { userId: other.id, amount: eur(40_000_00) },
      ],
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.data.map((q: { userId: string; amount: unknown }) => [q.userId, q.amount])).toEqual([
      [rep.id, eur(60_000_00)],
      [other.id, eur(40_000_00)],
    ]);
    expect(set.body.data[0].id).toBe(quotaId);
    const audit = await manager.agent.request('GET', `/api/v1/quotas/${quotaId}/audit`);
    expect(JSON.stringify(audit.body)).toContain('6000000');

    const half = await manager.agent.request('PUT', '/api/v1/quotas/by-period/2026-Q3', {
      targets: [
        { userId: other.id, amount: null },
        { userId: rep.id, amount: { amount: 5, currency: 'XYZ' } },
      ],
    });
    expect(half.status).toBe(400);
    expect(half.body.error.details.fields).toHaveProperty(['targets[1].amount.currency']);
    // Nothing was removed: the first target's delete rolled back with the second's refusal.
    const grid = await manager.agent.request('GET', '/api/v1/quotas/grid?year=2026&kind=quarter');
    expect(grid.body.cells.filter((c: { period: string }) => c.period === '2026-Q3')).toHaveLength(2);

    const badPeriod = await manager.agent.request('PUT', '/api/v1/quotas/by-period/2026-Q9', {
      targets: [{ userId: rep.id, amount: eur(1) }],
    });
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.error.details.fields).toHaveProperty('period');
    expect(
      (
        await rep.agent.request('PUT', '/api/v1/quotas/by-period/2026-Q3', {
          targets: [{ userId: rep.id, amount: eur(1) }],
        })
      ).status,
    ).toBe(403);
  });

  it("grid a year's periods by rep: a manager sees everyone, a rep only themself", async () => {
    const grid = await manager.agent.request('GET', '/api/v1/quotas/grid?year=2026&kind=month');
    expect(grid.status).toBe(200);
    expect(grid.body.periods).toHaveLength(12);
    expect(grid.body.periods[6]).toEqual({ period: '2026-07', start: '2026-07-01' });
    expect(grid.body.reps.map((r: { id: string }) => r.id)).toEqual(
      expect.arrayContaining([rep.id, other.id, manager.id]),
    );
    expect(grid.body.cells).toContainEqual(
      expect.objectContaining({ userId: rep.id, period: '2026-07', amount: eur(15_000_00) }),
    );
    const own = await rep.agent.request('GET', '/api/v1/quotas/grid?year=2026&kind=quarter');
    expect(own.body.reps.map((r: { id: string }) => r.id)).toEqual([rep.id]);
    expect(own.body.cells.every((c: { userId: string }) => c.userId === rep.id)).toBe(true);
    const bad = await manager.agent.request('GET', '/api/v1/quotas/grid?year=twenty&kind=week');
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['kind', 'year']);
  });
});

describe('forecast adjustments', () => {
  it('are made by managers with a note, read by the rep, and a changed amount says why anew', async () => {
    const body = {
      userId: rep.id,
      periodKind: 'quarter',
      periodStart: '2026-07-01',
      category: 'commit',
      amount: eur(45_000_00),
      note: 'Two renewals slipped to October',
    };
    expect((await rep.agent.request('POST', '/api/v1/forecast-adjustments', body)).status).toBe(403);
    const noNote = await manager.agent.request('POST', '/api/v1/forecast-adjustments', { ...body, note: undefined });
    expect(noNote.status).toBe(400);
    expect(noNote.body.error.details.fields).toHaveProperty('note');
    const made = await manager.agent.request('POST', '/api/v1/forecast-adjustments', body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.title).toBe('Commit 2026-Q3');
    expect((await manager.agent.request('POST', '/api/v1/forecast-adjustments', body)).status).toBe(409);
    // Best case is another figure of the same period.
    const best = await manager.agent.request('POST', '/api/v1/forecast-adjustments', { ...body, category: 'bestCase' });
    expect(best.status).toBe(201);

    expect((await rep.agent.request('GET', `/api/v1/forecast-adjustments/${made.body.id}`)).status).toBe(200);
    expect((await other.agent.request('GET', `/api/v1/forecast-adjustments/${made.body.id}`)).status).toBe(404);

    const silent = await manager.agent.request('PATCH', `/api/v1/forecast-adjustments/${made.body.id}`, {
      amount: eur(40_000_00),
    });
    expect(silent.status).toBe(400);
    expect(silent.body.error.details.fields).toHaveProperty('note');
    const said = await manager.agent.request('PATCH', `/api/v1/forecast-adjustments/${made.body.id}`, {
      amount: eur(40_000_00),
      note: 'And one more lost to budget freeze',
    });
    expect(said.status).toBe(200);
    const audit = await manager.agent.request('GET', `/api/v1/forecast-adjustments/${made.body.id}/audit`);
    const text = JSON.stringify(audit.body);
    expect(text).toContain('Two renewals slipped to October');
    expect(text).toContain('And one more lost to budget freeze');
  });
});
