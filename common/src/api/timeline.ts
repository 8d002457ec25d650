// A record's activity (/api/v1/{plural}/{id}/timeline) and notes (/api/v1/notes).
import { z } from 'zod';
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

/** One item of a timeline: notes now; calls, emails and tickets as they land. */
export const timelineItem = note;
export type TimelineItem = z.infer<typeof timelineItem>;

export const timelineQuery = z.strictObject({
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const noteBody = z.string().trim().min(1, 'is required').max(50_000);
export const noteInput = z.strictObject({ objectType: z.string().max(100), recordId: z.uuid(), body: noteBody });
export type NoteInput = z.input<typeof noteInput>;
export const notePatch = z.strictObject({ body: noteBody });
export type NotePatch = z.input<typeof notePatch>;
