// The generic record routes of every registry object: /api/v1/{plural}[/{id}] and their merge,
// bulk, duplicates and history. A record's own fields differ per object and are described at run
// time (GET /meta/objects; the server's OpenAPI has one schema per object); what every object
// shares is defined here: the system fields, a page, a reference, and the bodies and answers of
// the routes around the records.
import { z } from 'zod';
import { auditEntry } from './audit.ts';
import { listOf, pageOf, titledRef } from './shared.ts';

/** A record's id as the records path takes it: any UUID-shaped string (the server's `isUuid`). */
export const recordId = z.guid('must be a record id');

/** What every record holds, whatever its object. */
export const recordSystemFields = {
  id: z.string(),
  title: z.string().describe('The display name, computed from the title fields ("" when they are empty)'),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable().describe('Set while the record is in the bin'),
};

/**
 * A record as the records API answers it: the system fields, then its object's fields by name;
 * a relation (`companyId`) is also expanded as a reference under `refKey` (`company`: `{ id, title }`,
 * see objects.ts), and a
 * link to any record reads `{ object, id, title }`.
 */
export const apiRecord = z.looseObject(recordSystemFields);
export type ApiRecord = z.infer<typeof apiRecord>;

/** A page of a list: `nextCursor` is the next page's `cursor`, null on the last page. */
export const recordPage = pageOf(apiRecord);
export type RecordPage = z.infer<typeof recordPage>;

/** A related record in a record: `title` is null when the reader may not read it. */
export const recordRef = titledRef;
export type RecordRef = z.infer<typeof recordRef>;

/** POST /{plural}/duplicates: a record's values (checked as an update's), and the record to leave out. */
export const duplicatesInput = z.looseObject({
  excludeId: recordId.nullable().optional().describe('The record being edited: not a duplicate of itself'),
});
export type DuplicatesInput = z.input<typeof duplicatesInput>;

/** A possible duplicate the reader may see, and why it looks like one. */
export const duplicate = z.object({
  id: z.string(),
  title: z.string(),
  reason: z.string().describe('"same email", "similar name"…'),
});
export type Duplicate = z.infer<typeof duplicate>;
export const duplicateList = listOf(duplicate);
export type DuplicateList = z.infer<typeof duplicateList>;

/** The details of the 409 a create answers when it finds possible duplicates (without allowDuplicate=true). */
export const duplicateConflictDetails = z.object({ duplicates: z.array(duplicate) });
export type DuplicateConflictDetails = z.infer<typeof duplicateConflictDetails>;

/** POST /{plural}/merge: the duplicate moves into the primary, which answers. */
export const mergeInput = z.strictObject({
  primaryId: recordId.describe('The record that stays'),
  duplicateId: recordId.describe('The record merged into it and moved to the bin'),
  take: z
    .array(z.string())
    .max(200)
    .optional()
    .describe("Fields whose value comes from the duplicate (else the primary's, its gaps filled)"),
});
export type MergeInput = z.infer<typeof mergeInput>;

export const bulkActions = ['update', 'delete'] as const;
/** POST /{plural}/bulk: all or nothing. */
export const bulkInput = z.strictObject({
  ids: z.array(recordId).min(1).max(1000),
  action: z.enum(bulkActions),
  values: z.record(z.string(), z.unknown()).optional().describe("update: the fields to set, as an update's body"),
});
export type BulkInput = z.input<typeof bulkInput>;
export const bulkResult = z.object({ updated: z.number().int().describe('Records changed') });
export type BulkResult = z.infer<typeof bulkResult>;

/** GET /{plural}/{id}/audit: the record's history, newest first (at most 200), merged duplicates' included. */
export const recordHistory = listOf(auditEntry);
export type RecordHistory = z.infer<typeof recordHistory>;
