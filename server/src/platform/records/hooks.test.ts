// An entry's hooks run on every path that writes — create, update, bulk, delete, restore, merge
// and import — in the write's transaction, with the test-only gadget object (test-objects.ts).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { importCsv } from '../../modules/imports/imports.test-helpers.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { gadgetHookLog, gadgetObject } from '../../test/test-objects.ts';
import { hasHooks } from './hooks.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true, objects: [gadgetObject] });
});
afterAll(() => t.close());
beforeEach(() => {
  gadgetHookLog.length = 0;
});

const hooksRun = () => gadgetHookLog.map((h) => `${h.hook}:${h.change.action ?? ''}`);
const create = (body: Record<string, unknown>) => t.admin.request('POST', '/api/v1/gadgets', body);

describe('hooks in the one write path', () => {
  it('create and update compute server-set fields that clients cannot write', async () => {
    const made = await create({ name: 'Sprocket', quantity: 3, unitPrice: 2.5 });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.total).toBe(7.5);
    expect(hooksRun()).toEqual(['compute:create', 'validate:create', 'afterWrite:create']);
    gadgetHookLog.length = 0;
    const patched = await t.admin.request('PATCH', `/api/v1/gadgets/${made.body.id}`, { quantity: 4 });
    expect(patched.body.total).toBe(10);
    expect(gadgetHookLog.find((h) => h.hook === 'validate')?.change).toMatchObject({
      action: 'update',
      before: { quantity: 3, total: 7.5 },
      after: { quantity: 4, total: 10 },
    });
    const sent = await t.admin.request('PATCH', `/api/v1/gadgets/${made.body.id}`, { total: 1 });
    expect(sent.status).toBe(400);
    expect(sent.body.error.message).toMatch(/total/);
  });

  it("a hook's refusal is a 400 naming the field, and nothing is written", async () => {
    const refused = await create({ name: 'Unsold', stage: 'won' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields.stage).toBe('needs a quantity');
    const [{ n }] = await t.db.query<{ n: number }>(sql`SELECT count(*) AS n FROM test_gadgets WHERE name = 'Unsold'`);
    expect(n).toBe(0);
  });

  it('after-write work shares the transaction: when it fails, the write is undone', async () => {
    const r = await create({ name: 'Explodes after write' });
    expect(r.status).toBe(500);
    const rows = await t.db.query(sql`SELECT 1 FROM test_gadgets WHERE name = 'Explodes after write'`);
    expect(rows).toEqual([]);
    const audit = await t.db.query(
      sql`SELECT 1 FROM audit_log WHERE object_type = 'gadget' AND changes::text LIKE '%Explodes%'`,
    );
    expect(audit).toEqual([]);
  });

  it('bulk updates run the hooks per record, each with its own values', async () => {
    const a = await create({ name: 'Bulk one', quantity: 1, unitPrice: 10 });
    const b = await create({ name: 'Bulk two', quantity: 2, unitPrice: 100 });
    gadgetHookLog.length = 0;
    const r = await t.admin.request('POST', '/api/v1/gadgets/bulk', {
      ids: [a.body.id, b.body.id],
      action: 'update',
      values: { quantity: 5 },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const totals = await t.db.query<{ name: string; total: number }>(
      sql`SELECT name, total FROM test_gadgets WHERE id = ANY(${[a.body.id, b.body.id]}::uuid[]) ORDER BY name`,
    );
    expect(totals).toEqual([
      { name: 'Bulk one', total: 50 },
      { name: 'Bulk two', total: 500 },
    ]);
    expect(hooksRun().filter((h) => h === 'afterWrite:update')).toHaveLength(2);
    // A won gadget cannot go to the bin, in bulk or alone: the whole batch is refused.
    await t.admin.request('PATCH', `/api/v1/gadgets/${b.body.id}`, { stage: 'won' });
    const del = await t.admin.request('POST', '/api/v1/gadgets/bulk', {
      ids: [a.body.id, b.body.id],
      action: 'delete',
    });
    expect(del.status).toBe(400);
    expect((await t.admin.request('GET', `/api/v1/gadgets/${a.body.id}`)).status).toBe(200);
  });

  it('delete and restore see the record; merge calls the entry and module hooks', async () => {
    const keep = await create({ name: 'Keeper', code: 'K-1' });
    const dup = await create({ name: 'Keeper copy', code: 'K-2', quantity: 9 });
    const note = await t.admin.request('POST', '/api/v1/notes', {
      objectType: 'gadget',
      recordId: dup.body.id,
      body: '<p>On the copy</p>',
    });
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    gadgetHookLog.length = 0;
    const merged = await t.admin.request('POST', '/api/v1/gadgets/merge', {
      primaryId: keep.body.id,
      duplicateId: dup.body.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body.total).toBe(0); // quantity came over from the copy, no unit price: 9 × 0
    expect(hooksRun()).toContain('merge:');
    expect(gadgetHookLog.find((h) => h.hook === 'merge')?.change).toEqual({
      keptId: keep.body.id,
      mergedId: dup.body.id,
    });
    // The timeline module's hook moved the note (merge.ts no longer knows the notes table).
    const timeline = await t.admin.request('GET', `/api/v1/gadgets/${keep.body.id}/timeline`);
    expect(JSON.stringify(timeline.body)).toContain('On the copy');
    gadgetHookLog.length = 0;
    expect((await t.admin.request('DELETE', `/api/v1/gadgets/${keep.body.id}`)).status).toBe(204);
    expect((await t.admin.request('POST', `/api/v1/gadgets/${keep.body.id}/restore`)).status).toBe(200);
    expect(hooksRun()).toEqual(['validate:delete', 'afterWrite:delete', 'validate:restore', 'afterWrite:restore']);
  });

  it('imports run the same hooks per row and emit an event per record', async () => {
    const csv = 'Gadget name,Quantity,Unit price,Stage\nImported A,2,3,draft\nImported B,,,won\nImported C,1,1,won\n';
    const { result } = await importCsv(t.admin, 'gadget', csv, {
      mapping: { 'Gadget name': 'name', Quantity: 'quantity', 'Unit price': 'unitPrice', Stage: 'stage' },
    });
    expect(result.counts).toMatchObject({ created: 2, failed: 1 });
    expect(JSON.stringify(result.errors)).toContain('needs a quantity');
    const rows = await t.db.query<{ name: string; total: number }>(
      sql`SELECT name, total FROM test_gadgets WHERE name LIKE 'Imported%' ORDER BY name`,
    );
    expect(rows).toEqual([
      { name: 'Imported A', total: 6 },
      { name: 'Imported C', total: 1 },
    ]);
    expect(hooksRun().filter((h) => h === 'afterWrite:create')).toHaveLength(2);
    const events = await t.db.query<{ type: string; record_id: string }>(
      sql`SELECT type, record_id FROM events WHERE object_type = 'gadget' AND type = 'gadget.created'
          AND record_id IN (SELECT id FROM test_gadgets WHERE name LIKE 'Imported%')`,
    );
    expect(events).toHaveLength(2);
  });

  it('an import pays per-row hook calls only for objects with write hooks, not for a merge hook on every object', () => {
    // The timeline module registers a merge hook for every object ('*'); contacts declare none.
    const gadget = t.registry.get('gadget');
    const contact = t.registry.get('contact');
    if (!gadget || !contact) throw new Error('registry entries missing');
    expect(t.registry.hooksFor('contact').some((h) => h.merge)).toBe(true);
    expect(hasHooks(t, contact)).toBe(false);
    expect(hasHooks(t, gadget)).toBe(true);
  });

  it("suggests the entry's own import aliases for its headers", async () => {
    const meta = await t.admin.request('GET', '/api/v1/meta/objects');
    expect(meta.body.data.find((o: { name: string }) => o.name === 'gadget')).toMatchObject({
      navigation: true,
      globalSearch: true,
    });
    const { upload } = await importCsv(t.admin, 'gadget', 'Gizmo\nAliased\n');
    expect(upload.suggestedMapping).toEqual({ Gizmo: 'name' });
  });
});
