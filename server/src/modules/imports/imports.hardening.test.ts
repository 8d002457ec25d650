// Import hardening (issue 10): uploads checked before they are stored and never left behind,
// relations and owners within the importer's scope, nothing made for refused rows, the duplicate
// rule of the records path, unknown select values, NUL characters.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { expireUploads, uploadTtlMs } from './imports.service.ts';
import { importCsv, multipartBody, upload } from './imports.test-helpers.ts';

let t: TestApp;
const dataDir = mkdtempSync(join(tmpdir(), 'kith-import-test-'));
const files = () => {
  try {
    return readdirSync(join(dataDir, 'imports'));
  } catch {
    return [];
  }
};
beforeAll(async () => {
  t = await createTestApp({ workers: true, settings: { dataDir } });
});
afterAll(() => t.close());

// biome-ignore lint/suspicious/noExplicitAny: API records are asserted field by field
type Rec = Record<string, any>;
const contactsTagged = async (tag: string) =>
  (await t.admin.request('GET', `/api/v1/contacts?tags=${tag}&limit=500&sort=title`)).body.data as Rec[];
const companiesNamed = async (q: string) =>
  (await t.admin.request('GET', `/api/v1/companies?q=${encodeURIComponent(q)}&limit=50`)).body.data as Rec[];

describe('uploads', () => {
  it('refuses a read-only user before storing a byte, whichever part comes first', async () => {
    const reader = await createUser(t, { role: 'read_only' });
    const before = files().length;
    for (const fileFirst of [false, true]) {
      const { payload, contentType } = multipartBody(
        { objectType: 'contact' },
        { name: 'a.csv', content: 'First Name\nAda\n' },
        fileFirst,
      );
      const r = await reader.agent.request('POST', '/api/v1/imports', payload, { 'content-type': contentType });
      expect(r.status, JSON.stringify(r.body)).toBe(403);
    }
    // Refused at the file part itself: a body that then breaks off changes nothing.
    const { payload, contentType } = multipartBody(
      {},
      { name: 'a.csv', content: 'First Name\nAda\n'.repeat(500) },
      true,
    );
    const cut = await reader.agent.request('POST', '/api/v1/imports', payload.subarray(0, 3000), {
      'content-type': contentType,
    });
    expect(cut.status, JSON.stringify(cut.body)).toBe(403);
    expect(files().length).toBe(before);
  });

  it('answers a multipart body cut short with a 400 and keeps no file', async () => {
    const before = files().length;
    const { payload, contentType } = multipartBody(
      { objectType: 'contact' },
      { name: 'a.csv', content: `First Name\n${'Ada\n'.repeat(5000)}` },
    );
    const cut = payload.subarray(0, payload.length - 2000);
    const r = await t.admin.request('POST', '/api/v1/imports', cut, { 'content-type': contentType });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.error.message).toMatch(/cut short/);
    expect(files().length).toBe(before);
  });

  it('caps what one user may keep stored, naming the limit, and keeps no file', async () => {
    const rep = await createUser(t, { role: 'sales_rep' });
    await t.db.query(sql`INSERT INTO imports (id, object_type, file_name, file_size, encoding, delimiter, headers, status, created_by)
      VALUES (gen_random_uuid(), 'contact', 'big.csv', ${499 * 1024 * 1024}, 'utf-8', ',', '[]'::jsonb, 'uploaded', ${rep.id})`);
    const before = files().length;
    const r = await upload(rep.agent, 'contact', `First Name\n${'Ada\n'.repeat(300_000)}`);
    expect(r.status, JSON.stringify(r.body)).toBe(413);
    expect(r.body.error.message).toMatch(/500 MB/);
    expect(files().length).toBe(before);
    const small = await upload(rep.agent, 'contact', 'First Name\nAda\n');
    expect(small.status).toBe(201);
    // Deleting an upload frees its room; one under way cannot be deleted.
    expect((await rep.agent.request('DELETE', `/api/v1/imports/${small.body.id}`)).status).toBe(204);
    expect(files()).not.toContain(`${small.body.id}.csv`);
    expect((await rep.agent.request('GET', `/api/v1/imports/${small.body.id}`)).status).toBe(404);
    const { upload: done } = await importCsv(t.admin, 'contact', 'First Name,Tags\nDeleted,del5\n');
    expect((await t.admin.request('DELETE', `/api/v1/imports/${done.id}`)).status).toBe(409);
  });

  it('keeps control characters out of a file name', async () => {
    const r = await upload(t.admin, 'contact', 'First Name\nAda\n', 'bad\u0000na\u0007me.csv');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.fileName).toBe('badname.csv');
    expect((await t.admin.request('GET', `/api/v1/imports/${r.body.id}`)).body.fileName).toBe('badname.csv');
  });

  it('names a file without a header row as such', async () => {
    const r = await upload(t.admin, 'contact', 'Ada,Lovelace,ada@engine.example\nAlan,Turing,alan@b.example\n');
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/no header row.*ada@engine\.example/);
  });

  it('deletes uploads never started after a day, and stray files, but not started ones', async () => {
    const stale = await upload(t.admin, 'contact', 'First Name\nAda\n');
    const fresh = await upload(t.admin, 'contact', 'First Name\nAlan\n');
    expect(files()).toContain(`${stale.body.id}.csv`);
    await t.db.query(
      sql`UPDATE imports SET created_at = now() - interval '25 hours' WHERE id = ${stale.body.id as string}::uuid`,
    );
    const log = pino({ level: 'silent' });
    const settings = { dataDir };
    const swept = await expireUploads({ db: t.db, settings, now: () => new Date(), log });
    expect(swept.uploads).toBeGreaterThanOrEqual(1);
    expect(files()).not.toContain(`${stale.body.id}.csv`);
    expect(files()).toContain(`${fresh.body.id}.csv`);
    expect((await t.admin.request('GET', `/api/v1/imports/${stale.body.id}`)).status).toBe(404);
    // A day later the fresh one goes too: the same rule, the clock moved.
    await expireUploads({ db: t.db, settings, now: () => new Date(Date.now() + uploadTtlMs + 1000), log });
    expect(files()).not.toContain(`${fresh.body.id}.csv`);
  });
});

describe('rows', () => {
  it('makes no company for a refused row, and a preview promises none', async () => {
    const text = [
      'First Name,Last Name,Email,Company,Tags',
      'Refused,Row,not-an-email,Ghost Refused Co,r14',
      'Good,Row,good14@x.example,Real Made Co,r14',
    ].join('\n');
    const up = await upload(t.admin, 'contact', text);
    const options = { mapping: up.body.suggestedMapping, duplicateMode: 'skip', createMissingCompanies: true };
    const preview = await t.admin.request('POST', `/api/v1/imports/${up.body.id}/preview`, options);
    expect(preview.body.rows.map((r: Rec) => [r.status, r.message ?? null])).toEqual([
      ['error', null],
      ['create', 'creates company "Real Made Co"'],
    ]);
    const { result } = await importCsv(t.admin, 'contact', text, { createMissingCompanies: true });
    expect(result.counts).toMatchObject({ created: 1, failed: 1 });
    expect(await companiesNamed('Ghost Refused Co')).toHaveLength(0);
    expect((await companiesNamed('Real Made Co')).map((c) => c.title)).toEqual(['Real Made Co']);
  });

  it('translates HubSpot lifecycle stages; an unknown one imports the row with a warning, or refuses it', async () => {
    const text = [
      'First Name,Email,Lifecycle Stage,Tags',
      'Mql,mql@hub.example,Marketing Qualified Lead,hub13',
      'Sql,sql@hub.example,salesqualifiedlead,hub13',
      'Opp,opp@hub.example,Opportunity,hub13',
      'Evan,evan@hub.example,Evangelist,hub13',
      'Oth,oth@hub.example,Other,hub13',
      'Wiz,wiz@hub.example,Wizard,hub13',
    ].join('\n');
    const { result } = await importCsv(t.admin, 'contact', text);
    expect(result.counts).toEqual({ created: 6, updated: 0, skipped: 0, failed: 0, warned: 2 });
    expect(result.warnings).toEqual([
      { row: 6, errors: { lifecycleStage: '"Other" has no equivalent; left empty' } },
      {
        row: 7,
        errors: {
          lifecycleStage:
            '"Wizard" is not an option; left empty (must be one of: subscriber, lead, prospect, customer, churned)',
        },
      },
    ]);
    const byName = Object.fromEntries((await contactsTagged('hub13')).map((c) => [c.firstName, c.lifecycleStage]));
    expect(byName).toEqual({
      Mql: 'lead',
      Sql: 'prospect',
      Opp: 'prospect',
      Evan: 'customer',
      Oth: null,
      Wiz: null,
    });
    const refused = await importCsv(
      t.admin,
      'contact',
      text.replaceAll('hub13', 'hub13r').replaceAll('@hub', '@hubr'),
      {
        unknownValues: 'refuse',
      },
    );
    expect(refused.result.counts).toMatchObject({ created: 5, failed: 1 });
    expect(refused.result.errors[0].row).toBe(7);
    expect(refused.result.unknownValues).toBe('refuse');
  });

  it('skips a contact without email that has a similar name at the same company (the records path rule)', async () => {
    const text = [
      'First Name,Last Name,Company,Tags',
      'Nomail,Person,Dup Rule Co,dup15',
      'Other,Human,Dup Rule Co,dup15',
    ];
    const first = await importCsv(t.admin, 'contact', text.join('\n'), { createMissingCompanies: true });
    expect(first.result.counts).toMatchObject({ created: 2 });
    // Again, plus a near-identical name at the same company and the same name elsewhere.
    const again = [...text, 'Nomail,Persson,Dup Rule Co,dup15', 'Nomail,Person,Elsewhere Co,dup15'].join('\n');
    const second = await importCsv(t.admin, 'contact', again, { createMissingCompanies: true });
    expect(second.result.counts).toMatchObject({ created: 1, skipped: 3 });
    expect((await contactsTagged('dup15')).map((c) => `${c.title} @ ${c.company?.title}`)).toEqual([
      'Nomail Person @ Dup Rule Co',
      'Nomail Person @ Elsewhere Co',
      'Other Human @ Dup Rule Co',
    ]);
    // A row with its own email is told apart by it, however alike the names.
    const withEmail = await importCsv(
      t.admin,
      'contact',
      'First Name,Last Name,Email,Company,Tags\nNomail,Person,nm15@x.example,Dup Rule Co,dup15b\n',
    );
    expect(withEmail.result.counts).toMatchObject({ created: 1, skipped: 0 });
  });

  it('matches company names only among companies the importer may read, and shows none of the others', async () => {
    const stranger = await createUser(t, { role: 'sales_rep', team: 'Team North' });
    const rep = await createUser(t, { role: 'sales_rep', team: 'Team South' });
    const hidden = await stranger.agent.request('POST', '/api/v1/companies', { name: 'Hidden North Co' });
    expect(hidden.status).toBe(201);
    const text = ['First Name,Email,Company', `Scoped,scoped6@x.example,Hidden North Co`].join('\n');
    const up = await upload(rep.agent, 'contact', text);
    const options = { mapping: up.body.suggestedMapping, duplicateMode: 'skip' };
    const byName = await rep.agent.request('POST', `/api/v1/imports/${up.body.id}/preview`, options);
    expect(byName.body.rows[0]).toMatchObject({
      status: 'error',
      errors: { companyId: 'no company named "Hidden North Co"' },
    });
    expect(JSON.stringify(byName.body)).not.toContain(hidden.body.id);
    const byId = await upload(rep.agent, 'contact', `First Name,Email,Company\nScoped,s6@x.example,${hidden.body.id}`);
    const p2 = await rep.agent.request('POST', `/api/v1/imports/${byId.body.id}/preview`, {
      mapping: byId.body.suggestedMapping,
      duplicateMode: 'skip',
    });
    expect(p2.body.rows[0]).toMatchObject({ status: 'error', errors: { companyId: 'no company with this id' } });
    // The same name made anew is the rep's own company, not the hidden one.
    await importCsv(rep.agent, 'contact', text, { createMissingCompanies: true });
    const mine = (await rep.agent.request('GET', '/api/v1/contacts?q=scoped6')).body.data as Rec[];
    expect(mine[0].company.id).not.toBe(hidden.body.id);
  });

  it('refuses an owner outside the importer’s team, as update does', async () => {
    const outsider = await createUser(t, { role: 'sales_rep', team: 'Team East' });
    const rep = await createUser(t, { role: 'sales_rep', team: 'Team West' });
    const mate = await createUser(t, { role: 'sales_rep', team: 'Team West' });
    const text = [
      'First Name,Email,Contact Owner',
      `Out,own7a@x.example,${outsider.email}`,
      `In,own7b@x.example,${mate.email}`,
    ].join('\n');
    const { result } = await importCsv(rep.agent, 'contact', text);
    expect(result.counts).toMatchObject({ created: 1, failed: 1 });
    expect(result.errors).toEqual([{ row: 2, errors: { ownerId: 'outside your team' } }]);
  });

  it('makes a notes column a note on each record’s timeline, text kept as text', async () => {
    const text = [
      'Given Name,E-mail 1 - Value,Notes,Labels',
      '"Noted","noted16@x.example","Met at <b>the fair</b>\nCall back in May",notes16',
      'Plain,plain16@x.example,,notes16',
    ].join('\n');
    const { upload: up, result } = await importCsv(t.admin, 'contact', text);
    expect(up.suggestedMapping.Notes).toBe('@note');
    expect(result.counts).toMatchObject({ created: 2, failed: 0 });
    const [noted, plain] = await contactsTagged('notes16');
    const timeline = async (id: string) =>
      (await t.admin.request('GET', `/api/v1/contacts/${id}/timeline`)).body.data as Rec[];
    expect((await timeline(noted.id)).map((n) => n.body)).toEqual([
      'Met at &lt;b&gt;the fair&lt;/b&gt;<br />Call back in May',
    ]);
    expect(await timeline(plain.id)).toEqual([]);
  });

  it('cleans NUL characters deep in a file instead of failing the job', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `Nul${i},nul${i}@x.example,nul10`);
    rows[2500] = 'Bad\u0000Name,nul-bad@x.example,nul10';
    const { result } = await importCsv(t.admin, 'contact', ['First Name,Email,Tags', ...rows].join('\n'));
    expect(result.status).toBe('done');
    expect(result.counts).toMatchObject({ created: 3000, failed: 0 });
    const r = await t.admin.request('GET', '/api/v1/contacts?q=nul-bad@x.example');
    expect(r.body.data[0].firstName).toBe('BadName');
  });

  it('stops at a row past the limits deep in a file, keeping the rows before it, and says where', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `Deep${i},deep${i}@x.example,deep10`);
    const { result } = await importCsv(
      t.admin,
      'contact',
      ['First Name,Email,Tags', ...rows, ','.repeat(2000), 'After,after@x.example,deep10'].join('\n'),
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^The file is not valid CSV after row 1501: .*more than 1000 fields/);
    expect(result.counts).toMatchObject({ created: 1500, failed: 0 });
    expect(result.progress.processed).toBe(1500);
  });
});
