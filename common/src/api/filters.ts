// A list's filter as JSON: groups of conditions, nested at most five deep (the server checks
// each condition against its field).
import { z } from 'zod';
import { type FilterGroup, filterComparators } from '../objects.ts';

export const filterCondition = z.object({
  field: z.string(),
  cmp: z.enum(filterComparators),
  value: z.unknown().optional(),
});

/** Named, so that OpenAPI describes the recursion once, as a component. */
export const filterGroup: z.ZodType<FilterGroup> = z
  .lazy(() =>
    z.object({
      op: z.enum(['and', 'or']),
      conditions: z.array(z.union([filterCondition, filterGroup])),
    }),
  )
  .meta({ id: 'FilterGroup' });
