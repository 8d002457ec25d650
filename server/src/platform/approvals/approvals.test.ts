// Approval as a step on the records path, on the test-only gadget with a test-only rule: a gadget
// of more than 100 pieces waits for a manager's yes, locked on every write path meanwhile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { importCsv } from '../../modules/imports/imports.test-helpers.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { gadgetObject } from '../../test/test-objects.ts';
import type { KithModule } from '../module.ts';
import { updateRecord } from '../records/records.service.ts';
import type { DecidedApproval } from './approval-rules.ts';

const decided: DecidedApproval[] = [];

const approvalsTestModule: KithModule = {
  name: 'approvals-test',
  approvalRules: [
    {
      object: 'gadget',
      key: 'bigOrder',
      triggerFields: ['quantity'],
      allowWhileLocked: ['tags'],
      needsApproval: (_ctx, change) => {
        const q = (change.after?.quantity as number | null) ?? 0;
        return q > 100 ? { reason: `Quantity ${q} is above the 100 limit` } : null;
      },
      // What a module does with the decision: here, an approved gadget is won.
      async onDecided(ctx, request) {
        decided.push(request);
        if (request.status === 'approved') await updateRecord(ctx, 'gadget', request.recordId, { stage: 'won' });
      },
    },
  ],
};

let t: TestApp;
let rep: { id: string; agent: Agent };
let otherRep: { id: string; agent: Agent };
let manager: { id: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp({ objects: [gadgetObject], modules: [approvalsTestModule], workers: true });
  manager = await createUser(t, { role: 'sales_manager', team: 'North', name: 'Mara Manager' });
  rep = await createUser(t, { role: 'sales_rep', team: 'North', name: 'Remy Rep' });
  otherRep = await createUser(t, { role: 'sales_rep', team: 'North', name: 'Olga Other' });
  await t.db.query(sql`UPDATE teams SET manager_id = ${manager.id}::uuid WHERE name = 'North'`);
});
afterAll(() => t.close());
beforeEach(() => {
  decided.length = 0;
});

let seq = 0;
async function bigGadget(agent: Agent = rep.agent, quantity = 500) {
  const r = await agent.request('POST', '/api/v1/gadgets', { name: `Big ${++seq}`, code: `B${seq}`, quantity });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const list = await agent.request('GET', `/api/v1/gadgets/${r.body.id}/approvals`);
  expect(list.status).toBe(200);
  return { gadget: r.body, request: list.body.data[0] };
}

describe('the automatic trigger', () => {
  it('asks the requester’s team manager when a write crosses the rule, and tells them', async () => {
    const { gadget, request } = await bigGadget();
    expect(request).toMatchObject({
      object: 'gadget',
      recordId: gadget.id,
      recordTitle: gadget.name,
      rule: 'bigOrder',
      status: 'pending',
      reason: 'Quantity 500 is above the 100 limit',
      snapshot: { quantity: 500 },
      requestedBy: { id: rep.id, name: 'Remy Rep' },
      approvers: [{ id: manager.id, name: 'Mara Manager' }],
      canDecide: false,
      canCancel: true,
    });
    const [note] = await t.db.query<{ user_id: string; kind: string; title: string }>(
      sql`SELECT user_id, kind, title FROM notifications WHERE record_id = ${gadget.id}::uuid`,
    );
    expect(note).toMatchObject({ user_id: manager.id, kind: 'approval' });
    expect(note.title).toContain('asks you to approve');
    const events = await t.db.query<{ type: string; payload: Record<string, unknown> }>(
      sql`SELECT type, payload FROM events WHERE record_id = ${gadget.id}::uuid AND type LIKE 'approval.%'`,
    );
    expect(events).toEqual([
      {
        type: 'approval.requested',
        payload: { approvalId: request.id, object: 'gadget', rule: 'bigOrder', status: 'pending' },
      },
    ]);
    const audit = await t.admin.request('GET', `/api/v1/gadgets/${gadget.id}/audit`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('approval.request');
  });

  it('stays out of writes below the rule, and of fields it does not watch', async () => {
    const r = await rep.agent.request('POST', '/api/v1/gadgets', { name: 'Small', quantity: 5 });
    expect((await rep.agent.request('GET', `/api/v1/gadgets/${r.body.id}/approvals`)).body.data).toEqual([]);
    expect((await rep.agent.request('PATCH', `/api/v1/gadgets/${r.body.id}`, { unitPrice: 9 })).status).toBe(200);
    const up = await rep.agent.request('PATCH', `/api/v1/gadgets/${r.body.id}`, { quantity: 101 });
    expect(up.status).toBe(200);
    const list = await rep.agent.request('GET', `/api/v1/gadgets/${r.body.id}/approvals`);
    expect(list.body.data.map((a: { status: string }) => a.status)).toEqual(['pending']);
  });
});

describe('the lock', () => {
  it('refuses updates and deletes on every write path with a 409 naming the request', async () => {
    const { gadget, request } = await bigGadget();
    const refused = (r: { status: number; body: { error: { message: string; details?: unknown } } }) => {
      expect(r.status, JSON.stringify(r.body)).toBe(409);
      expect(r.body.error.message).toContain('waits for approval (Quantity 500 is above the 100 limit)');
      expect(r.body.error.details).toMatchObject({ approvalId: request.id });
    };
    refused(await rep.agent.request('PATCH', `/api/v1/gadgets/${gadget.id}`, { name: 'Renamed' }));
    refused(await t.admin.request('PATCH', `/api/v1/gadgets/${gadget.id}`, { quantity: 50 }));
    refused(await rep.agent.request('DELETE', `/api/v1/gadgets/${gadget.id}`));
    refused(
      await t.admin.request('POST', '/api/v1/gadgets/bulk', {
        ids: [gadget.id],
        action: 'update',
        values: { unitPrice: 3 },
      }),
    );
    refused(await t.admin.request('POST', '/api/v1/gadgets/bulk', { ids: [gadget.id], action: 'delete' }));
    const other = await t.admin.request('POST', '/api/v1/gadgets', { name: 'Other', quantity: 1 });
    // Locked as the one kept, and as the one merged away.
    refused(
      await t.admin.request('POST', '/api/v1/gadgets/merge', { primaryId: gadget.id, duplicateId: other.body.id }),
    );
    refused(
      await t.admin.request('POST', '/api/v1/gadgets/merge', { primaryId: other.body.id, duplicateId: gadget.id }),
    );
    const { result } = await importCsv(t.admin, 'gadget', `Name,Code,Unit price\nImported,${gadget.code},7`, {
      duplicateMode: 'update',
      mapping: { Name: 'name', Code: 'code', 'Unit price': 'unitPrice' },
    });
    expect(JSON.stringify(result)).toContain('waits for approval');
    // Nothing changed.
    const after = await t.admin.request('GET', `/api/v1/gadgets/${gadget.id}`);
    expect(after.body).toMatchObject({ name: gadget.name, quantity: 500, unitPrice: null, deletedAt: null });
  });

  it('lets the fields the rule allows change while the record waits', async () => {
    const { gadget } = await bigGadget();
    const r = await rep.agent.request('PATCH', `/api/v1/gadgets/${gadget.id}`, { tags: ['urgent'] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });
});

describe('deciding', () => {
  it('is for the named approvers and admins: others get 403, the requester too', async () => {
    const { request } = await bigGadget();
    const other = await otherRep.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {});
    expect(other.status).toBe(403);
    const own = await rep.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toContain('You asked for this approval');
    const mine = await manager.agent.request('GET', '/api/v1/approvals?status=pending&mine=true');
    expect(mine.body.data.map((a: { id: string }) => a.id)).toContain(request.id);
    expect(mine.body.data.find((a: { id: string }) => a.id === request.id).canDecide).toBe(true);
    expect((await otherRep.agent.request('GET', '/api/v1/approvals?mine=true')).body.data).toEqual([]);
    // A sales rep of the same team reads the record, so they see the request, but cannot decide it.
    const seen = await otherRep.agent.request('GET', `/api/v1/approvals/${request.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.canDecide).toBe(false);
  });

  it('approving unlocks the record, runs the rule’s decision as the system, tells the requester', async () => {
    const { gadget, request } = await bigGadget();
    const before = (await manager.agent.request('GET', '/api/v1/approvals/count')).body.pending;
    expect(before).toBeGreaterThan(0);
    const r = await manager.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, { comment: 'Fine' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({
      status: 'approved',
      decidedBy: { id: manager.id, name: 'Mara Manager' },
      comment: 'Fine',
      canDecide: false,
    });
    expect((await manager.agent.request('GET', '/api/v1/approvals/count')).body.pending).toBe(before - 1);
    expect(decided).toMatchObject([{ id: request.id, status: 'approved', recordId: gadget.id }]);
    expect((await t.admin.request('GET', `/api/v1/gadgets/${gadget.id}`)).body.stage).toBe('won');
    const again = await manager.agent.request('POST', `/api/v1/approvals/${request.id}/reject`, { comment: 'No' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('This request is already approved');
    expect((await rep.agent.request('PATCH', `/api/v1/gadgets/${gadget.id}`, { name: 'Renamed' })).status).toBe(200);
    const [told] = await t.db.query<{ user_id: string; title: string }>(sql`SELECT user_id, title FROM notifications
      WHERE record_id = ${gadget.id}::uuid AND user_id = ${rep.id}::uuid`);
    expect(told.title).toContain('Mara Manager approved');
    const events = await t.db.query<{ type: string; payload: { status: string } }>(
      sql`SELECT type, payload FROM events WHERE record_id = ${gadget.id}::uuid AND type = 'approval.decided'`,
    );
    expect(events.map((e) => e.payload.status)).toEqual(['approved']);
    const audit = await t.admin.request('GET', `/api/v1/gadgets/${gadget.id}/audit`);
    expect(audit.body.data.map((e: { action: string }) => e.action)).toContain('approval.approve');
  });

  it('rejecting needs a comment; an admin may decide what names someone else', async () => {
    const { gadget, request } = await bigGadget();
    const bare = await t.admin.request('POST', `/api/v1/approvals/${request.id}/reject`, {});
    expect(bare.status).toBe(400);
    expect(bare.body.error.message).toContain('comment');
    const r = await t.admin.request('POST', `/api/v1/approvals/${request.id}/reject`, { comment: 'Too many' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'rejected', comment: 'Too many' });
    expect(decided.map((d) => d.status)).toEqual(['rejected']);
    expect((await t.admin.request('GET', `/api/v1/gadgets/${gadget.id}`)).body.stage).toBeNull();
    const [told] = await t.db.query<{ title: string; body: string }>(sql`SELECT title, body FROM notifications
      WHERE record_id = ${gadget.id}::uuid AND user_id = ${rep.id}::uuid`);
    expect(told).toMatchObject({ body: 'Too many' });
    expect(told.title).toContain('rejected');
  });

  it('a changed trigger field after a decision asks again', async () => {
    const { gadget, request } = await bigGadget();
    await manager.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {});
    expect((await rep.agent.request('PATCH', `/api/v1/gadgets/${gadget.id}`, { quantity: 900 })).status).toBe(200);
    const list = await rep.agent.request('GET', `/api/v1/gadgets/${gadget.id}/approvals`);
    expect(list.body.data.map((a: { status: string }) => a.status)).toEqual(['pending', 'approved']);
  });
});

describe('withdrawing', () => {
  it('is for the requester (or an admin), and unlocks the record', async () => {
    const { gadget, request } = await bigGadget();
    expect((await otherRep.agent.request('POST', `/api/v1/approvals/${request.id}/cancel`, {})).status).toBe(403);
    expect((await manager.agent.request('POST', `/api/v1/approvals/${request.id}/cancel`, {})).status).toBe(403);
    const r = await rep.agent.request('POST', `/api/v1/approvals/${request.id}/cancel`, {});
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    expect(decided.map((d) => d.status)).toEqual(['cancelled']);
    expect((await manager.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {})).status).toBe(409);
    expect((await rep.agent.request('DELETE', `/api/v1/gadgets/${gadget.id}`)).status).toBe(204);
  });
});

describe('reading', () => {
  it('hides requests from those neither part of them nor able to read the record', async () => {
    const { request } = await bigGadget();
    const stranger = await createUser(t, { role: 'sales_rep', team: 'South' });
    expect((await stranger.agent.request('GET', `/api/v1/approvals/${request.id}`)).status).toBe(404);
    expect((await stranger.agent.request('GET', '/api/v1/approvals')).body.data).toEqual([]);
    expect((await stranger.agent.request('POST', `/api/v1/approvals/${request.id}/approve`, {})).status).toBe(404);
    expect((await t.admin.request('GET', '/api/v1/approvals/not-an-id')).status).toBe(404);
  });

  it('pages what waits for me, newest first', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push((await bigGadget()).request.id);
    const first = await manager.agent.request('GET', '/api/v1/approvals?status=pending&mine=true&limit=2');
    expect(first.body.data).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const ids = first.body.data.map((a: { id: string }) => a.id);
    expect(ids).toEqual([made[2], made[1]]);
    const next = await manager.agent.request(
      'GET',
      `/api/v1/approvals?status=pending&mine=true&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.data[0].id).toBe(made[0]);
    const bad = await manager.agent.request('GET', '/api/v1/approvals?cursor=nonsense');
    expect(bad.status).toBe(400);
  });
});
