// Files attached to any record (/api/v1/files): each file keeps every version uploaded; lists show
// the latest. Uploads are multipart/form-data, so their fields are described here and read by the
// route from the form (object, recordId, file).
import { z } from 'zod';
import { titledRef } from './shared.ts';

/** How the web app may preview a file inline: a raster image, a PDF, or not at all (download only). */
export const filePreview = z.enum(['image', 'pdf']).nullable();
export type FilePreview = z.infer<typeof filePreview>;

export const fileVersion = z.object({
  version: z.number().int(),
  name: z.string(),
  /** The type told by the file's bytes, not by its name or what the uploader declared. */
  contentType: z.string(),
  size: z.number().int().describe('Bytes'),
  preview: filePreview,
  sha256: z.string().describe('Hex digest of the bytes'),
  uploadedBy: titledRef.nullable(),
  createdAt: z.string(),
});
export type FileVersion = z.infer<typeof fileVersion>;

/** A file as lists show it: what its latest version is. */
export const fileItem = z.object({
  id: z.string(),
  object: z.string(),
  recordId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  preview: filePreview,
  /** The latest version's number (1 for a file never replaced). */
  version: z.number().int(),
  uploadedBy: titledRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FileItem = z.infer<typeof fileItem>;

export const fileDetail = fileItem.extend({ versions: z.array(fileVersion).describe('Newest first') });
export type FileDetail = z.infer<typeof fileDetail>;

export const filesQuery = z.strictObject({
  object: z.string().min(1).max(100),
  recordId: z.uuid('must be an id'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type FilesQuery = z.input<typeof filesQuery>;

/** The form fields of an upload besides the file itself. */
export const fileUploadFields = z.strictObject({
  object: z.string().min(1, 'is required').max(100),
  recordId: z.uuid('must be an id'),
});
export type FileUploadFields = z.input<typeof fileUploadFields>;

const flag = z.enum(['1', '0', 'true', 'false']).transform((v) => v === '1' || v === 'true');

export const fileContentQuery = z.strictObject({
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** Ask for a preview: images and PDFs then come inline; everything else is a download whatever is asked. */
  inline: flag.optional(),
});
export type FileContentQuery = z.input<typeof fileContentQuery>;
