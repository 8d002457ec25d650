// The S3 storage against a real S3 protocol server (s3rver, in this process, on a free port):
// uploads, versions, ranges and deletes go through the AWS SDK to the bucket, nothing to the data
// directory, and a write that fails takes its object away again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { S3Config } from '../../config.ts';
import { createTestApp, type TestApp } from '../../test/factories.ts';
import { attach, filesUnder, newVersion, samplePdf, samplePng } from './files.test-helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kith-files-s3-'));
let server: S3rver;
let s3: S3Config;
let t: TestApp;
let client: S3Client;
beforeAll(async () => {
  server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'kith-s3rver-')),
    configureBuckets: [{ name: 'kith-files' }],
  });
  const { port } = await server.run();
  s3 = {
    bucket: 'kith-files',
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    forcePathStyle: true,
  };
  client = new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  t = await createTestApp({ settings: { dataDir, files: { maxBytes: 1024 * 1024, s3 } } });
});
afterAll(async () => {
  await t?.close();
  client?.destroy();
  await server?.close();
});

const objectsInBucket = async () =>
  ((await client.send(new ListObjectsV2Command({ Bucket: 'kith-files' }))).Contents ?? []).map((o) => o.Key);

it('stores, serves, versions and ranges files in the bucket, none in the data directory', async () => {
  const id = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Bucketed' })).body.id;
  // Larger than one network chunk, so that the SDK streams it.
  const pdf = Buffer.concat([samplePdf(), Buffer.alloc(300_000, '%')]);
  const up = await attach(t.admin, 'contact', id, { name: 'big.pdf', content: pdf, type: 'application/pdf' });
  expect(up.status, JSON.stringify(up.body)).toBe(201);
  expect(await objectsInBucket()).toHaveLength(1);
  expect(filesUnder(join(dataDir, 'files'))).toEqual([]);
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url, headers: { cookie: t.admin.cookie, ...headers } });
  const whole = await get(`/api/v1/files/${up.body.id}/content`);
  expect(whole.statusCode).toBe(200);
  expect(whole.rawPayload.equals(pdf)).toBe(true); // byte for byte: no aws-chunked framing stored
  const part = await get(`/api/v1/files/${up.body.id}/content`, { range: 'bytes=0-7' });
  expect(part.statusCode).toBe(206);
  expect(part.body).toBe('%PDF-1.4');

  const v2 = await newVersion(t.admin, up.body.id, { name: 'dot.png', content: samplePng, type: 'image/png' });
  expect(v2.status).toBe(201);
  expect(await objectsInBucket()).toHaveLength(2);
  expect((await get(`/api/v1/files/${up.body.id}/content`)).rawPayload.equals(samplePng)).toBe(true);
  expect((await get(`/api/v1/files/${up.body.id}/content?version=1`)).rawPayload.equals(pdf)).toBe(true);
  expect((await t.admin.request('DELETE', `/api/v1/files/${up.body.id}`)).status).toBe(204);
  expect((await get(`/api/v1/files/${up.body.id}/content`)).statusCode).toBe(404);
});

it('takes the object away again when the rows cannot be written', async () => {
  const id = (await t.admin.request('POST', '/api/v1/contacts', { firstName: 'Unlucky' })).body.id;
  const before = await objectsInBucket();
  await t.db.exec(`CREATE FUNCTION files_s3_fail() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'no'; END $$;
    CREATE TRIGGER files_s3_fail BEFORE INSERT ON files FOR EACH ROW EXECUTE FUNCTION files_s3_fail();`);
  try {
    expect((await attach(t.admin, 'contact', id, { name: 'a.txt', content: 'a' })).status).toBe(500);
  } finally {
    await t.db.exec('DROP TRIGGER files_s3_fail ON files; DROP FUNCTION files_s3_fail();');
  }
  expect(await objectsInBucket()).toEqual(before);
  expect(filesUnder(join(dataDir, 'files'))).toEqual([]);
});
