// A board's data: each group's first page, then "more" of one group by its cursor — through the
// groups route or through the list with the group's filter — reaching every record once.
import { groupsResult } from '@kith/common/api/aggregates';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let other: { id: string };

type Rec = { id: string; lifecycleStage: string | null; ownerId: string };
type Group = { key: string | null; count: number; data: Rec[]; nextCursor: string | null; filter: unknown };

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Green' });
  other = await createUser(t, { role: 'sales_rep', team: 'Grey' });
  // 23 leads, 7 customers, 4 without a stage; half without a last name (the sort's empty segment).
  const plan: Array<[string | null, number]> = [
    ['lead', 23],
    ['customer', 7],
    [null, 4],
  ];
  for (const [stage, n] of plan)
    for (let i = 0; i < n; i++) {
      const r = await t.admin.request('POST', '/api/v1/contacts?allowDuplicate=true', {
        firstName: `Card ${stage} ${i}`,
        lastName: i % 2 ? `Zed${i % 5}` : null,
        lifecycleStage: stage,
        ownerId: i % 3 === 0 ? other.id : rep.id,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
});
afterAll(() => t.close());

const groupsUrl = (query: string) => `/api/v1/contacts/groups?groupBy=lifecycleStage${query}`;

/** Pages one group to its end with `next(cursor)`; returns the ids in the order read. */
async function pageThrough(
  first: Group,
  next: (cursor: string) => Promise<{ data: Rec[]; nextCursor: string | null }>,
) {
  const ids = first.data.map((r) => r.id);
  let cursor = first.nextCursor;
  while (cursor) {
    const page = await next(cursor);
    ids.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
  }
  return ids;
}

describe('first pages', () => {
  it('gives each group its count and first page, in the list order, with the list record shape', async () => {
    const r = await t.admin.request('GET', groupsUrl('&limit=5&sort=lastName'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(groupsResult.safeParse(r.body).error).toBeUndefined(); // the documented answer (it skips zod on the way out)
    // Written in pieces as a Buffer (jsonSerializer): still JSON, its length its bytes.
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(r.body)));
    const groups: Group[] = r.body.groups;
    expect(groups.map((g) => [g.key, g.count, g.data.length])).toEqual([
      ['subscriber', 0, 0],
      ['lead', 23, 5],
      ['prospect', 0, 0],
      ['customer', 7, 5],
      ['churned', 0, 0],
      [null, 4, 4],
    ]);
    expect(groups.find((g) => g.key === null)?.nextCursor).toBeNull();
    const lead = groups.find((g) => g.key === 'lead') as Group;
    const list = await t.admin.request('GET', '/api/v1/contacts?lifecycleStage=lead&limit=5&sort=lastName');
    expect(lead.data).toEqual(list.body.data);
    expect(lead.nextCursor).toBe(list.body.nextCursor);
  });

  it('gives only the fields asked for (a board card), the same records in the same order', async () => {
    const full = await t.admin.request('GET', groupsUrl('&limit=5&sort=lastName'));
    const r = await t.admin.request('GET', groupsUrl('&limit=5&sort=lastName&fields=lastName,ownerId'));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(groupsResult.safeParse(r.body).error).toBeUndefined();
    const lead = r.body.groups.find((g: Group) => g.key === 'lead');
    const fullLead = full.body.groups.find((g: Group) => g.key === 'lead');
    expect(lead.nextCursor).toBe(fullLead.nextCursor);
    expect(lead.data).toEqual(
      fullLead.data.map((c: Record<string, unknown>) => ({
        id: c.id,
        title: c.title,
        createdAt: c.createdAt,
        updatedAt: c.updatedAt,
        deletedAt: c.deletedAt,
        lastName: c.lastName,
        ownerId: c.ownerId,
        owner: c.owner,
      })),
    );
    // Sorted by a field not asked for: it comes along, since it orders the rows.
    const byEmail = await t.admin.request('GET', groupsUrl('&limit=5&sort=-email&fields=ownerId'));
    expect(byEmail.status, JSON.stringify(byEmail.body)).toBe(200);
    const list = await t.admin.request('GET', '/api/v1/contacts?lifecycleStage=lead&limit=5&sort=-email');
    expect(byEmail.body.groups.find((g: Group) => g.key === 'lead').data.map((c: Rec) => c.id)).toEqual(
      list.body.data.map((c: Rec) => c.id),
    );
    const bad = await t.admin.request('GET', groupsUrl('&fields=lastName,shoeSize'));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('fields.1: unknown field "shoeSize"');
    const twice = await t.admin.request('GET', groupsUrl('&fields=lastName,lastName'));
    expect(twice.body.error.details.fields).toEqual({ 'fields.1': 'twice' });
  });

  it("keeps to the reader's scope, pages and counts alike", async () => {
    const r = await rep.agent.request('GET', groupsUrl('&limit=50'));
    const all: Rec[] = r.body.groups.flatMap((g: Group) => g.data);
    expect(all.length).toBe(r.body.total.count);
    expect(all.every((c) => c.ownerId === rep.id)).toBe(true);
    expect(r.body.groups.find((g: Group) => g.key === 'lead').count).toBe(15);
  });
});

describe('more of one group', () => {
  it.each([['lastName'], ['-lastName'], ['name'], ['-createdAt']])(
    'reaches every record of the group once, sorted by %s, through the groups route and through the list',
    async (sort) => {
      for (const key of ['lead', null, 'customer'] as const) {
        const first = await t.admin.request(
          'GET',
          groupsUrl(`&limit=4&sort=${sort}&group=${encodeURIComponent(JSON.stringify(key))}`),
        );
        expect(first.status, JSON.stringify(first.body)).toBe(200);
        const [group] = first.body.groups as Group[];
        expect(first.body.groups).toHaveLength(1);
        const byGroups = await pageThrough(group, async (cursor) => {
          const r = await t.admin.request(
            'GET',
            groupsUrl(
              `&limit=4&sort=${sort}&group=${encodeURIComponent(JSON.stringify(key))}&cursor=${encodeURIComponent(cursor)}`,
            ),
          );
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          expect(r.body.groups[0].count).toBe(group.count);
          return r.body.groups[0];
        });
        const filter = encodeURIComponent(JSON.stringify(group.filter));
        const byList = await pageThrough(group, async (cursor) => {
          const r = await t.admin.request(
            'GET',
            `/api/v1/contacts?limit=4&sort=${sort}&filter=${filter}&cursor=${encodeURIComponent(cursor)}`,
          );
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          return r.body;
        });
        const everyOne = await t.admin.request('GET', `/api/v1/contacts?limit=500&sort=${sort}&filter=${filter}`);
        const expected = everyOne.body.data.map((c: Rec) => c.id);
        expect(expected).toHaveLength(group.count);
        expect(byGroups).toEqual(expected);
        expect(byList).toEqual(expected);
      }
    },
  );

  it('answers an empty group with no records', async () => {
    const r = await t.admin.request('GET', groupsUrl(`&group=${encodeURIComponent('"churned"')}`));
    expect(r.body.groups).toEqual([
      expect.objectContaining({ key: 'churned', title: 'Churned', count: 0, data: [], nextCursor: null }),
    ]);
  });

  it('leaves deleted records out of pages and counts', async () => {
    const r = await t.admin.request('GET', groupsUrl('&limit=50&q=card'));
    const customers: Group = r.body.groups.find((g: Group) => g.key === 'customer');
    await t.admin.request('DELETE', `/api/v1/contacts/${customers.data[0].id}`);
    const after = await t.admin.request('GET', groupsUrl('&limit=50&q=card'));
    const now: Group = after.body.groups.find((g: Group) => g.key === 'customer');
    expect(now.count).toBe(customers.count - 1);
    expect(now.data.map((c) => c.id)).not.toContain(customers.data[0].id);
  });
});
