// Saved views of a list: /api/v1/views. Columns, filter, sort and search under a name.
import { z } from 'zod';
import { filterGroup } from './filters.ts';
import { titledRef } from './shared.ts';

/** As sent: the server checks columns, filter and sort against the object. */
export const viewConfigInput = z.strictObject({
  columns: z.array(z.string().max(100)).max(100).default([]),
  filter: z.unknown().optional().describe('A filter as the list takes it: {"op":"and","conditions":[…]}'),
  sort: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
});

export const viewInput = z.strictObject({
  objectType: z.string().max(100),
  name: z.string().trim().min(1, 'is required').max(100),
  shared: z.boolean().default(false),
  config: viewConfigInput,
});
export type ViewInput = z.input<typeof viewInput>;

export const viewPatch = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  shared: z.boolean().optional(),
  config: viewConfigInput.optional(),
});
export type ViewPatch = z.input<typeof viewPatch>;

export const viewsQuery = z.strictObject({ objectType: z.string().max(100) });

export const viewConfig = z.object({
  columns: z.array(z.string()),
  filter: filterGroup.nullable().optional(),
  sort: z.string().optional(),
  q: z.string().optional(),
});
export type ViewConfig = z.infer<typeof viewConfig>;

export const savedView = z.object({
  id: z.string(),
  objectType: z.string(),
  name: z.string(),
  shared: z.boolean(),
  config: viewConfig,
  owner: titledRef,
  mine: z.boolean().describe('Yours: you may change it'),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedView>;
