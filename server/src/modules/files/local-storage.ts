// Attachments on local disk: <dataDir>/files/store/<last two hex digits>/<version id>. The upload's
// temporary file is on the same disk (<dataDir>/files/tmp), so storing it is a rename.
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from '../../platform/errors.ts';
import { assertKey, type ByteRange, type FileStorage, type StoredBlob } from './file-storage.ts';

export class LocalStorage implements FileStorage {
  readonly kind = 'local';
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'files', 'store');
  }

  private pathOf(key: string) {
    assertKey(key);
    return join(this.root, key.slice(-2), key);
  }

  async put(key: string, blob: StoredBlob): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(join(path, '..'), { recursive: true });
    try {
      await rename(blob.path, path);
    } catch (err) {
      // A temporary directory on another file system: copy instead (the caller removes the original).
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(blob.path, path);
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const stream = createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
    // Open it before answering, so that missing bytes are an error rather than a response cut short.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'ENOENT' ? notFound("The file's content") : err),
      );
    });
    return stream;
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}
