// Pieces the API contracts share: references to other things, lists, ids.
import { z } from 'zod';

/** A role, team or person named by the accounts API: `{ id, name }`. */
export const namedRef = z.object({ id: z.string(), name: z.string() });
export type NamedRef = z.infer<typeof namedRef>;

/** A record or person as the records API names it; `title` is null when it is not the reader's to see. */
export const titledRef = z.object({ id: z.string(), title: z.string().nullable() });
export type TitledRef = z.infer<typeof titledRef>;

/**
 * The value of a link to any record (a field.anyRecord): which object, which record. Writes send
 * `{ object, id }`; reads add the record's title, null when it is not the reader's to see.
 */
export const recordLinkInput = z.strictObject({ object: z.string().min(1).max(100), id: z.string() });
export type RecordLinkInput = z.input<typeof recordLinkInput>;
export const recordLink = z.object({ object: z.string(), id: z.string(), title: z.string().nullable() });
export type RecordLink = z.infer<typeof recordLink>;

/** How a list answers: `{ data: [...] }`. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ data: z.array(item) });

/** A page of a list read with a cursor. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export const uuid = z.uuid('must be an id');
/** Ids of a request body, each once. */
export const uuidList = z
  .array(uuid)
  .max(500)
  .transform((ids) => [...new Set(ids)]);
export const personName = z.string().trim().min(1, 'is required').max(200);

/** The body of every error answer. */
export const apiError = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
