import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { importCsv } from '../imports/imports.test-helpers.ts';
import { safeCell } from './exports.service.ts';

let t: TestApp;
let fresh: TestApp;
beforeAll(async () => {
  [t, fresh] = await Promise.all([createTestApp(), createTestApp({ workers: true })]);
});
afterAll(() => Promise.all([t.close(), fresh.close()]));

const get = (app: TestApp, url: string, cookie = app.admin.cookie) => app.app.inject({ url, headers: { cookie } });
const rowsOf = (body: string): string[][] => parse(body, { bom: true });

/** The fields a round trip keeps (ids and timestamps are new; relations compare by title). */
// biome-ignore lint/suspicious/noExplicitAny: API records are compared whole
type Rec = Record<string, any>;
const comparable = (r: Rec) => {
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    deletedAt: _d,
    companyId: _ci,
    ownerId: _oi,
    company,
    owner,
    ...rest
  } = r;
  return { ...rest, company: company?.title ?? null, owner: owner?.title ?? null };
};

describe('CSV export', () => {
  it('streams every record with labels as headers, flattened values, and is audited', async () => {
    const co = await t.admin.request('POST', '/api/v1/companies', {
      name: 'Export Works',
      domain: 'export.example',
      annualRevenue: { amount: 123456, currency: 'EUR' },
      employees: 42,
      tags: ['x1', 'x2'],
      addresses: [
        { label: 'work', street: '1 Main St', city: 'Lyon', country: 'France' },
        { label: 'billing', street: '2 Side St', postalCode: '69002', city: 'Lyon' },
      ],
    });
    expect(co.status).toBe(201);
    for (let i = 0; i < 25; i++) {
      const r = await t.admin.request('POST', '/api/v1/contacts?allowDuplicate=true', {
        firstName: `Exp${String(i).padStart(2, '0')}`,
        lastName: 'Orter',
        email: `exp${i}@export.example`,
        companyId: co.body.id,
        tags: ['etest', `n${i}`],
        phones: [{ label: 'mobile', number: `+33 6 00 00 00 ${String(i).padStart(2, '0')}` }],
        lifecycleStage: i % 2 ? 'lead' : 'customer',
        birthday: '1990-01-02',
        doNotContact: i === 3,
        emails: [`alt${i}@export.example`],
      });
      expect(r.status).toBe(201);
    }
    const res = await get(t, '/api/v1/contacts/export.csv?tags=etest&sort=name');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const rows = rowsOf(res.body);
    expect(rows[0].slice(0, 9)).toEqual([
      'First name',
      'Last name',
      'Email',
      'Other emails',
      'Phone',
      'Other phones',
      'Job title',
      'Company',
      'Lifecycle stage',
    ]);
    expect(rows[0]).toEqual(expect.arrayContaining(['Tags', 'Owner', 'Created', 'Updated']));
    expect(rows).toHaveLength(26);
    const header = rows[0];
    const exp03 = Object.fromEntries(header.map((h, i) => [h, rows[4][i]]));
    expect(exp03).toMatchObject({
      'First name': 'Exp03',
      Company: 'Export Works',
      Tags: 'etest; n3',
      'Other phones': "'mobile: +33 6 00 00 00 03".slice(1),
      'Do not contact': 'true',
      Birthday: '1990-01-02',
      Owner: 'Ada Admin',
      'Lifecycle stage': 'lead',
    });

    const companies = rowsOf(
      (
        await get(
          t,
          '/api/v1/companies/export.csv?q=export%20works&columns=name,annualRevenue,employees,tags,addresses',
        )
      ).body,
    );
    // An address list is structured columns: the first address in parts, further ones as JSON.
    expect(companies).toEqual([
      [
        'Name',
        'Annual revenue',
        'Employees',
        'Tags',
        'Addresses: Label',
        'Addresses: Street',
        'Addresses: City',
        'Addresses: Region',
        'Addresses: Postal code',
        'Addresses: Country',
        'Addresses: More',
      ],
      [
        'Export Works',
        '1234.56 EUR',
        '42',
        'x1; x2',
        'work',
        '1 Main St',
        'Lyon',
        '',
        '',
        'France',
        JSON.stringify([{ city: 'Lyon', label: 'billing', street: '2 Side St', postalCode: '69002' }]),
      ],
    ]);

    const [audit] = await t.db.query<{ changes: Rec }>(
      sql`SELECT changes FROM audit_log WHERE action = 'export' AND object_type = 'contact' ORDER BY at DESC LIMIT 1`,
    );
    expect(audit.changes).toMatchObject({
      rowCount: 25,
      complete: true,
      filter: { equals: [{ field: 'tags', cmp: 'contains', value: 'etest' }], sort: 'name' },
    });
  });

  it('pages through more than one page with the keyset cursor', async () => {
    const values = Array.from(
      { length: 1203 },
      (_, i) => `Bulk,P${String(i).padStart(4, '0')},bulk${i}@pages.example,ptest`,
    );
    const { result } = await importCsv(
      fresh.admin,
      'contact',
      ['First Name,Last Name,Email,Tags', ...values].join('\n'),
    );
    expect(result.counts.created).toBe(1203);
    const rows = rowsOf(
      (await get(fresh, '/api/v1/contacts/export.csv?tags=ptest&sort=lastName&columns=lastName')).body,
    );
    expect(rows).toHaveLength(1204);
    expect(rows.slice(1).map((r) => r[0])).toEqual(values.map((v) => v.split(',')[1]));
  });

  it('neutralises formulas, and an import takes the apostrophe off again', async () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', 'ok', "'=already"].map(safeCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'ok',
      "''=already",
    ]);
    const evil = await t.admin.request('POST', '/api/v1/contacts', {
      firstName: '=HYPERLINK("http://evil.example","x")',
      lastName: '@SUM(1+1)',
      jobTitle: '+cmd|calc',
      tags: ['ftest', '-2+3'],
      phone: '+1 555 0199',
    });
    expect(evil.status).toBe(201);
    const res = await get(t, '/api/v1/contacts/export.csv?tags=ftest&columns=firstName,lastName,jobTitle,tags,phone');
    const rows = rowsOf(res.body);
    expect(rows[1]).toEqual([
      '\'=HYPERLINK("http://evil.example","x")',
      "'@SUM(1+1)",
      "'+cmd|calc",
      'ftest; -2+3',
      "'+1 555 0199",
    ]);
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    const { result } = await importCsv(fresh.admin, 'contact', res.body, {
      mapping: {
        'First name': 'firstName',
        'Last name': 'lastName',
        'Job title': 'jobTitle',
        Tags: 'tags',
        Phone: 'phone',
      },
    });
    expect(result.counts, JSON.stringify(result.errors)).toMatchObject({ created: 1, failed: 0 });
    const back = (await fresh.admin.request('GET', '/api/v1/contacts?tags=ftest')).body.data[0];
    expect(back).toMatchObject({
      firstName: '=HYPERLINK("http://evil.example","x")',
      lastName: '@SUM(1+1)',
      jobTitle: '+cmd|calc',
      phone: '+1 555 0199',
    });
  });

  it('round-trips: export, then import into a fresh app, gives the same records', async () => {
    const companies = (await get(t, '/api/v1/companies/export.csv?q=export%20works')).body;
    const contacts = (await get(t, '/api/v1/contacts/export.csv?tags=etest')).body;
    const co = await importCsv(fresh.admin, 'company', companies);
    expect(co.result.counts, JSON.stringify(co.result.errors)).toMatchObject({ created: 1, failed: 0 });
    const { upload, result } = await importCsv(fresh.admin, 'contact', contacts);
    expect(upload.suggestedMapping).toMatchObject({
      'First name': 'firstName',
      Company: 'companyId',
      'Other phones': 'phones',
      Owner: 'ownerId',
      Created: null,
      Updated: null,
    });
    expect(result.counts, JSON.stringify(result.errors)).toMatchObject({ created: 25, failed: 0 });
    const before = (await t.admin.request('GET', '/api/v1/contacts?tags=etest&sort=name&limit=100')).body.data.map(
      comparable,
    );
    const after = (await fresh.admin.request('GET', '/api/v1/contacts?tags=etest&sort=name&limit=100')).body.data.map(
      comparable,
    );
    expect(after.map((r: Record<string, unknown>) => ({ ...r, title: r.title }))).toEqual(before);
    const [origCo] = (await t.admin.request('GET', '/api/v1/companies?q=export%20works')).body.data.map(comparable);
    const [copyCo] = (await fresh.admin.request('GET', '/api/v1/companies?q=export%20works')).body.data.map(comparable);
    // Addresses come back in their parts, further addresses included.
    expect(copyCo).toEqual(origCo);
    expect(copyCo.addresses).toEqual([
      { label: 'work', street: '1 Main St', city: 'Lyon', country: 'France' },
      { label: 'billing', street: '2 Side St', postalCode: '69002', city: 'Lyon' },
    ]);
  });

  it('needs the export permission, refuses unknown columns and filters with a 400, and leaves /:plural/:id alone', async () => {
    const rep = await createUser(t, { role: 'sales_rep', team: 'Export team' });
    const denied = await get(t, '/api/v1/contacts/export.csv', rep.agent.cookie);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('FORBIDDEN');
    const marketing = await createUser(t, { role: 'marketing' });
    expect(
      (await get(t, '/api/v1/contacts/export.csv?tags=etest&columns=email', marketing.agent.cookie)).statusCode,
    ).toBe(200);
    expect((await get(t, '/api/v1/contacts/export.csv?columns=email,shoeSize')).json().error.message).toContain(
      'columns: unknown field "shoeSize"',
    );
    expect((await get(t, '/api/v1/contacts/export.csv?filter=nope')).statusCode).toBe(400);
    expect((await get(t, '/api/v1/contacts/export.csv?shoeSize=9')).statusCode).toBe(400);
    expect((await get(t, '/api/v1/spaceships/export.csv')).statusCode).toBe(404);
    expect((await t.app.inject('/api/v1/contacts/export.csv')).statusCode).toBe(401);
    const one = (await t.admin.request('GET', '/api/v1/contacts?limit=1')).body.data[0];
    expect((await t.admin.request('GET', `/api/v1/contacts/${one.id}`)).body.id).toBe(one.id);
  });
});
