// Where attachments' bytes live: one interface, two kinds — the data directory (the default) and
// S3-compatible storage (when a bucket is configured). An upload is first received whole into a
// temporary file (size limit, checksum, sniffing), then handed to put(); the key is the version's
// own id, never anything a user sent.
import type { Readable } from 'node:stream';

/** Bytes [start, end] of a file, both inclusive (an HTTP Range). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface StoredBlob {
  /** Path of the received upload on local disk; put() may move it away. */
  path: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  contentType: string;
}

export interface FileStorage {
  readonly kind: 'local' | 's3';
  put(key: string, blob: StoredBlob): Promise<void>;
  /** The bytes (or a range of them); NOT_FOUND when the key has none. */
  get(key: string, range?: ByteRange): Promise<Readable>;
  /** Removes the bytes; a missing key is no error. */
  delete(key: string): Promise<void>;
  /** Lets go of connections when the app closes. */
  close?(): void;
}

/** Keys are version ids (uuids): nothing else may reach a path or an object name. */
export const storageKey = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function assertKey(key: string): void {
  if (!storageKey.test(key)) throw new Error(`not a storage key: ${JSON.stringify(key)}`);
}
