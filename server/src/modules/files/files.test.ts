import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../db/sql.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { attach, filesUnder, newVersion, samplePdf, samplePng } from './files.test-helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kith-files-'));
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ settings: { dataDir } });
});
afterAll(() => t.close());

const contact = async (firstName: string) =>
  (await t.admin.request('POST', '/api/v1/contacts', { firstName })).body.id as string;

describe('a record’s files', () => {
  it('uploads, lists, downloads, versions and deletes a file, audited, with events', async () => {
    const id = await contact('Filed');
    const pdf = samplePdf();
    const up = await attach(t.admin, 'contact', id, { name: 'Offer 2026.pdf', content: pdf, type: 'application/pdf' });
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({
      object: 'contact',
      recordId: id,
      name: 'Offer 2026.pdf',
      contentType: 'application/pdf',
      size: pdf.length,
      preview: 'pdf',
      version: 1,
      uploadedBy: { id: t.admin.userId, title: 'Ada Admin' },
    });
    const fileId = up.body.id;

    const list = await t.admin.request('GET', `/api/v1/files?object=contact&recordId=${id}`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [up.body], nextCursor: null });

    const got = await t.app.inject({ url: `/api/v1/files/${fileId}/content`, headers: { cookie: t.admin.cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="Offer 2026.pdf"; filename*=UTF-8''Offer%202026.pdf`,
    );
    expect(got.headers['content-length']).toBe(String(pdf.length));

    // A new version keeps the first; the list shows the latest.
    const v2 = await newVersion(t.admin, fileId, { name: 'Offer 2026 v2.png', content: samplePng, type: 'image/png' });
    expect(v2.status, JSON.stringify(v2.body)).toBe(201);
    expect(v2.body).toMatchObject({
      version: 2,
      name: 'Offer 2026 v2.png',
      contentType: 'image/png',
      preview: 'image',
    });
    expect(v2.body.versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([
      [2, 'Offer 2026 v2.png'],
      [1, 'Offer 2026.pdf'],
    ]);
    const listed = (await t.admin.request('GET', `/api/v1/files?object=contact&recordId=${id}`)).body.data;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ version: 2, name: 'Offer 2026 v2.png' });
    const first = await t.app.inject({
      url: `/api/v1/files/${fileId}/content?version=1`,
      headers: { cookie: t.admin.cookie },
    });
    expect(first.rawPayload.equals(pdf)).toBe(true);
    const latest = await t.app.inject({ url: `/api/v1/files/${fileId}/content`, headers: { cookie: t.admin.cookie } });
    expect(latest.rawPayload.equals(samplePng)).toBe(true);
    expect((await t.admin.request('GET', `/api/v1/files/${fileId}/content?version=3`)).status).toBe(404);

    expect((await t.admin.request('DELETE', `/api/v1/files/${fileId}`)).status).toBe(204);
    expect((await t.admin.request('GET', `/api/v1/files?object=contact&recordId=${id}`)).body.data).toEqual([]);
    expect((await t.admin.request('GET', `/api/v1/files/${fileId}`)).status).toBe(404);
    expect((await t.admin.request('GET', `/api/v1/files/${fileId}/content`)).status).toBe(404);

    const audit = (await t.admin.request('GET', `/api/v1/contacts/${id}/audit`)).body.data.map(
      (a: { action: string }) => a.action,
    );
    expect(audit).toEqual(expect.arrayContaining(['file.create', 'file.version', 'file.delete']));
    const events = await t.db.query<{ type: string }>(
      sql`SELECT type FROM events WHERE record_id = ${id}::uuid AND type LIKE 'contact.file%' ORDER BY id`,
    );
    expect(events.map((e) => e.type)).toEqual(['contact.fileAdded', 'contact.fileVersionAdded', 'contact.fileDeleted']);
  });

  it('pages a record’s files newest first with a cursor, each once', async () => {
    const id = await contact('Paged');
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      names.push(`note ${i}.txt`);
      expect((await attach(t.admin, 'contact', id, { name: `note ${i}.txt`, content: `text ${i}` })).status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { data: Array<{ name: string }>; nextCursor: string | null } } = await t.admin.request(
        'GET',
        `/api/v1/files?object=contacts&recordId=${id}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.data.map((f) => f.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(names.reverse());
    const bad = await t.admin.request('GET', `/api/v1/files?object=contact&recordId=${id}&cursor=nonsense`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty('cursor');
  });

  it('answers ranges and conditional requests', async () => {
    const id = await contact('Ranged');
    const up = await attach(t.admin, 'contact', id, { name: 'r.txt', content: '0123456789' });
    const url = `/api/v1/files/${up.body.id}/content`;
    const get = (headers: Record<string, string>) =>
      t.app.inject({ url, headers: { cookie: t.admin.cookie, ...headers } });
    const part = await get({ range: 'bytes=2-4' });
    expect(part.statusCode).toBe(206);
    expect(part.body).toBe('234');
    expect(part.headers['content-range']).toBe('bytes 2-4/10');
    expect((await get({ range: 'bytes=-3' })).body).toBe('789');
    expect((await get({ range: 'bytes=20-' })).statusCode).toBe(416);
    const whole = await get({});
    expect((await get({ 'if-none-match': whole.headers.etag as string })).statusCode).toBe(304);
    const head = await t.app.inject({ method: 'HEAD', url, headers: { cookie: t.admin.cookie } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe('10');
  });

  it('serves nothing inline but images and PDF asked for as a preview; HTML and SVG always as downloads', async () => {
    const id = await contact('Headers');
    const html = await attach(t.admin, 'contact', id, {
      name: 'page.html',
      content: '<!doctype html><script>alert(1)</script>',
      type: 'text/html',
    });
    const svg = await attach(t.admin, 'contact', id, {
      name: 'logo.svg',
      content: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      type: 'image/svg+xml',
    });
    const png = await attach(t.admin, 'contact', id, { name: 'dot.png', content: samplePng, type: 'image/png' });
    for (const f of [html, svg, png]) expect(f.status, JSON.stringify(f.body)).toBe(201);
    expect(html.body).toMatchObject({ contentType: 'text/html', preview: null });
    expect(svg.body).toMatchObject({ contentType: 'image/svg+xml', preview: null });
    const content = (fileId: string) =>
      t.app.inject({ url: `/api/v1/files/${fileId}/content?inline=1`, headers: { cookie: t.admin.cookie } });
    for (const f of [html, svg]) {
      const r = await content(f.body.id);
      expect(r.headers['content-disposition']).toMatch(/^attachment; /);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    }
    const inline = await content(png.body.id);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);
    expect(inline.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(inline.headers['content-type']).toBe('image/png');
  });

  it('keeps a file’s name safe: no path, no control or bidi characters, encoded for any client', async () => {
    const id = await contact('Names');
    const up = await attach(t.admin, 'contact', id, { name: '../../etc/Rés\u202Eumé (q)*.txt', content: 'x' });
    expect(up.status).toBe(201);
    expect(up.body.name).toBe('Résumé (q)*.txt');
    const r = await t.app.inject({ url: `/api/v1/files/${up.body.id}/content`, headers: { cookie: t.admin.cookie } });
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="Resume (q)*.txt"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%28q%29%2A.txt`,
    );
    // The bytes are stored under the version's id, never under the name sent.
    // (Paths below the store only: the temporary directory's random name may hold a "q".)
    const store = join(dataDir, 'files', 'store');
    const stored = filesUnder(store).map((p) => relative(store, p));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.some((p) => p.includes('etc') || p.includes('q'))).toBe(false);
  });

  it('moves a merged record’s files to the one kept', async () => {
    const kept = await contact('Kept');
    const dup = await contact('Duplicate');
    const f = await attach(t.admin, 'contact', dup, { name: 'dup.txt', content: 'dup' });
    const merged = await t.admin.request('POST', '/api/v1/contacts/merge', { primaryId: kept, duplicateId: dup });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    const list = (await t.admin.request('GET', `/api/v1/files?object=contact&recordId=${kept}`)).body.data;
    expect(list.map((x: { id: string }) => x.id)).toEqual([f.body.id]);
    expect((await t.admin.request('GET', `/api/v1/files/${f.body.id}`)).body.recordId).toBe(kept);
  });

  it('attaches to any registry object, and refuses a record in the bin', async () => {
    const co = (await t.admin.request('POST', '/api/v1/companies', { name: 'Files Ltd' })).body.id;
    expect((await attach(t.admin, 'company', co, { name: 'a.txt', content: 'a' })).status).toBe(201);
    expect((await t.admin.request('DELETE', `/api/v1/companies/${co}`)).status).toBe(204);
    const r = await attach(t.admin, 'company', co, { name: 'b.txt', content: 'b' });
    expect(r.status).toBe(409);
    expect((await t.admin.request('GET', `/api/v1/files?object=company&recordId=${co}`)).body.data).toHaveLength(1);
  });
});
