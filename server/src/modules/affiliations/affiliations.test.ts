// A junction (many-to-many with attributes) through the records path: contacts' ties to companies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const post = (path: string, body: unknown, agent = t.admin) => agent.request('POST', `/api/v1/${path}`, body);

describe('affiliations (a junction)', () => {
  it('links a contact to several companies with a role, once per pair, without a title of its own', async () => {
    const ada = await post('contacts', { firstName: 'Ada', lastName: 'Junction' });
    const acme = await post('companies', { name: 'Acme Junction' });
    const globex = await post('companies', { name: 'Globex Junction' });
    const board = await post('affiliations', { contactId: ada.body.id, companyId: acme.body.id, role: 'board-member' });
    expect(board.status, JSON.stringify(board.body)).toBe(201);
    expect(board.body).toMatchObject({ role: 'board-member', contactId: ada.body.id, companyId: acme.body.id });
    expect(
      (await post('affiliations', { contactId: ada.body.id, companyId: globex.body.id, role: 'advisor' })).status,
    ).toBe(201);
    const again = await post('affiliations', { contactId: ada.body.id, companyId: acme.body.id, role: 'investor' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.existingId).toBe(board.body.id);
    // Both ways: the contact's companies and the company's contacts, with the other end's title.
    const ofAda = await t.admin.request('GET', `/api/v1/affiliations?contactId=${ada.body.id}&sort=-createdAt`);
    expect(ofAda.body.data.map((r: { companyId: string }) => r.companyId)).toEqual([globex.body.id, acme.body.id]);
    const ofAcme = await t.admin.request('GET', `/api/v1/affiliations?companyId=${acme.body.id}`);
    expect(JSON.stringify(ofAcme.body.data)).toContain('Ada Junction');
    // Moving a link onto a pair that exists is the same conflict.
    const other = await t.admin.request('GET', `/api/v1/affiliations?companyId=${globex.body.id}`);
    const moved = await t.admin.request('PATCH', `/api/v1/affiliations/${other.body.data[0].id}`, {
      companyId: acme.body.id,
    });
    expect(moved.status).toBe(409);
  });

  it('refuses an end the user may not read as if it did not exist, and hides links to such ends', async () => {
    const rep = await createUser(t, { role: 'sales_rep', team: 'East' });
    const outsider = await createUser(t, { role: 'sales_rep', team: 'West' });
    const mine = await post('contacts', { firstName: 'Mine', ownerId: rep.id });
    const hidden = await post('companies', { name: 'Hidden West Co', ownerId: outsider.id });
    const visible = await post('companies', { name: 'Visible East Co', ownerId: rep.id });
    const refused = await post('affiliations', { contactId: mine.body.id, companyId: hidden.body.id }, rep.agent);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields.companyId).toBeDefined();
    // A link the admin made to the hidden company stays out of the rep's lists and reads.
    const secret = await post('affiliations', { contactId: mine.body.id, companyId: hidden.body.id, role: 'investor' });
    const ok = await post('affiliations', { contactId: mine.body.id, companyId: visible.body.id }, rep.agent);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    const list = await rep.agent.request('GET', `/api/v1/affiliations?contactId=${mine.body.id}`);
    expect(list.body.data.map((r: { id: string }) => r.id)).toEqual([ok.body.id]);
    expect((await rep.agent.request('GET', `/api/v1/affiliations/${secret.body.id}`)).status).toBe(404);
  });

  it('is left out of navigation and the global search', async () => {
    const meta = await t.admin.request('GET', '/api/v1/meta/objects');
    expect(meta.body.data.find((o: { name: string }) => o.name === 'affiliation')).toMatchObject({
      navigation: false,
      globalSearch: false,
      junction: ['contactId', 'companyId'],
    });
  });
});
