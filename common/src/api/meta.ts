// GET /api/v1/meta/objects: every object the reader may read, with its fields and what the reader
// may do with it. The web app renders its tables, forms, filters and detail pages from it.
import { z } from 'zod';
import { fieldTypes } from '../objects.ts';

export const selectOption = z.object({ value: z.string(), label: z.string(), color: z.string().optional() });
export type SelectOption = z.infer<typeof selectOption>;

const objectLink = z.object({ object: z.string(), plural: z.string() });

export const fieldMeta = z.object({
  name: z.string(),
  label: z.string(),
  type: z.enum(fieldTypes),
  required: z.boolean(),
  readOnly: z.boolean(),
  searchable: z.boolean(),
  filterable: z.boolean(),
  sortable: z.boolean(),
  list: z.boolean().describe('Shown in the default table'),
  custom: z.boolean().describe('Added by an admin (a custom field)'),
  options: z.array(selectOption).optional().describe('select and multiSelect: the options, in order'),
  relation: objectLink
    .optional()
    .describe('relation and user fields: the object linked to ("user" with plural "users" for people)'),
  linkTargets: z
    .array(objectLink)
    .optional()
    .describe('A link to any record (anyRecord): the objects it may point at, resolved by the server'),
  max: z.number().optional().describe('Text fields: the longest value, in characters'),
  format: z.enum(['rrule']).optional().describe('Text fields of a known form: rrule, a repeat rule (RFC 5545)'),
  within: z
    .string()
    .optional()
    .describe(
      "Relation fields: the field (a relation both objects have) whose value the target shares — a deal's stage is within its pipeline: pick among the stages of the deal's pipeline",
    ),
  where: z
    .record(z.string(), z.string())
    .optional()
    .describe(
      "Relation fields: only records of the target holding these values (list filters): a bundle item's bundle is a product of kind bundle",
    ),
  partOf: z
    .boolean()
    .optional()
    .describe("Relation fields: the record is a part of the target (a quote's line), shown in the target's own panel"),
  defaultValue: z
    .union([z.boolean(), z.string(), z.number()])
    .optional()
    .describe('What a new record takes when its input leaves the field out (a product starts active)'),
});
export type FieldMeta = z.infer<typeof fieldMeta>;

export const objectMeta = z.object({
  name: z.string(),
  plural: z.string().describe('The path of its routes: /api/v1/{plural}'),
  label: z.string(),
  labelPlural: z.string(),
  icon: z.string(),
  junction: z
    .tuple([z.string(), z.string()])
    .optional()
    .describe('A many-to-many junction: the two relation fields whose records it links (no title of its own)'),
  titleFields: z
    .array(z.string())
    .describe("The fields a record's title is made of (the title column shows them; tables and cards leave them out)"),
  activity: z
    .object({
      at: z.string().describe('The field that places it in time'),
      followUp: z.boolean().describe('Offered as the follow-up after logging another activity'),
    })
    .optional()
    .describe('An activity (a call, a meeting, a task): shown on the timeline of the records it links to'),
  timelineChanges: z
    .array(z.string())
    .optional()
    .describe("The fields through which its records' changes show on other records' timelines"),
  navigation: z.boolean().describe('Listed in the navigation (junctions and the like are not)'),
  globalSearch: z.boolean().describe('Found by the global search (Ctrl+K)'),
  approvals: z
    .literal(true)
    .optional()
    .describe('Its records may wait for approval, locked meanwhile (GET /api/v1/{plural}/{id}/approvals)'),
  fields: z.array(fieldMeta),
  permissions: z
    .object({ create: z.boolean(), read: z.boolean(), update: z.boolean(), delete: z.boolean(), export: z.boolean() })
    .describe("What the reader's role allows on this object (scopes narrow it per record)"),
});
export type ObjectMeta = z.infer<typeof objectMeta>;
