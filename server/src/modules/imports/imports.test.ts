import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { importTuning } from './imports.service.ts';
import { importCsv, upload, waitForImport } from './imports.test-helpers.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: API records are asserted field by field
type Rec = Record<string, any>;
const contactsWhere = async (tag: string) =>
  (await t.admin.request('GET', `/api/v1/contacts?tags=${tag}&limit=500&sort=title`)).body.data as Rec[];

const google = [
  'Name,Given Name,Family Name,Group Membership,E-mail 1 - Type,E-mail 1 - Value,E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,Organization 1 - Name,Organization 1 - Title,Address 1 - Street,Address 1 - City,Address 1 - Postal Code,Address 1 - Country,Birthday',
  'Grace Hopper,Grace,Hopper,* myContacts ::: gtest,Work,grace@navy.example,Home,grace.home@example.org,Mobile,+1 555 0100,Work,+1 555 0101,US Navy,Rear admiral,1 Navy Way,Arlington,22201,USA,1906-12-09',
  'Alan Turing,Alan,Turing,gtest ::: Friends,Work,alan@bletchley.example,,,Work,+44 20 7946 0000,,,Bletchley Park,Cryptanalyst,,Bletchley,,UK,1912-06-23',
  'Ada Lovelace,Ada,Lovelace,gtest,Work,ada@engine.example,,,,,,,us navy,Analyst,,London,,UK,',
].join('\r\n');

describe('CSV import', () => {
  it('suggests the mapping of a Google Contacts export and imports it, making missing companies', async () => {
    const up = await upload(t.admin, 'contact', google, 'contacts.csv');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ delimiter: ',', encoding: 'utf-8', rowCountEstimate: 3 });
    expect(up.body.sampleRows[0][1]).toBe('Grace');
    expect(up.body.suggestedMapping).toEqual({
      Name: null,
      'Given Name': 'firstName',
      'Family Name': 'lastName',
      'Group Membership': 'tags',
      'E-mail 1 - Type': null,
      'E-mail 1 - Value': 'email',
      'E-mail 2 - Type': null,
      'E-mail 2 - Value': 'emails',
      'Phone 1 - Type': null,
      'Phone 1 - Value': 'phone',
      'Phone 2 - Type': null,
      'Phone 2 - Value': 'phones',
      'Organization 1 - Name': 'companyId',
      'Organization 1 - Title': 'jobTitle',
      'Address 1 - Street': 'addresses.street',
      'Address 1 - City': 'city',
      'Address 1 - Postal Code': 'addresses.postalCode',
      'Address 1 - Country': 'country',
      Birthday: 'birthday',
    });
    const options = { mapping: up.body.suggestedMapping, duplicateMode: 'skip', createMissingCompanies: false };
    const refused = await t.admin.request('POST', `/api/v1/imports/${up.body.id}/preview`, options);
    expect(refused.status).toBe(200);
    expect(refused.body.rows.map((r: { status: string }) => r.status)).toEqual(['error', 'error', 'error']);
    expect(refused.body.rows[0].errors).toEqual({ companyId: 'no company named "US Navy"' });

    const preview = await t.admin.request('POST', `/api/v1/imports/${up.body.id}/preview`, {
      ...options,
      createMissingCompanies: true,
    });
    expect(preview.body.rows.map((r: { status: string }) => r.status)).toEqual(['create', 'create', 'create']);
    expect(preview.body.rows[0]).toMatchObject({
      row: 2,
      message: 'creates company "US Navy"',
      values: { firstName: 'Grace', email: 'grace@navy.example', tags: ['gtest'] },
    });
    expect((await t.admin.request('GET', '/api/v1/companies?q=navy')).body.data).toHaveLength(0); // a preview writes nothing

    const started = new Date(Date.now() - 1000);
    const start = await t.admin.request('POST', `/api/v1/imports/${up.body.id}/start`, {
      ...options,
      createMissingCompanies: true,
    });
    expect(start.status).toBe(202);
    expect(start.body.status).toBe('queued');
    const done = await waitForImport(t.admin, up.body.id);
    expect(done).toMatchObject({
      status: 'done',
      progress: { processed: 3, total: 3 },
      counts: { created: 3, updated: 0, skipped: 0, failed: 0 },
    });
    // The written tables are analysed at once: the embedded database has no autovacuum to do it.
    const lastAnalyze = async (table: string) => {
      await t.db.query(sql`SELECT pg_stat_force_next_flush()`);
      const [s] = await t.db.query<{ at: Date | null }>(
        sql`SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = ${table}`,
      );
      return s?.at ? new Date(s.at) >= started : false;
    };
    await expect.poll(() => lastAnalyze('contacts')).toBe(true);
    await expect.poll(() => lastAnalyze('companies')).toBe(true);

    const [ada, alan, grace] = await contactsWhere('gtest');
    expect(grace).toMatchObject({
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@navy.example',
      emails: ['grace.home@example.org'],
      phone: '+1 555 0100',
      phones: [{ label: 'work', number: '+1 555 0101' }],
      jobTitle: 'Rear admiral',
      city: 'Arlington',
      country: 'USA',
      birthday: '1906-12-09',
      addresses: [{ label: 'work', street: '1 Navy Way', postalCode: '22201' }],
      tags: ['gtest'],
      owner: { id: t.admin.userId },
    });
    expect(alan.tags).toEqual(['gtest', 'Friends']);
    // One "US Navy" was made, and "us navy" found it again (case-insensitive).
    const navy = (await t.admin.request('GET', '/api/v1/companies?q=navy')).body.data;
    expect(navy).toHaveLength(1);
    expect(grace.company).toEqual({ id: navy[0].id, title: 'US Navy' });
    expect(ada.company.id).toBe(navy[0].id);
    const audit = await t.admin.request('GET', `/api/v1/contacts/${grace.id}/audit`);
    expect(audit.body.data[0]).toMatchObject({
      action: 'create',
      changes: { firstName: { before: null, after: 'Grace' } },
    });
    // One event per record, as a create through the API emits (a workflow on "contact created" sees them).
    const events = await t.db.query<{ record_id: string }>(
      sql`SELECT record_id FROM events WHERE type = 'contact.created' AND payload ? 'importId'`,
    );
    expect(events.map((e) => e.record_id)).toEqual(expect.arrayContaining([grace.id, alan.id, ada.id]));

    // The same columns next time: the mapping the user chose is remembered.
    const again = await upload(t.admin, 'contact', google.split('\r\n')[0].toUpperCase());
    expect(again.body.rememberedMapping).toBe(true);
    expect(again.body.suggestedMapping['ADDRESS 1 - STREET']).toBe('addresses.street');
  });

  it('reads an Outlook export: semicolons, Latin-1, "Title" is not the job title, owner by email', async () => {
    const rep = await createUser(t, { role: 'sales_manager', name: 'Olga Owner' });
    const text = [
      'Title;First Name;Last Name;Job Title;Company;E-mail Address;Business Phone;Mobile Phone;Business City;Business Country/Region;Categories;Birthday;Contact owner',
      `Mr.;Jürgen;Müller;Ingénieur;;jm@outlook.example;+49 30 1234;+49 170 1;Köln;Deutschland;otest;3/14/1990;${rep.email}`,
      'Ms.;Zoë;Ångström;;;zoe@outlook.example;;;Malmö;Sverige;otest;0/0/00;Olga Owner',
    ].join('\r\n');
    const up = await upload(t.admin, 'contacts', Buffer.from(text, 'latin1'));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ delimiter: ';', encoding: 'latin1' });
    expect(up.body.headers[0]).toBe('Title');
    expect(up.body.suggestedMapping).toMatchObject({
      Title: null,
      'First Name': 'firstName',
      'Last Name': 'lastName',
      'Job Title': 'jobTitle',
      Company: 'companyId',
      'E-mail Address': 'email',
      'Business Phone': 'phone',
      'Mobile Phone': 'phones',
      'Business City': 'city',
      'Business Country/Region': 'country',
      Categories: 'tags',
      Birthday: 'birthday',
      'Contact owner': 'ownerId',
    });
    const { result } = await importCsv(t.admin, 'contact', Buffer.from(text, 'latin1'));
    expect(result.counts, JSON.stringify(result.errors)).toEqual({
      created: 2,
      updated: 0,
      skipped: 0,
      failed: 0,
      warned: 0,
    });
    const [jm, zoe] = await contactsWhere('otest');
    expect(jm).toMatchObject({
      title: 'Jürgen Müller',
      jobTitle: 'Ingénieur',
      city: 'Köln',
      birthday: '1990-03-14',
      phones: [{ label: 'mobile', number: '+49 170 1' }],
      owner: { id: rep.id },
    });
    expect(zoe).toMatchObject({ title: 'Zoë Ångström', birthday: null, owner: { id: rep.id } });
  });

  it('reports bad rows with the reason while good rows land, and serves them as errors.csv', async () => {
    const text = [
      'First Name,Last Name,Email,Lifecycle Stage,Company,Tags,Do not contact',
      'Good,One,good1@bad.example,Lead,,btest,no',
      'Bad,Email,not-an-email,lead,,btest,',
      ',,,,,btest,',
      'Bad,Stage,bs@bad.example,Wizard,,btest,',
      'Bad,Company,bc@bad.example,,Nowhere Inc,btest,',
      '=cmd|calc,Formula,bf@bad.example,,,btest,maybe',
      'Good,Two,good2@bad.example,customer,,btest,yes',
      '',
    ].join('\n');
    const { upload: up, result } = await importCsv(t.admin, 'contact', text, { unknownValues: 'refuse' });
    expect(result.counts).toEqual({ created: 2, updated: 0, skipped: 0, failed: 5, warned: 0 });
    expect(result.errors).toEqual([
      { row: 3, errors: { email: 'must be an email address' } },
      {
        row: 4,
        errors: {
          firstName: 'Contact needs firstName or lastName or email',
          lastName: 'Contact needs firstName or lastName or email',
          email: 'Contact needs firstName or lastName or email',
        },
      },
      { row: 5, errors: { lifecycleStage: 'must be one of: subscriber, lead, prospect, customer, churned' } },
      { row: 6, errors: { companyId: 'no company named "Nowhere Inc"' } },
      { row: 7, errors: { doNotContact: 'must be yes or no (true/false)' } },
    ]);
    const good = await contactsWhere('btest');
    expect(good.map((c) => [c.title, c.lifecycleStage, c.doNotContact])).toEqual([
      ['Good One', 'lead', false],
      ['Good Two', 'customer', true],
    ]);

    const csv = await t.app.inject({ url: `/api/v1/imports/${up.id}/errors.csv`, headers: { cookie: t.admin.cookie } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(lines[0]).toBe('First Name,Last Name,Email,Lifecycle Stage,Company,Tags,Do not contact,Row,Error');
    expect(lines[1]).toBe('Bad,Email,not-an-email,lead,,btest,,3,email: must be an email address');
    expect(lines[5]).toBe(
      "'=cmd|calc,Formula,bf@bad.example,,,btest,maybe,7,doNotContact: must be yes or no (true/false)",
    );
    expect(lines).toHaveLength(6);

    const list = await t.admin.request('GET', '/api/v1/imports');
    expect(list.body.data[0]).toMatchObject({ id: up.id, status: 'done' });
  });

  it('handles duplicates by email: skip, update or create anyway, within the file too', async () => {
    const existing = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: 'Dora',
      lastName: 'Dupe',
      email: 'dora@dupe.example',
      jobTitle: 'Old',
      tags: ['dtest'],
    });
    const text = (title: string) =>
      [
        'First Name,Last Name,Email,Job Title,Tags',
        `Dora,Dupe,DORA@dupe.example,${title},dtest`,
        `Nina,New,nina-${title}@dupe.example,${title},dtest`,
        `Nina,Again,nina-${title}@dupe.example,Second,dtest`,
      ].join('\n');

    const skip = await importCsv(t.admin, 'contact', text('skip'), { duplicateMode: 'skip' });
    expect(skip.result.counts).toEqual({ created: 1, updated: 0, skipped: 2, failed: 0, warned: 0 });
    expect((await t.admin.request('GET', `/api/v1/contacts/${existing.body.id}`)).body.jobTitle).toBe('Old');

    const up = await upload(t.admin, 'contact', text('update'));
    const preview = await t.admin.request('POST', `/api/v1/imports/${up.body.id}/preview`, {
      mapping: up.body.suggestedMapping,
      duplicateMode: 'update',
    });
    expect(preview.body.rows.map((r: { status: string }) => r.status)).toEqual(['update', 'create', 'update']);
    expect(preview.body.rows[0].message).toBe('updates "Dora Dupe"');
    await t.admin.request('POST', `/api/v1/imports/${up.body.id}/start`, {
      mapping: up.body.suggestedMapping,
      duplicateMode: 'update',
    });
    const update = await waitForImport(t.admin, up.body.id);
    expect(update.counts).toEqual({ created: 1, updated: 2, skipped: 0, failed: 0, warned: 0 });
    expect((await t.admin.request('GET', `/api/v1/contacts/${existing.body.id}`)).body.jobTitle).toBe('update');
    const nina = (await contactsWhere('dtest')).filter((c) => c.email === 'nina-update@dupe.example');
    expect(nina.map((c) => [c.lastName, c.jobTitle])).toEqual([['Again', 'Second']]); // the later row updated the earlier one
    const audit = await t.admin.request('GET', `/api/v1/contacts/${existing.body.id}/audit`);
    expect(audit.body.data[0]).toMatchObject({
      action: 'update',
      changes: { jobTitle: { before: 'Old', after: 'update' } },
    });

    const create = await importCsv(t.admin, 'contact', text('create'), { duplicateMode: 'create' });
    expect(create.result.counts).toEqual({ created: 3, updated: 0, skipped: 0, failed: 0, warned: 0 });
    const doras = (await contactsWhere('dtest')).filter((c) => c.email === 'dora@dupe.example');
    expect(doras).toHaveLength(2);
  });

  it('imports companies too, by domain, with money and numbers as spreadsheets write them', async () => {
    const text =
      'Company Name;Company Domain Name;Industry;Number of Employees;Annual Revenue;Tags\nAcme;acme.example;Software;1 200;1.234.567,89 EUR;ctest\nGlobex;GLOBEX.example;retail;12;$99.5;ctest';
    const { upload: up, result } = await importCsv(t.admin, 'company', text);
    expect(up.suggestedMapping).toEqual({
      'Company Name': 'name',
      'Company Domain Name': 'domain',
      Industry: 'industry',
      'Number of Employees': 'employees',
      'Annual Revenue': 'annualRevenue',
      Tags: 'tags',
    });
    expect(result.counts, JSON.stringify(result.errors)).toMatchObject({ created: 2, failed: 0 });
    const rows = (await t.admin.request('GET', '/api/v1/companies?tags=ctest&sort=name')).body.data;
    expect(rows.map((c: Record<string, unknown>) => [c.name, c.industry, c.employees, c.annualRevenue])).toEqual([
      ['Acme', 'Software', 1200, { amount: 123456789, currency: 'EUR' }],
      ['Globex', 'Retail', 12, { amount: 9950, currency: 'USD' }],
    ]);
    const again = await importCsv(t.admin, 'company', 'Name,Domain,City\nAcme Corp,ACME.example,Paris', {
      duplicateMode: 'update',
    });
    expect(again.result.counts).toMatchObject({ updated: 1, created: 0 });
    expect((await t.admin.request('GET', '/api/v1/companies?tags=ctest&sort=name')).body.data[0]).toMatchObject({
      name: 'Acme Corp',
      city: 'Paris',
    });
  });

  it('needs create permission to import, and update permission to update duplicates', async () => {
    const reader = await createUser(t, { role: 'read_only' });
    const denied = await upload(reader.agent, 'contact', 'First Name\nX');
    expect(denied.status).toBe(403);
    const deniedLate = await upload(reader.agent, 'contact', 'First Name\nX', 'x.csv', true); // objectType after the file
    expect(deniedLate.status).toBe(403);

    await t.db.query(sql`INSERT INTO roles (id, key, name, permissions) VALUES (${uuidv7()}, 'importer', 'Importer',
      ${JSON.stringify({ contact: { create: true, read: true, update: false, delete: false, export: false, scope: 'all' } })}::jsonb)`);
    const importer = await createUser(t, { role: 'importer' });
    const up = await upload(importer.agent, 'contact', 'First Name,Email\nPia,pia@perm.example');
    expect(up.status).toBe(201);
    const update = await importer.agent.request('POST', `/api/v1/imports/${up.body.id}/start`, {
      mapping: up.body.suggestedMapping,
      duplicateMode: 'update',
    });
    expect(update.status).toBe(403);
    // Someone else's import is not there for them; the admin sees it.
    expect((await reader.agent.request('GET', `/api/v1/imports/${up.body.id}`)).status).toBe(404);
    expect((await t.admin.request('GET', `/api/v1/imports/${up.body.id}`)).status).toBe(200);
    const ok = await importer.agent.request('POST', `/api/v1/imports/${up.body.id}/start`, {
      mapping: up.body.suggestedMapping,
      duplicateMode: 'skip',
    });
    expect(ok.status).toBe(202);
    expect((await waitForImport(importer.agent, up.body.id)).counts.created).toBe(1);
    const [audit] = await t.db.query<{ actor_id: string; changes: Record<string, unknown> }>(
      sql`SELECT actor_id, changes FROM audit_log WHERE action = 'import' AND changes->>'importId' = ${up.body.id}`,
    );
    expect(audit).toMatchObject({ actor_id: importer.id, changes: { duplicateMode: 'skip' } });
  });

  it('refuses bad requests with a 400 naming the problem', async () => {
    expect((await upload(t.admin, 'spaceship', 'a,b\n1,2')).status).toBe(400);
    expect((await upload(t.admin, 'contact', '')).body.error.message).toBe('file: is empty');
    const up = await upload(t.admin, 'contact', 'First Name,Email\nA,a@x.example');
    const bad = async (body: unknown) =>
      (await t.admin.request('POST', `/api/v1/imports/${up.body.id}/preview`, body)).body.error?.message;
    expect(await bad({ mapping: { Nope: 'firstName' }, duplicateMode: 'skip' })).toBe(
      'mapping: the file has no column "Nope"',
    );
    expect(await bad({ mapping: { Email: 'createdAt' }, duplicateMode: 'skip' })).toContain(
      'is not a field of contacts that can be imported',
    );
    expect(await bad({ mapping: { 'First Name': 'email', Email: 'email' }, duplicateMode: 'skip' })).toBe(
      'mapping.Email: Email is already mapped from "First Name"',
    );
    expect(await bad({ mapping: {}, duplicateMode: 'skip' })).toBe('mapping: map at least one column to a field');
    expect(await bad({ mapping: {}, duplicateMode: 'merge' })).toContain('duplicateMode');
  });

  it('resumes after a crash mid-import: no duplicate and no lost row', async () => {
    const rows = Array.from(
      { length: 230 },
      (_, i) => `Crash,Row${String(i).padStart(3, '0')},crash${i}@resume.example,rtest`,
    );
    const text = ['First Name,Last Name,Email,Tags', ...rows].join('\n');
    importTuning.batchSize = 50;
    let crashed = 0;
    importTuning.fault = (batchNo) => {
      if (batchNo === 3 && crashed === 0) {
        crashed++;
        throw new Error('simulated crash');
      }
    };
    try {
      const { result } = await importCsv(t.admin, 'contact', text, { duplicateMode: 'create' });
      expect(crashed).toBe(1);
      expect(result).toMatchObject({
        status: 'done',
        progress: { processed: 230, total: 230 },
        counts: { created: 230, failed: 0 },
        error: null,
      });
    } finally {
      importTuning.batchSize = 1000;
      importTuning.fault = undefined;
    }
    const [{ n, distinct }] = await t.db.query<{ n: number; distinct: number }>(sql`
      SELECT count(*)::int AS n, count(DISTINCT email)::int AS distinct FROM contacts WHERE email LIKE '%@resume.example'`);
    expect({ n, distinct }).toEqual({ n: 230, distinct: 230 });
    const [{ audits }] = await t.db.query<{ audits: number }>(sql`
      SELECT count(*)::int AS audits FROM audit_log a JOIN contacts c ON c.id = a.record_id WHERE c.email LIKE '%@resume.example' AND a.action = 'create'`);
    expect(audits).toBe(230);
  });
});
