// Search across every object (Cmd+K): /api/v1/search.
import { z } from 'zod';

export const searchQuery = z.strictObject({
  q: z.string().max(200),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const searchHit = z.object({
  object: z.string(),
  plural: z.string(),
  id: z.string(),
  title: z.string(),
  subtitle: z.string().nullable(),
  rank: z.number(),
});
export type SearchHit = z.infer<typeof searchHit>;
