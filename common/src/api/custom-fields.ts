// Custom fields (admins change them): /api/v1/custom-fields.
import { z } from 'zod';
import { customFieldTypes } from '../objects.ts';

const option = z.strictObject({
  value: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1).max(100),
  color: z.string().max(20).optional(),
});
const options = z.array(option).min(1).max(200);

export const customFieldInput = z.strictObject({
  objectType: z.string().max(100),
  name: z
    .string()
    .regex(
      /^[a-z][a-zA-Z0-9]{0,39}$/,
      'must start with a lower-case letter and hold only letters and digits (e.g. accountTier)',
    ),
  label: z.string().trim().min(1, 'is required').max(100),
  type: z.enum(customFieldTypes, {
    error: (issue) =>
      issue.input === 'anyRecord'
        ? 'a link to any record cannot be a custom field yet (it needs two columns and a check): declare it in a registry entry with field.anyRecord(), or use a relation to one object'
        : `must be one of: ${customFieldTypes.join(', ')}`,
  }),
  options: options.optional(),
  required: z.boolean().default(false),
  searchable: z.boolean().default(false),
  relationObject: z.string().max(100).optional(),
});
export type CustomFieldInput = z.input<typeof customFieldInput>;

export const customFieldPatch = z.strictObject({
  label: z.string().trim().min(1).max(100).optional(),
  options: options.optional(),
  required: z.boolean().optional(),
  searchable: z.boolean().optional(),
});
export type CustomFieldPatch = z.input<typeof customFieldPatch>;

export const customFieldsQuery = z.strictObject({ objectType: z.string().max(100).optional() });

/** The background pass that recomputes existing records' search text after `searchable` changed. */
export const searchIndexState = z.object({
  state: z.enum(['queued', 'running', 'done']),
  done: z.number(),
  total: z.number().nullable(),
});
export type SearchIndexState = z.infer<typeof searchIndexState>;

export const customField = z.object({
  id: z.string(),
  objectType: z.string(),
  name: z.string(),
  label: z.string(),
  type: z.enum(customFieldTypes),
  options: z.array(z.object({ value: z.string(), label: z.string(), color: z.string().optional() })).optional(),
  required: z.boolean(),
  searchable: z.boolean(),
  relationObject: z.string().optional(),
  searchIndex: searchIndexState.nullable().describe('Recomputing the search text of existing rows: done/total'),
});
export type CustomField = z.infer<typeof customField>;
