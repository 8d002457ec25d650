// Changes on the timelines of the records they concern (decision 032): an order confirmed shows on
// its company's, contact's and deal's timelines as its History tab tells it, only to those who may
// read the order; imports link every record; pages across notes, activities and changes never
// skip or repeat; merged records keep them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { loadUser, toPrincipal } from '../../platform/auth/principal.ts';
import { insertMany, updateMany } from '../../platform/records/records.batch.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let repA: { id: string; agent: Agent };
let repB: { id: string; agent: Agent };
let book: string;

beforeAll(async () => {
  t = await createTestApp();
  repA = await createUser(t, { role: 'sales_rep', team: 'Changes A', name: 'Rita Rep' });
  repB = await createUser(t, { role: 'sales_rep', team: 'Changes B', name: 'Bert Rep' });
  book = (await make('price-books', { name: 'Europe', currency: 'EUR', isDefault: true })).id;
});
afterAll(() => t?.close());

async function make(path: string, body: Record<string, unknown>, agent: Agent = t.admin) {
  const r = await agent.request('POST', `/api/v1/${path}`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as Record<string, unknown> & { id: string };
}

interface Change {
  kind: string;
  id: string;
  at: string;
  action: string;
  objectType: string;
  recordId: string;
  recordTitle: string | null;
  actor: { id: string; title: string } | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  titles: Record<string, string>;
}

async function timelineOf(agent: Agent, path: string, query = '') {
  const res = await agent.request('GET', `/api/v1/${path}/timeline${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { data: Change[]; nextCursor: string | null };
}
const changesOf = async (agent: Agent, path: string) => (await timelineOf(agent, path, '?kinds=change')).data;

describe('changes on related timelines', () => {
  it("shows an order's changes on its company's and contact's timelines, with the fields changed", async () => {
    const company = await make('companies', { name: 'Globex Changes', ownerId: repA.id });
    const contact = await make('contacts', { firstName: 'Hank', lastName: 'Scorpio', ownerId: repA.id });
    const order = await make('orders', {
      name: 'Hammocks',
      priceBookId: book,
      orderedAt: '2026-11-05',
      companyId: company.id,
      contactId: contact.id,
      ownerId: repA.id,
    });
    await make('order-lines', {
      orderId: order.id,
      description: 'Hammock',
      quantity: 2,
      unitPrice: { amount: 5_000, currency: 'EUR' },
    });
    const confirmed = await t.admin.request('PATCH', `/api/v1/orders/${order.id}`, { status: 'confirmed' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);

    for (const path of [`companies/${company.id}`, `contacts/${contact.id}`]) {
      const changes = await changesOf(repA.agent, path);
      expect(changes[0]).toMatchObject({
        kind: 'change',
        action: 'update',
        objectType: 'order',
        recordId: order.id,
        recordTitle: confirmed.body.title,
        actor: { title: 'Ada Admin' },
        changes: { status: { before: 'draft', after: 'confirmed' } },
      });
      expect(changes.at(-1)).toMatchObject({ action: 'create', objectType: 'order', recordId: order.id });
      expect(changes.every((c) => c.objectType === 'order')).toBe(true);
    }
    // The line shows on its order's timeline, not on the company's.
    const onOrder = await changesOf(repA.agent, `orders/${order.id}`);
    expect(onOrder.map((c) => `${c.objectType}:${c.action}`)).toEqual(['orderLine:create']);

    // Moved to another company: the change shows on both, the relation named by its title.
    const other = await make('companies', { name: 'Initrode Changes', ownerId: repA.id });
    await t.admin.request('PATCH', `/api/v1/orders/${order.id}`, { companyId: other.id });
    for (const id of [company.id, other.id]) {
      const [last] = await changesOf(repA.agent, `companies/${id}`);
      expect(last.changes.companyId).toEqual({ before: company.id, after: other.id });
      expect(last.titles).toEqual({ [company.id]: 'Globex Changes', [other.id]: 'Initrode Changes' });
    }
    // Kinds filter: notes only leaves the changes out; the changes are everything's newest.
    expect((await timelineOf(repA.agent, `companies/${company.id}`, '?kinds=note')).data).toEqual([]);
    expect((await timelineOf(repA.agent, `companies/${company.id}`)).data[0].kind).toBe('change');
  });

  it('shows a change only to those who may read the record that changed', async () => {
    const company = await make('companies', { name: 'Shared Account', ownerId: repB.id });
    const theirs = await make('orders', {
      name: 'Rita order',
      priceBookId: book,
      orderedAt: '2026-11-05',
      companyId: company.id,
      ownerId: repA.id,
    });
    const own = await make('orders', {
      name: 'Bert order',
      priceBookId: book,
      orderedAt: '2026-11-06',
      companyId: company.id,
      ownerId: repB.id,
    });
    // Bert reads the company and his own order, not Rita's (another team's).
    const seen = await changesOf(repB.agent, `companies/${company.id}`);
    expect(seen.map((c) => c.recordId)).toEqual([own.id]);
    const admin = await changesOf(t.admin, `companies/${company.id}`);
    expect(admin.map((c) => c.recordId)).toEqual([own.id, theirs.id]);
    // Rita may not read the company at all.
    expect((await repA.agent.request('GET', `/api/v1/companies/${company.id}/timeline`)).status).toBe(404);
  });

  it('links every record of a batch write (an import) in one statement per batch', async () => {
    const user = await loadUser(t.db, t.admin.userId);
    if (!user) throw new Error('no admin');
    const ctx = { db: t.db, principal: toPrincipal(user), now: () => new Date() };
    const deal = t.registry.get('deal');
    if (!deal) throw new Error('no deal object');
    const companies = await Promise.all(
      ['One', 'Two', 'Three'].map((n) => make('companies', { name: `Batch ${n}`, ownerId: repA.id })),
    );
    const pipeline = (await t.admin.request('GET', '/api/v1/pipelines')).body.data[0];
    const stages = (await t.admin.request('GET', `/api/v1/pipeline-stages?pipelineId=${pipeline.id}`)).body.data;
    const ids = await insertMany(
      ctx,
      deal,
      companies.map((c, i) => ({
        name: `Batch deal ${i}`,
        pipelineId: pipeline.id,
        stageId: stages[0].id,
        companyId: c.id,
        ownerId: repA.id,
      })),
    );
    const rows = await t.db.query<Record<string, unknown>>(
      sql`SELECT * FROM deals WHERE id = ANY(${ids}::uuid[]) ORDER BY name`,
    );
    await updateMany(
      ctx,
      deal,
      rows.map((row) => ({ row, patch: { nextStep: 'Call back' } })),
    );
    for (const [i, c] of companies.entries()) {
      const changes = await changesOf(repA.agent, `companies/${c.id}`);
      expect(changes.map((x) => `${x.action}:${x.recordId}`)).toEqual([`update:${ids[i]}`, `create:${ids[i]}`]);
      expect(changes[0].changes.nextStep).toEqual({ before: null, after: 'Call back' });
    }
  });

  it('pages through notes, activities and changes at equal times without skipping or repeating', async () => {
    const contact = await make('contacts', { firstName: 'Paged', lastName: 'Changes', ownerId: repA.id });
    const at = ['2025-03-01T00:00:00Z', '2025-03-02T00:00:00Z'];
    const made: string[] = [];
    for (let n = 0; n < 9; n++) {
      const time = at[n % 2];
      if (n % 3 === 0) {
        const note = await make('notes', { objectType: 'contact', recordId: contact.id, body: `n${n}` }, repA.agent);
        await t.db.query(sql`UPDATE notes SET created_at = ${time}::timestamptz WHERE id = ${note.id}::uuid`);
        made.push(note.id);
      } else if (n % 3 === 1) {
        const call = await make(
          'calls',
          { subject: `c${n}`, occurredAt: time, contactId: contact.id, ownerId: repA.id },
          repA.agent,
        );
        made.push(call.id);
      } else {
        const order = await make(
          'orders',
          { name: `o${n}`, priceBookId: book, orderedAt: '2026-11-05', contactId: contact.id, ownerId: repA.id },
          repA.agent,
        );
        const [link] = await t.db.query<{ item_id: string }>(sql`
          UPDATE timeline_links SET created_at = ${time}::timestamptz
          WHERE item_kind = 'change' AND via_id = ${order.id}::uuid AND record_id = ${contact.id}::uuid RETURNING item_id`);
        // The link keeps its entry's time (they are written together): both move.
        await t.db.query(sql`UPDATE audit_log SET at = ${time}::timestamptz WHERE id = ${link.item_id}::uuid`);
        made.push(link.item_id);
      }
    }
    for (const limit of [1, 2, 4]) {
      const seen: Change[] = [];
      let cursor: string | null = null;
      do {
        const page = await timelineOf(
          repA.agent,
          `contacts/${contact.id}`,
          `?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.data.length).toBeLessThanOrEqual(limit);
        seen.push(...page.data);
        cursor = page.nextCursor;
        expect(seen.length).toBeLessThanOrEqual(made.length);
      } while (cursor);
      expect(seen.map((i) => i.id).sort()).toEqual([...made].sort());
      const order = [...seen].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
      expect(seen.map((i) => i.id)).toEqual(order.map((i) => i.id));
    }
  });

  it('keeps the changes on the record a duplicate is merged into', async () => {
    const kept = await make('companies', { name: 'Merged Changes', ownerId: repA.id });
    const dup = await make('companies', { name: 'Merged Changes Inc', ownerId: repA.id });
    const order = await make('orders', {
      name: 'On the duplicate',
      priceBookId: book,
      orderedAt: '2026-11-05',
      companyId: dup.id,
    });
    const merged = await t.admin.request('POST', '/api/v1/companies/merge', {
      primaryId: kept.id,
      duplicateId: dup.id,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const changes = await changesOf(t.admin, `companies/${kept.id}`);
    expect(changes.map((c) => c.recordId)).toContain(order.id);
    expect(changes.find((c) => c.action === 'create')?.recordId).toBe(order.id);
  });
});
