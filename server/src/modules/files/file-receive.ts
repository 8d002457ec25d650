// An upload's bytes, received into a temporary file under the data directory before anything is
// stored or written: counted against the size limit as they come (the multipart parser stops at
// it), hashed, and their first bytes kept for sniffing. Whatever goes wrong, the file goes.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { uuidv7 } from 'uuidv7';
import { AppError, invalid } from '../../platform/errors.ts';

export interface ReceivedFile {
  path: string;
  size: number;
  sha256: string;
  /** The first bytes (up to 4 KB). */
  head: Buffer;
}

const headBytes = 4096;

export const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `file: is larger than the limit of ${formatLimit(maxBytes)}`, {
    fields: { file: `is larger than ${formatLimit(maxBytes)}` },
  });

const formatLimit = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${+(bytes / 1024).toFixed(1)} KB`;

export async function receiveFile(
  file: Readable & { truncated?: boolean },
  opts: { dataDir: string; maxBytes: number },
): Promise<ReceivedFile> {
  const dir = join(opts.dataDir, 'files', 'tmp');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${uuidv7()}.part`);
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  let headSize = 0;
  let sourceError: Error | undefined;
  file.on('error', (err: Error) => {
    sourceError = err;
  });
  try {
    await pipeline(
      file,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > opts.maxBytes) throw tooLarge(opts.maxBytes);
          hash.update(chunk);
          if (headSize < headBytes) {
            head.push(chunk.subarray(0, headBytes - headSize));
            headSize += Math.min(chunk.length, headBytes - headSize);
          }
          yield chunk;
        }
      },
      createWriteStream(path, { flags: 'wx' }),
    );
    // The multipart parser stops at the limit and ends the stream short of it, marked truncated.
    if (file.truncated) throw tooLarge(opts.maxBytes);
  } catch (err) {
    await rm(path, { force: true });
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(opts.maxBytes);
    // The client's body broke off or was malformed: its fault, not ours (a full disk stays a 500).
    if (sourceError || !(err as NodeJS.ErrnoException).syscall)
      throw invalid('file: the upload was cut short or is not valid multipart/form-data; send it again', {
        file: 'incomplete upload',
      });
    throw err;
  }
  return { path, size, sha256: hash.digest('hex'), head: Buffer.concat(head) };
}
