// CSV import: /api/v1/imports — upload, preview, start, progress, the list.
import { z } from 'zod';

export const csvEncodings = ['utf-8', 'utf-16le', 'latin1'] as const;
export type CsvEncoding = (typeof csvEncodings)[number];
export const csvDelimiters = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof csvDelimiters)[number];
/** A row that matches an existing record: skip it, update the record, or create another. */
export const duplicateModes = ['skip', 'update', 'create'] as const;
export type DuplicateMode = (typeof duplicateModes)[number];
/** A select value that is not an option: import the row with the field empty (and a warning), or refuse the row. */
export const unknownValueModes = ['empty', 'refuse'] as const;
export type UnknownValues = (typeof unknownValueModes)[number];
export const importStatuses = ['uploaded', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importRowStatuses = ['create', 'update', 'skip', 'error'] as const;
export type ImportRowStatus = (typeof importRowStatuses)[number];

/** CSV column → field name (or the note target), or null to skip the column. */
export const importMapping = z.record(z.string().max(300), z.string().max(200).nullable());
export type ImportMapping = z.infer<typeof importMapping>;

/** What an uploaded file holds, and the mapping Kith suggests for it. */
export const importUpload = z.object({
  id: z.string(),
  objectType: z.string(),
  fileName: z.string(),
  encoding: z.enum(csvEncodings),
  delimiter: z.enum(csvDelimiters),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())).describe('The first rows, one cell per header'),
  suggestedMapping: importMapping,
  rememberedMapping: z.boolean().describe('The mapping is the one used last time for files with these columns'),
  rowCountEstimate: z.number(),
});
export type ImportUpload = z.infer<typeof importUpload>;

export const importOptions = z.strictObject({
  mapping: importMapping,
  duplicateMode: z.enum(duplicateModes),
  createMissingCompanies: z.boolean().optional(),
  unknownValues: z
    .enum(unknownValueModes)
    .optional()
    .describe(
      'A select value that is not an option: import the row with the field empty and a warning, or refuse the row',
    ),
});
export type ImportOptions = z.input<typeof importOptions>;

/** One row checked as the import would check it. */
export const importPreviewRow = z.object({
  row: z.number().describe('As a spreadsheet numbers it: the header is row 1'),
  status: z.enum(importRowStatuses),
  errors: z.record(z.string(), z.string()),
  warnings: z
    .record(z.string(), z.string())
    .optional()
    .describe('Cells the row is written without (a value that is not an option), per field'),
  values: z.record(z.string(), z.unknown()),
  message: z.string().optional(),
});
export type ImportPreviewRow = z.infer<typeof importPreviewRow>;
export const importPreview = z.object({ rows: z.array(importPreviewRow) });
export type ImportPreview = z.infer<typeof importPreview>;

const rowMessage = z.object({ row: z.number(), errors: z.record(z.string(), z.string()) });
export type ImportRowMessage = z.infer<typeof rowMessage>;

export const importJob = z.object({
  id: z.string(),
  objectType: z.string(),
  fileName: z.string(),
  fileSize: z.number(),
  encoding: z.enum(csvEncodings),
  delimiter: z.enum(csvDelimiters),
  headers: z.array(z.string()),
  status: z.enum(importStatuses),
  mapping: importMapping.nullable(),
  duplicateMode: z.enum(duplicateModes).nullable(),
  createMissingCompanies: z.boolean(),
  unknownValues: z.enum(unknownValueModes),
  progress: z.object({ processed: z.number(), total: z.number() }),
  counts: z.object({
    created: z.number(),
    updated: z.number(),
    skipped: z.number(),
    failed: z.number(),
    warned: z.number(),
  }),
  errors: z.array(rowMessage).describe('The first 100 refused rows (GET /imports/:id only)'),
  warnings: z.array(rowMessage).describe('The first 100 rows written with a warning (GET /imports/:id only)'),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof importJob>;

export const importsQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50) });
