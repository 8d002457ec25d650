// Converting a lead in one step (contact, company, deal; existing matches offered first; all or
// nothing), and leads given to the reps of their territory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';

let t: TestApp;
let rep: { id: string; agent: Agent };
let stranger: { id: string; agent: Agent };

beforeAll(async () => {
  t = await createTestApp();
  rep = await createUser(t, { role: 'sales_rep', team: 'Convert A' });
  stranger = await createUser(t, { role: 'sales_rep', team: 'Convert B' });
});
afterAll(() => t?.close());

async function newLead(body: Record<string, unknown>) {
  const r = await rep.agent.request('POST', '/api/v1/leads', { ownerId: rep.id, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const count = async (plural: string, q: string) =>
  (await t.admin.request('GET', `/api/v1/${plural}?q=${encodeURIComponent(q)}`)).body.data.length;

describe('converting a lead', () => {
  it('offers the existing company, and makes a contact and a deal under it without a duplicate', async () => {
    const globex = await rep.agent.request('POST', '/api/v1/companies', { name: 'Globex', domain: 'globex.com' });
    const lead = await newLead({
      firstName: 'Hank',
      lastName: 'Scorpio',
      email: 'hank@globex.com',
      companyName: 'Globex',
      website: 'https://www.globex.com',
      source: 'coldCall',
    });
    const matches = await rep.agent.request('GET', `/api/v1/leads/${lead.id}/convert`);
    expect(matches.status).toBe(200);
    expect(matches.body.companies).toEqual([expect.objectContaining({ id: globex.body.id, title: 'Globex' })]);
    expect(matches.body.contacts).toEqual([]);

    const r = await rep.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, {
      company: { use: 'existing', id: globex.body.id },
      deal: { amount: { amount: 120_000_00, currency: 'EUR' } },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.contact).toMatchObject({
      title: 'Hank Scorpio',
      email: 'hank@globex.com',
      companyId: globex.body.id,
      lifecycleStage: 'prospect',
      source: 'cold outreach',
      ownerId: rep.id,
    });
    expect(r.body.deal).toMatchObject({
      name: 'Globex deal',
      companyId: globex.body.id,
      contactId: r.body.contact.id,
      status: 'open',
      amount: { amount: 120_000_00, currency: 'EUR' },
    });
    expect(r.body.lead).toMatchObject({
      status: 'converted',
      convertedContactId: r.body.contact.id,
      convertedCompanyId: globex.body.id,
      convertedDealId: r.body.deal.id,
    });
    expect(r.body.lead.convertedAt).toEqual(expect.any(String));
    expect(await count('companies', 'Globex')).toBe(1);

    const again = await rep.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ contactId: r.body.contact.id });
  });

  it('makes a new company from the lead when asked, and none when there is none', async () => {
    const lead = await newLead({ firstName: 'Solo', lastName: 'Trader', email: 'solo@example.org' });
    const r = await rep.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.company).toBeNull();
    expect(r.body.deal).toBeNull();
    expect(r.body.contact).toMatchObject({ companyId: null, lifecycleStage: 'lead' });

    const withCompany = await newLead({ lastName: 'Founder', companyName: 'Initech Labs', email: 'f@initech-labs.io' });
    const made = await rep.agent.request('POST', `/api/v1/leads/${withCompany.id}/convert`, {});
    expect(made.body.company).toMatchObject({ name: 'Initech Labs' });
    expect(made.body.contact.companyId).toBe(made.body.company.id);
  });

  it('changes nothing when any part is refused', async () => {
    await rep.agent.request('POST', '/api/v1/contacts', {
      firstName: 'Dup',
      lastName: 'Licate',
      email: 'dup@acme.test',
    });
    const lead = await newLead({ firstName: 'Dup', lastName: 'Licate', email: 'dup@acme.test', companyName: 'Dupco' });
    // A new contact with the email of an existing one: the records path's duplicate warning.
    const dup = await rep.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, { deal: {} });
    expect(dup.status).toBe(409);
    expect(await count('companies', 'Dupco')).toBe(0);
    // A deal in a stage of another pipeline: a 400 naming deal.stageId.
    const p = await t.admin.request('POST', '/api/v1/pipelines', { name: 'Other', position: 5 });
    const [stage] = (
      await t.admin.request('PUT', `/api/v1/pipelines/${p.body.id}/stages`, { stages: [{ name: 'X', probability: 5 }] })
    ).body.data;
    const pipelines = await t.admin.request('GET', '/api/v1/pipelines?sort=position');
    const badStage = await rep.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, {
      contact: { use: 'new' },
      company: { use: 'none' },
      deal: { pipelineId: pipelines.body.data[0].id, stageId: stage.id },
    });
    expect(badStage.status).toBe(409); // the contact's duplicate comes first
    const existing = (await rep.agent.request('GET', `/api/v1/leads/${lead.id}/convert`)).body.contacts[0];
    const badDeal = await rep.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, {
      contact: { use: 'existing', id: existing.id },
      deal: { pipelineId: pipelines.body.data[0].id, stageId: stage.id },
    });
    expect(badDeal.status).toBe(400);
    expect(badDeal.body.error.details.fields).toHaveProperty(['deal.stageId']);
    expect(await count('companies', 'Dupco')).toBe(0);
    expect((await rep.agent.request('GET', `/api/v1/leads/${lead.id}`)).body.status).not.toBe('converted');

    // Converted is what converting does, not a status to set by hand.
    const byHand = await rep.agent.request('PATCH', `/api/v1/leads/${lead.id}`, { status: 'converted' });
    expect(byHand.status).toBe(400);
    expect(byHand.body.error.details.fields).toHaveProperty('status');
    // Someone who may not see the lead gets a 404, as if there were none.
    expect((await stranger.agent.request('POST', `/api/v1/leads/${lead.id}/convert`, {})).status).toBe(404);
  });
});

describe('assignment by territory', () => {
  it('gives a new lead to the next rep of its territory, and tells them', async () => {
    const dach = await t.admin.request('POST', '/api/v1/territories', { name: 'DACH', countries: ['DE', 'AT', 'CH'] });
    expect(dach.status, JSON.stringify(dach.body)).toBe(201);
    const [anna, ben] = [
      await createUser(t, { role: 'sales_rep', team: 'DACH', name: 'Anna Alpen' }),
      await createUser(t, { role: 'sales_rep', team: 'DACH', name: 'Ben Berg' }),
    ];
    await t.admin.request('PUT', `/api/v1/territories/${dach.body.id}/members`, {
      members: [
        { userId: anna.id, role: 'rep' },
        { userId: ben.id, role: 'rep' },
      ],
    });
    const rule = await t.admin.request('POST', '/api/v1/lead-assignment-rules', {
      name: 'By territory',
      action: { kind: 'territory' },
    });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const owners: string[] = [];
    for (const country of ['Germany', 'Österreich', 'DE']) {
      const l = await t.admin.request('POST', '/api/v1/leads', { lastName: `In ${country}`, country });
      const read = await t.admin.request('GET', `/api/v1/leads/${l.body.id}`);
      expect(read.body.territoryId).toBe(dach.body.id);
      owners.push(read.body.ownerId);
    }
    expect(new Set(owners)).toEqual(new Set([anna.id, ben.id]));
    expect(owners[0]).not.toBe(owners[1]);
    const told = await anna.agent.request('GET', '/api/v1/notifications?kind=assignment');
    expect(told.body.data.some((n: { title: string }) => n.title.startsWith('New lead for you'))).toBe(true);
    // Outside every territory: the rule passes, the lead keeps its maker.
    const elsewhere = await t.admin.request('POST', '/api/v1/leads', { lastName: 'Far away', country: 'Japan' });
    expect((await t.admin.request('GET', `/api/v1/leads/${elsewhere.body.id}`)).body.ownerId).toBe(t.admin.userId);
    await t.admin.request('DELETE', `/api/v1/lead-assignment-rules/${rule.body.id}`);
  });
});
