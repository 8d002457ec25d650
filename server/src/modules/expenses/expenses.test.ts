// Expenses over HTTP on a real database: receipts only as images or PDFs within the size limit
// (nothing written otherwise), submit → the rep's manager approves or rejects (the approvals step,
// decision 028) with the expense locked meanwhile, reimbursement, and the dashboard's totals by
// category and by rep under each reader's scope, narrowed to a team on request.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { attach, samplePdf, samplePng } from '../files/files.test-helpers.ts';

const maxBytes = 32 * 1024;
let t: TestApp;
let manager: { id: string; agent: Agent };
let rep: { id: string; agent: Agent };
let otherRep: { id: string; agent: Agent };

const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function expense(agent: Agent, body: Record<string, unknown> = {}) {
  const r = await agent.request('POST', '/api/v1/expenses', {
    description: 'Train to Hamburg',
    date: '2026-07-14',
    amount: eur(89_00),
    category: 'travel',
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const pendingOf = async (agent: Agent, id: string) =>
  (await agent.request('GET', `/api/v1/approvals?object=expense&recordId=${id}&status=pending`)).body.data[0];

beforeAll(async () => {
  t = await createTestApp({
    settings: { dataDir: mkdtempSync(join(tmpdir(), 'kith-expenses-')), files: { maxBytes } },
  });
  manager = await createUser(t, { role: 'sales_manager', team: 'Spend', name: 'Mia Manager' });
  rep = await createUser(t, { role: 'sales_rep', team: 'Spend', name: 'Arno Rep' });
  otherRep = await createUser(t, { role: 'sales_rep', team: 'Spend', name: 'Bea Rep' });
  await t.db.query(sql`UPDATE teams SET manager_id = ${manager.id}::uuid WHERE name = 'Spend'`);
});
afterAll(() => t?.close());

describe('receipts', () => {
  it('take images and PDFs; refuse other kinds and files over the limit, writing nothing', async () => {
    const e = await expense(rep.agent);
    expect(e).toMatchObject({ status: 'draft', ownerId: rep.id });
    expect((await attach(rep.agent, 'expense', e.id, { name: 'receipt.png', content: samplePng })).status).toBe(201);
    expect((await attach(rep.agent, 'expense', e.id, { name: 'receipt.pdf', content: samplePdf() })).status).toBe(201);
    const text = await attach(rep.agent, 'expense', e.id, { name: 'notes.txt', content: 'taxi 12 EUR' });
    expect(text.status).toBe(400);
    expect(text.body.error.details.fields.file).toMatch(/an image or a PDF/);
    const big = await attach(rep.agent, 'expense', e.id, {
      name: 'huge.png',
      content: Buffer.concat([samplePng, Buffer.alloc(maxBytes)]),
    });
    expect(big.status).toBe(413);
    const files = await rep.agent.request('GET', `/api/v1/files?object=expense&recordId=${e.id}`);
    expect(files.body.data.map((f: { name: string }) => f.name).sort()).toEqual(['receipt.pdf', 'receipt.png']);
  });

  it('leave other objects as they were (a text file on a contact is fine)', async () => {
    const c = await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Texty' });
    expect((await attach(t.admin, 'contact', c.body.id, { name: 'notes.txt', content: 'hello' })).status).toBe(201);
  });
});

describe('approval', () => {
  it('refuses a status from the client and a negative amount', async () => {
    const r = await rep.agent.request('POST', '/api/v1/expenses', {
      description: 'Lunch',
      date: '2026-07-14',
      amount: eur(-1),
      category: 'meals',
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details.fields).toHaveProperty(['amount.amount']);
    const s = await rep.agent.request('POST', '/api/v1/expenses', {
      description: 'Lunch',
      date: '2026-07-14',
      amount: eur(1),
      category: 'meals',
      status: 'approved',
    });
    expect(s.status).toBe(400);
  });

  it('submits to the rep’s manager, locks the expense, and approves', async () => {
    const e = await expense(rep.agent, { description: 'Hotel Berlin', category: 'lodging', amount: eur(240_00) });
    const sub = await rep.agent.request('POST', `/api/v1/expenses/${e.id}/submit`);
    expect(sub.status, JSON.stringify(sub.body)).toBe(200);
    expect(sub.body.status).toBe('submitted');
    expect((await rep.agent.request('PATCH', `/api/v1/expenses/${e.id}`, { amount: eur(1) })).status).toBe(409);
    expect((await rep.agent.request('POST', `/api/v1/expenses/${e.id}/submit`)).status).toBe(409);

    const request = await pendingOf(manager.agent, e.id);
    expect(request.approvers.map((a: { id: string }) => a.id)).toEqual([manager.id]);
    expect(request.reason).toMatch(/€240\.00 \(lodging\): Hotel Berlin/);
    // Another rep may not even see it (404); the rep may not decide their own (403).
    expect((await otherRep.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {})).status).toBe(404);
    expect((await rep.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {})).status).toBe(403);
    const ok = await manager.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, { comment: 'Fine' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const after = await rep.agent.request('GET', `/api/v1/expenses/${e.id}`);
    expect(after.body).toMatchObject({ status: 'approved', decisionNote: 'Fine' });
    expect((await rep.agent.request('PATCH', `/api/v1/expenses/${e.id}`, { description: 'x' })).status).toBe(409);
    expect((await rep.agent.request('DELETE', `/api/v1/expenses/${e.id}`)).status).toBe(409);

    expect((await rep.agent.request('POST', `/api/v1/expenses/${e.id}/reimburse`)).status).toBe(409);
    const paid = await manager.agent.request('POST', `/api/v1/expenses/${e.id}/reimburse`);
    expect(paid.status, JSON.stringify(paid.body)).toBe(200);
    expect(paid.body.status).toBe('reimbursed');
  });

  it('a rejection says why and opens the expense again', async () => {
    const e = await expense(rep.agent, { description: 'Dinner with Acme', category: 'meals', amount: eur(310_00) });
    await rep.agent.request('POST', `/api/v1/expenses/${e.id}/submit`);
    const request = await pendingOf(manager.agent, e.id);
    const no = await manager.agent.request('POST', `/api/v1/approvals/${request.id}/reject`, { comment: 'Too dear' });
    expect(no.status).toBe(200);
    const after = await rep.agent.request('GET', `/api/v1/expenses/${e.id}`);
    expect(after.body).toMatchObject({ status: 'rejected', decisionNote: 'Too dear' });
    expect((await rep.agent.request('PATCH', `/api/v1/expenses/${e.id}`, { amount: eur(150_00) })).status).toBe(200);
    expect((await rep.agent.request('POST', `/api/v1/expenses/${e.id}/submit`)).body.status).toBe('submitted');
  });
});

describe('totals', () => {
  it('sum submitted, approved and reimbursed expenses by category and by rep, in scope', async () => {
    await expense(otherRep.agent, { description: 'Flight', amount: eur(400_00), date: '2026-07-20' });
    const other = await expense(otherRep.agent, { description: 'Taxi', amount: eur(30_00), date: '2026-07-21' });
    await otherRep.agent.request('POST', `/api/v1/expenses/${other.id}/submit`);
    const byCategory = await manager.agent.request(
      'GET',
      '/api/v1/expenses/summary?from=2026-07-01&to=2026-07-31&groupBy=category',
    );
    expect(byCategory.status, JSON.stringify(byCategory.body)).toBe(200);
    const cat = Object.fromEntries(byCategory.body.groups.map((g: { key: string }) => [g.key, g]));
    // Lodging 240 reimbursed; meals 150 submitted; travel 30 submitted (drafts left out).
    expect(cat.lodging).toMatchObject({ total: 240_00, approved: 240_00, reimbursed: 240_00, title: 'Lodging' });
    expect(cat.meals).toMatchObject({ total: 150_00, submitted: 150_00 });
    expect(cat.travel).toMatchObject({ total: 30_00, count: 1 });
    expect(byCategory.body.total).toMatchObject({ total: 420_00, count: 3 });

    const byRep = await manager.agent.request(
      'GET',
      '/api/v1/expenses/summary?from=2026-07-01&to=2026-07-31&groupBy=rep',
    );
    const reps = Object.fromEntries(byRep.body.groups.map((g: { title: string; total: number }) => [g.title, g.total]));
    expect(reps).toEqual({ 'Arno Rep': 390_00, 'Bea Rep': 30_00 });
    // A rep sums their own.
    const mine = await otherRep.agent.request(
      'GET',
      '/api/v1/expenses/summary?from=2026-07-01&to=2026-07-31&groupBy=rep',
    );
    expect(mine.body.total.total).toBe(30_00);
    const bad = await manager.agent.request('GET', '/api/v1/expenses/summary?from=2026-07-31&to=2026-07-01');
    expect(bad.status).toBe(400);
  });
});

describe('totals by team', () => {
  it("sum a team's members' expenses; a manager whose scope is the team sums the team's only", async () => {
    const away = await createUser(t, { role: 'sales_rep', team: 'Away', name: 'Ava Away' });
    const spent = await expense(away.agent, { description: 'Ferry', amount: eur(70_00), date: '2026-07-22' });
    expect((await away.agent.request('POST', `/api/v1/expenses/${spent.id}/submit`)).status).toBe(200);
    const teams = Object.fromEntries(
      (await t.admin.request('GET', '/api/v1/teams')).body.data.map((x: { name: string; id: string }) => [
        x.name,
        x.id,
      ]),
    );
    const sum = async (agent: Agent, params = '') => {
      const r = await agent.request(
        'GET',
        `/api/v1/expenses/summary?from=2026-07-01&to=2026-07-31&groupBy=rep${params}`,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return Object.fromEntries(r.body.groups.map((g: { title: string; total: number }) => [g.title, g.total]));
    };
    expect(await sum(manager.agent)).toEqual({ 'Arno Rep': 390_00, 'Bea Rep': 30_00, 'Ava Away': 70_00 });
    expect(await sum(manager.agent, `&teamId=${teams.Spend}`)).toEqual({ 'Arno Rep': 390_00, 'Bea Rep': 30_00 });
    expect(await sum(manager.agent, `&teamId=${teams.Away}`)).toEqual({ 'Ava Away': 70_00 });
    // A rep asking for another team still sums only their own: nothing.
    expect(await sum(rep.agent, `&teamId=${teams.Away}`)).toEqual({});

    const roles = (await t.admin.request('GET', '/api/v1/roles')).body.data;
    const base = roles.find((r: { key: string }) => r.key === 'sales_manager');
    const role = await t.admin.request('POST', '/api/v1/roles', {
      name: 'Spend lead',
      permissions: { ...base.permissions, expense: { ...base.permissions.expense, scope: 'team' } },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const lead = await createUser(t, { role: role.body.key, team: 'Away', name: 'Lea Lead' });
    expect(await sum(lead.agent)).toEqual({ 'Ava Away': 70_00 });

    const unknown = await manager.agent.request(
      'GET',
      '/api/v1/expenses/summary?from=2026-07-01&to=2026-07-31&teamId=00000000-0000-7000-8000-000000000000',
    );
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.error.details.fields)).toEqual(['teamId']);
  });
});
