// Aggregates of any object: /api/v1/{plural}/aggregate (counts and metrics per group) and
// /api/v1/{plural}/groups (the same, with each group's first page of records: a board). Both take
// the list's own q, filter and field=value parameters and count only what the reader's list shows.
import { z } from 'zod';
import { filterCondition } from './filters.ts';
import { apiRecord } from './records.ts';

export const aggregateFunctions = ['count', 'sum', 'avg', 'min', 'max'] as const;
export type AggregateFunction = (typeof aggregateFunctions)[number];
export const dateBuckets = ['day', 'week', 'month', 'quarter', 'year'] as const;
export type DateBucket = (typeof dateBuckets)[number];

const listParams = {
  q: z.string().optional().describe('Full-text search, as the list takes it'),
  filter: z.string().optional().describe('JSON filter, as the list takes it: {"op":"and","conditions":[…]}'),
};
const groupParams = {
  groupBy: z
    .string()
    .max(100)
    .describe('A filterable select, boolean, relation or user field, or a date or date-time field (see bucket)'),
  bucket: z
    .string()
    .max(20)
    .optional()
    .describe('Date and date-time fields: day, week (from Monday), month (default), quarter or year, in UTC'),
  metrics: z
    .string()
    .max(2000)
    .optional()
    .describe(
      'Comma-separated, at most 10: count, sum:field, avg:field, min:field, max:field over number and currency fields. Every group has its count anyway',
    ),
};

/** GET /api/v1/{plural}/aggregate. Any other parameter is an equality filter (field=value), as on the list. */
export const aggregateQuery = z.looseObject({
  ...groupParams,
  groupBy: groupParams.groupBy.optional().describe(`${groupParams.groupBy.description}; none: the total only`),
  groupLimit: z.coerce.number().int().min(1).max(1000).default(100).describe('At most this many groups'),
  ...listParams,
});

/** GET /api/v1/{plural}/groups. Any other parameter is an equality filter (field=value), as on the list. */
export const groupsQuery = z.looseObject({
  ...groupParams,
  groupLimit: z.coerce.number().int().min(1).max(50).default(20).describe('At most this many groups'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Records per group'),
  sort: z.string().max(100).optional().describe("A sortable field, - for descending (default: the object's)"),
  group: z
    .string()
    .max(600)
    .optional()
    .describe('One group only, its key as JSON ("lead", true, null, "2026-03-01"): with cursor, its next page'),
  cursor: z.string().max(2000).optional().describe("nextCursor of the group's previous page (needs group)"),
  fields: z
    .string()
    .max(2000)
    .optional()
    .describe(
      'Comma-separated: only these fields of each record (besides id, title, createdAt, updatedAt and deletedAt); all by default',
    ),
  ...listParams,
});

/** A sum, average, minimum or maximum of money: one per currency, in minor units (an average rounded). */
export const moneyAmount = z.object({ currency: z.string(), amount: z.number() });

/** A metric's value: a number (null when no record has a value), or money per currency. */
export const metricValue = z.union([z.number(), z.null(), z.array(moneyAmount)]);
export type MetricValue = z.infer<typeof metricValue>;

const totals = {
  count: z.number().describe('Records in the group that the reader may see'),
  metrics: z.record(z.string(), metricValue).describe('Per metric as asked for, e.g. "sum:amount"'),
};

export const aggregateGroup = z.object({
  key: z
    .union([z.string(), z.boolean(), z.null()])
    .describe("The group's value: an option, true/false, an id, a bucket's first day (YYYY-MM-DD), or null"),
  title: z.string().nullable().describe("An option's label or a related record's title (null if not the reader's)"),
  ...totals,
  filter: z
    .object({
      op: z.literal('and'),
      conditions: z.array(filterCondition),
    })
    .describe("The list filter that selects this group (AND it with the request's own)"),
});
export type AggregateGroup = z.infer<typeof aggregateGroup>;

const answer = {
  groupBy: z.string().nullable(),
  bucket: z.enum(dateBuckets).nullable(),
  total: z.object(totals).describe('Every record the request matches, in every group'),
  truncated: z.boolean().describe('More groups exist than groupLimit allowed'),
};

export const aggregateResult = z.object({ ...answer, groups: z.array(aggregateGroup) });
export type AggregateResult = z.infer<typeof aggregateResult>;

export const recordGroup = aggregateGroup.extend({
  data: z.array(apiRecord).describe('The first records of the group, as the list gives them'),
  nextCursor: z
    .string()
    .nullable()
    .describe('The next page: pass it as cursor with group, or to the list with this filter and the same sort'),
});
export type RecordGroup = z.infer<typeof recordGroup>;

export const groupsResult = z.object({ ...answer, groups: z.array(recordGroup) });
export type GroupsResult = z.infer<typeof groupsResult>;
