// Attachments in an S3-compatible bucket through the official AWS SDK v3 client, under
// files/<version id>. The upload sends its SHA-256, which S3 checks; the SDK's own streamed
// checksums (aws-chunked bodies) are only sent where an operation requires them, as many
// S3-compatible servers store such a body as it came, framing included (decision 017).
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from '../../config.ts';
import { notFound } from '../../platform/errors.ts';
import { assertKey, type ByteRange, type FileStorage, type StoredBlob } from './file-storage.ts';

export class S3Storage implements FileStorage {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: S3Config) {
    this.bucket = config.bucket;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(config.accessKeyId && config.secretAccessKey
        ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } }
        : {}),
    });
  }

  private objectKey(key: string) {
    assertKey(key);
    return `files/${key}`;
  }

  async put(key: string, blob: StoredBlob): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: createReadStream(blob.path),
        ContentLength: blob.size,
        ContentType: blob.contentType,
        ChecksumSHA256: Buffer.from(blob.sha256, 'hex').toString('base64'),
      }),
    );
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: this.objectKey(key),
          ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
        }),
      );
      return out.Body as Readable;
    } catch (err) {
      if (err instanceof NoSuchKey) throw notFound("The file's content");
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  /** Closes the client's connections (the app's onClose). */
  close(): void {
    this.client.destroy();
  }
}
