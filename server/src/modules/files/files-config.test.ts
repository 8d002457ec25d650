// The attachments' settings: a size limit in megabytes, and S3 only with a bucket (and keys in pairs).
import { expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';

it('defaults to 25 MB on the data directory, and reads S3 settings when a bucket is named', () => {
  expect(loadConfig({}).files).toEqual({ maxBytes: 25 * 1024 * 1024, s3: undefined });
  expect(loadConfig({ KITH_FILE_MAX_MB: '0.5' }).files.maxBytes).toBe(512 * 1024);
  expect(
    loadConfig({
      KITH_S3_BUCKET: 'kith',
      KITH_S3_ENDPOINT: 'http://127.0.0.1:9000',
      KITH_S3_ACCESS_KEY_ID: 'id',
      KITH_S3_SECRET_ACCESS_KEY: 'secret',
    }).files.s3,
  ).toEqual({
    bucket: 'kith',
    endpoint: 'http://127.0.0.1:9000',
    region: 'us-east-1',
    accessKeyId: 'id',
    secretAccessKey: 'secret',
    forcePathStyle: true,
  });
  expect(loadConfig({ KITH_S3_BUCKET: 'kith', KITH_S3_FORCE_PATH_STYLE: 'false' }).files.s3?.forcePathStyle).toBe(
    false,
  );
});

it('stops with a message naming the setting', () => {
  expect(() => loadConfig({ KITH_FILE_MAX_MB: '-1' })).toThrow(/KITH_FILE_MAX_MB/);
  expect(() => loadConfig({ KITH_S3_ENDPOINT: 'http://minio:9000' })).toThrow(/KITH_S3_BUCKET: is required/);
  expect(() => loadConfig({ KITH_S3_BUCKET: 'kith', KITH_S3_ACCESS_KEY_ID: 'id' })).toThrow(/give both or neither/);
  expect(() => loadConfig({ KITH_S3_BUCKET: 'kith', KITH_S3_ENDPOINT: 'ftp://x' })).toThrow(/KITH_S3_ENDPOINT/);
});
