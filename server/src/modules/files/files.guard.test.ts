// Files are as guarded as their records, and bad uploads leave nothing behind: an oversized file,
// a disguised one, a forbidden one, or one whose rows cannot be written.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { type Agent, createTestApp, createUser, type TestApp } from '../../test/factories.ts';
import { attach, filesForm, filesUnder, newVersion, sampleExe, samplePdf, samplePng } from './files.test-helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kith-files-guard-'));
const maxBytes = 64 * 1024;
let t: TestApp;
let contactId: string;
let fileId: string;
beforeAll(async () => {
  t = await createTestApp({ settings: { dataDir, files: { maxBytes } } });
  contactId = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Guarded' })).body.id;
  fileId = (await attach(t.admin, 'contact', contactId, { name: 'secret.pdf', content: samplePdf() })).body.id;
});
afterAll(() => t.close());

const counts = async () => {
  const [c] = await t.db.query<{ files: number; versions: number }>(
    sql`SELECT (SELECT count(*)::int FROM files) AS files, (SELECT count(*)::int FROM file_versions) AS versions`,
  );
  return { ...c, stored: filesUnder(join(dataDir, 'files', 'store')).length };
};

/** Runs `act`, expecting it to leave no row, no stored bytes and no temporary file behind. */
async function leavesNothing(act: () => Promise<unknown>) {
  const before = await counts();
  await act();
  expect(await counts()).toEqual(before);
  expect(filesUnder(join(dataDir, 'files', 'tmp'))).toEqual([]);
}

describe('permissions come from the record', () => {
  let rep: Agent;
  let viewer: Agent;
  let nobody: Agent;
  beforeAll(async () => {
    rep = (await createUser(t, { role: 'sales_rep', team: 'Elsewhere' })).agent; // may not see the admin's contact
    viewer = (await createUser(t, { role: 'read_only' })).agent; // may read, not update
    const role = await t.admin.request('POST', '/api/v1/roles', { name: 'Files nobody', permissions: {} });
    nobody = (await createUser(t, { role: role.body.key })).agent;
  });

  it('a user who may not read the record gets 404 for its files, the file and its content', async () => {
    for (const who of [rep, nobody]) {
      const list = await who.request('GET', `/api/v1/files?object=contact&recordId=${contactId}`);
      expect(list.status).toBe(404);
      for (const url of [`/api/v1/files/${fileId}`, `/api/v1/files/${fileId}/content`]) {
        const r = await who.request('GET', url);
        expect(r.status, url).toBe(404);
        expect(JSON.stringify(r.body)).not.toContain('secret');
      }
      expect((await who.request('DELETE', `/api/v1/files/${fileId}`)).status).toBe(404);
    }
  });

  it('uploading, a new version and deleting need the right to update the record', async () => {
    await leavesNothing(async () => {
      expect((await viewer.request('GET', `/api/v1/files?object=contact&recordId=${contactId}`)).status).toBe(200);
      expect((await viewer.request('GET', `/api/v1/files/${fileId}/content`)).status).toBe(200);
      expect((await attach(viewer, 'contact', contactId, { name: 'a.txt', content: 'a' })).status).toBe(403);
      expect((await attach(viewer, 'contact', contactId, { name: 'a.txt', content: 'a' }, true)).status).toBe(403);
      expect((await newVersion(viewer, fileId, { name: 'b.txt', content: 'b' })).status).toBe(403);
      expect((await viewer.request('DELETE', `/api/v1/files/${fileId}`)).status).toBe(403);
      expect((await attach(rep, 'contact', contactId, { name: 'a.txt', content: 'a' })).status).toBe(404);
      expect((await newVersion(rep, fileId, { name: 'b.txt', content: 'b' })).status).toBe(404);
      expect((await attach(nobody, 'contact', contactId, { name: 'a.txt', content: 'a' })).status).toBe(404);
    });
  });
});

describe('bad uploads: a clear 4xx naming the field, and nothing half-written', () => {
  it('refuses a file over the size limit with 413', async () => {
    await leavesNothing(async () => {
      const big = Buffer.alloc(maxBytes + 1, 'a');
      for (const fileFirst of [false, true]) {
        const r = await attach(t.admin, 'contact', contactId, { name: 'big.txt', content: big }, fileFirst);
        expect(r.status).toBe(413);
        expect(r.body.error.details.fields).toHaveProperty('file');
        expect(r.body.error.message).toMatch(/^file: is larger than the limit of 64 KB/);
      }
      expect((await newVersion(t.admin, fileId, { name: 'big.txt', content: big })).status).toBe(413);
    });
    // Exactly at the limit is fine.
    expect(
      (await attach(t.admin, 'contact', contactId, { name: 'ok.txt', content: Buffer.alloc(maxBytes, 'a') })).status,
    ).toBe(201);
  });

  it('refuses disguised files: a page named .pdf, a program posing as an image, an SVG declared a PNG', async () => {
    const cases = [
      { name: 'invoice.pdf', content: '<!DOCTYPE html><script>steal()</script>', type: 'application/pdf' },
      { name: 'invoice.pdf', content: '<html><body>hi</body></html>' },
      { name: 'report.txt', content: 'Report\n<script>alert(1)</script>', type: 'text/plain' },
      { name: 'holiday.jpg', content: sampleExe(), type: 'image/jpeg' },
      { name: 'holiday', content: sampleExe(), type: 'image/png' },
      { name: 'logo.png', content: '<svg xmlns="http://www.w3.org/2000/svg"/>', type: 'image/png' },
      { name: 'run.pdf', content: '#!/bin/sh\nrm -rf ~\n' },
    ];
    await leavesNothing(async () => {
      for (const c of cases) {
        const r = await attach(t.admin, 'contact', contactId, c);
        expect(r.status, `${c.name}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.error.message).toMatch(/^file: refused, its (name|declared type)/);
        expect(r.body.error.details.fields).toHaveProperty('file');
      }
      expect((await newVersion(t.admin, fileId, cases[0])).status).toBe(400);
    });
  });

  it('keeps honest uploads of risky kinds, typed by their bytes', async () => {
    const exe = await attach(t.admin, 'contact', contactId, { name: 'setup.exe', content: sampleExe() });
    expect(exe.status, JSON.stringify(exe.body)).toBe(201);
    expect(exe.body.contentType).toBe('application/x-msdownload');
    // Declared a PNG, the bytes a PDF: no danger, stored as what it is.
    const pdf = await attach(t.admin, 'contact', contactId, {
      name: 'scan.png',
      content: samplePdf(),
      type: 'image/png',
    });
    expect(pdf.body).toMatchObject({ contentType: 'application/pdf', preview: 'pdf' });
    const png = await attach(t.admin, 'contact', contactId, { name: 'noname', content: samplePng });
    expect(png.body.contentType).toBe('image/png');
  });

  it('refuses empty files, missing fields and strangers’ forms', async () => {
    await leavesNothing(async () => {
      const empty = await attach(t.admin, 'contact', contactId, { name: 'empty.txt', content: '' });
      expect(empty.status).toBe(400);
      expect(empty.body.error.details.fields).toEqual({ file: 'is empty' });
      const send = (fields: Record<string, string>, file: Parameters<typeof filesForm>[1]) => {
        const { payload, contentType } = filesForm(fields, file);
        return t.admin.request('POST', '/api/v1/files', payload, { 'content-type': contentType });
      };
      const noFile = await send({ object: 'contact', recordId: contactId }, null);
      expect(noFile.status).toBe(400);
      expect(noFile.body.error.details.fields).toHaveProperty('file');
      const badId = await send({ object: 'contact', recordId: 'x' }, { name: 'a.txt', content: 'a' });
      expect(badId.status).toBe(400);
      expect(badId.body.error.details.fields).toHaveProperty('recordId');
      const extra = await send(
        { object: 'contact', recordId: contactId, path: '/etc' },
        { name: 'a.txt', content: 'a' },
      );
      expect(extra.status).toBe(400);
      expect(extra.body.error.details.fields).toHaveProperty('path');
      const unknown = await send({ object: 'spaceships', recordId: contactId }, { name: 'a.txt', content: 'a' });
      expect(unknown.status).toBe(404);
      const json = await t.admin.request('POST', '/api/v1/files', { object: 'contact', recordId: contactId });
      expect(json.status).toBe(400);
      const { payload, contentType } = filesForm(
        { object: 'contact', recordId: contactId },
        { name: 'a.txt', content: 'abc' },
      );
      const cut = await t.admin.request('POST', '/api/v1/files', payload.subarray(0, payload.length - 30), {
        'content-type': contentType,
      });
      expect(cut.status).toBe(400);
    });
  });

  it('removes the stored bytes when the rows cannot be written', async () => {
    // A trigger that fails the version's insert, after the bytes were stored.
    await t.db.exec(`CREATE FUNCTION files_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'disk on fire'; END $$;
      CREATE TRIGGER files_test_fail BEFORE INSERT ON file_versions FOR EACH ROW EXECUTE FUNCTION files_test_fail();`);
    try {
      await leavesNothing(async () => {
        expect((await attach(t.admin, 'contact', contactId, { name: 'a.txt', content: 'a' })).status).toBe(500);
        expect((await newVersion(t.admin, fileId, { name: 'b.txt', content: 'b' })).status).toBe(500);
      });
    } finally {
      await t.db.exec('DROP TRIGGER files_test_fail ON file_versions; DROP FUNCTION files_test_fail();');
    }
  });
});
