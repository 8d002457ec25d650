// An upload's multipart form, read part by part: its text fields, then its one file, received
// into a temporary file (file-receive.ts). The fields may be checked before the file's bytes are
// read (a role that may not upload is refused without storing anything), when they come first.
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { AppError, invalid } from '../../platform/errors.ts';
import { type ReceivedFile, receiveFile, tooLarge } from './file-receive.ts';

export type FormPart =
  | { kind: 'field'; name: string; value: string }
  | {
      kind: 'file';
      name: string;
      filename: string;
      /** The type the client declared for the file part. */
      mimetype: string;
      stream: Readable & { truncated?: boolean };
    };

/** The parts of an upload, in the order they came. */
export type UploadForm = AsyncIterable<FormPart>;

export interface ReadUpload extends ReceivedFile {
  fileName: string;
  declaredType: string;
}

const notMultipart = () =>
  invalid('body: send multipart/form-data with the file in the part named "file"', { file: 'is required' });

/** The request's multipart body as an UploadForm (the multipart plugin must serve the route). */
export function formOf(request: FastifyRequest): UploadForm {
  if (!request.isMultipart()) throw notMultipart();
  return {
    async *[Symbol.asyncIterator]() {
      for await (const part of request.parts()) {
        if (part.type === 'file')
          yield {
            kind: 'file',
            name: part.fieldname,
            filename: part.filename,
            mimetype: part.mimetype,
            stream: part.file,
          };
        else yield { kind: 'field', name: part.fieldname, value: typeof part.value === 'string' ? part.value : '' };
      }
    },
  };
}

/**
 * Reads the form: the named fields (others are refused) and the one part named "file".
 * `beforeFile` runs once, with the fields, before the file's bytes are stored (when they come
 * first) or after (when they come last, in which case the received file is removed if it throws).
 */
export async function readUploadForm(
  form: UploadForm,
  opts: {
    fields: readonly string[];
    dataDir: string;
    maxBytes: number;
    beforeFile: (fields: Record<string, string>) => Promise<void>;
  },
): Promise<{ fields: Record<string, string>; file: ReadUpload }> {
  const fields: Record<string, string> = {};
  let file: ReadUpload | undefined;
  let checked = false;
  const check = async () => {
    checked = true;
    await opts.beforeFile(fields);
  };
  try {
    for await (const part of form) {
      if (part.kind === 'field') {
        if (!opts.fields.includes(part.name))
          throw invalid(`${part.name}: is not a known field`, { [part.name]: 'is not a known field' });
        fields[part.name] = part.value;
        continue;
      }
      if (part.name !== 'file' || file) {
        part.stream.resume(); // drain it, so the request ends normally
        throw part.name !== 'file'
          ? invalid(`${part.name}: send the file in the part named "file"`, { [part.name]: 'is not a known field' })
          : invalid('file: send one file per upload', { file: 'more than one file' });
      }
      if (!checked && opts.fields.every((f) => f in fields)) {
        try {
          await check();
        } catch (err) {
          part.stream.resume();
          throw err;
        }
      }
      const received = await receiveFile(part.stream, opts);
      file = { ...received, fileName: part.filename, declaredType: part.mimetype };
    }
    if (!file) throw invalid('file: is required (the multipart part named "file")', { file: 'is required' });
    if (!checked) await check();
    return { fields, file };
  } catch (err) {
    if (file) await rm(file.path, { force: true });
    if (err instanceof AppError || (err as NodeJS.ErrnoException).syscall) throw err; // ours, or the disk's
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(opts.maxBytes);
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw notMultipart();
    if ((err as { statusCode?: number }).statusCode) throw err; // the multipart plugin's limits (413)
    // A body cut short or malformed (busboy's "Unexpected end of form"): the client's fault.
    throw invalid('body: the upload was cut short or is not valid multipart/form-data; send it again', {
      file: 'incomplete upload',
    });
  }
}
