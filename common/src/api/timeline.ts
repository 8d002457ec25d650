// A record's activity (/api/v1/{plural}/{id}/timeline) and notes (/api/v1/notes).
import { z } from 'zod';
import { auditEntry } from './audit.ts';
import { apiRecord } from './records.ts';
import { titledRef } from './shared.ts';

export const note = z.object({
  kind: z.literal('note'),
  id: z.string(),
  objectType: z.string(),
  recordId: z.string(),
  body: z.string().describe('Basic HTML'),
  author: titledRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Note = z.infer<typeof note>;

/** An activity of any registry entry that is one (a call, an email, a task, a meeting…). */
export const activityItem = z.object({
  kind: z.string().describe("The activity's object (call, email, task, event…)"),
  id: z.string(),
  at: z.string().describe('Where it stands on the timeline (when it happened, or was made)'),
  record: apiRecord.describe('The activity as GET /api/v1/{plural}/{id} answers it'),
});
export type ActivityItem = z.infer<typeof activityItem>;

/**
 * A change of a record that concerns this one (an order of this company confirmed), as the
 * changed record's History tab shows it: its audit entry, with the record's object, id and title.
 */
export const changeItem = auditEntry.extend({
  kind: z.literal('change'),
  objectType: z.string().describe('The object of the record that changed'),
  recordId: z.string().describe('The record that changed'),
  recordTitle: z.string().nullable().describe("The changed record's current title"),
  titles: z
    .record(z.string(), z.string())
    .describe('Titles of the records its relation values name (before and after), those the reader may read'),
});
export type ChangeItem = z.infer<typeof changeItem>;

/** One item of a timeline: a note, a change of a related record, or an activity of any kind, newest first. */
export const timelineItem = z.union([note.extend({ at: z.string() }), changeItem, activityItem]);
export type TimelineItem = z.infer<typeof timelineItem>;
export const isNoteItem = (i: TimelineItem): i is Note & { at: string } => i.kind === 'note';
export const isChangeItem = (i: TimelineItem): i is ChangeItem => i.kind === 'change';

export const timelinePage = z.object({ data: z.array(timelineItem), nextCursor: z.string().nullable() });

export const timelineQuery = z.strictObject({
  cursor: z.string().max(300).optional().describe('From the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  kinds: z
    .string()
    .max(500)
    .regex(/^[a-zA-Z][a-zA-Z0-9]*(,[a-zA-Z][a-zA-Z0-9]*)*$/, 'must be kinds separated by commas: note,call')
    .optional()
    .describe('Only these kinds: note, change and activity object names, comma-separated'),
});

const noteBody = z.string().trim().min(1, 'is required').max(50_000);
export const noteInput = z.strictObject({ objectType: z.string().max(100), recordId: z.uuid(), body: noteBody });
export type NoteInput = z.input<typeof noteInput>;
export const notePatch = z.strictObject({ body: noteBody });
export type NotePatch = z.input<typeof notePatch>;
