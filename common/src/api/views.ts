// Saved views of a list: /api/v1/views. Columns, filter, sort and search under a name, and the
// layout they are shown in (the table, or a module's view such as a board).
import { z } from 'zod';
import { filterGroup } from './filters.ts';
import { titledRef } from './shared.ts';

/** The table when absent. A board groups by a select field and may sum a number or currency field. */
export const viewLayout = z.strictObject({
  type: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,49}$/, 'is a layout id such as board')
    .describe('A list view: table, or one a module adds (board)'),
  groupBy: z.string().max(100).optional().describe('The field the layout groups by (a board: a select field)'),
  sum: z.string().max(100).optional().describe('A number or currency field summed per group'),
  within: z
    .uuid('must be an id')
    .optional()
    .describe("Grouped by a relation within another (a deal's stage): the record its groups lie within (a pipeline)"),
});
export type ViewLayout = z.infer<typeof viewLayout>;

/** As sent: the server checks columns, filter and sort against the object. */
export const viewConfigInput = z.strictObject({
  columns: z.array(z.string().max(100)).max(100).default([]),
  filter: z.unknown().optional().describe('A filter as the list takes it: {"op":"and","conditions":[…]}'),
  sort: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  layout: viewLayout.optional(),
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
  layout: viewLayout.optional(),
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
