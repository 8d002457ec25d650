// Deals on pipelines beyond the generic records routes: a pipeline's stages in one go, a deal's
// stage history, and a pipeline's flow (conversion from each stage to the next, time in stage).
// The board is the platform's: GET /api/v1/deals/groups?groupBy=stageId&pipelineId=….
import { z } from 'zod';
import { apiRecord } from './records.ts';
import { namedRef, uuid } from './shared.ts';

export const stageKindValues = ['open', 'won', 'lost'] as const;
export const forecastCategoryValues = ['pipeline', 'bestCase', 'commit', 'closed', 'omitted'] as const;

export const stageInput = z.strictObject({
  id: uuid.optional().describe('An existing stage of this pipeline (kept, its deals with it); none: a new stage'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  probability: z.number().int('must be a whole number').min(0).max(100),
  kind: z.enum(stageKindValues).default('open'),
  forecastCategory: z.enum(forecastCategoryValues).nullable().optional(),
  rottingDays: z.number().int().min(1).max(3650).nullable().optional(),
  requiredFields: z.array(z.string().max(100)).max(50).optional(),
});
export type StageInput = z.input<typeof stageInput>;

export const stagesInput = z.strictObject({
  stages: z
    .array(stageInput)
    .min(1, 'a pipeline needs at least one stage')
    .max(30)
    .describe('Every stage of the pipeline, in order: stages left out are deleted (refused while deals are in them)'),
});

export const stageList = z.object({ data: z.array(apiRecord).describe('The stages, in order') });

export const stageVisit = z.object({
  stageId: z.string(),
  stage: z.string().nullable().describe("The stage's name"),
  pipelineId: z.string(),
  enteredAt: z.string(),
  leftAt: z.string().nullable().describe('null: still there'),
  days: z.number().describe('Time spent there (until now for the current stage), in days'),
  movedBy: namedRef.nullable(),
});
export type StageVisit = z.infer<typeof stageVisit>;
export const stageHistory = z.object({ data: z.array(stageVisit).describe('Oldest first') });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)');
export const flowQuery = z.strictObject({
  from: isoDate.optional().describe('Moves into a stage from this day (default: a year ago)'),
  to: isoDate.optional().describe('…until before this day (default: tomorrow)'),
});

export const stageFlow = z.object({
  stageId: z.string(),
  name: z.string(),
  kind: z.enum(stageKindValues),
  entered: z.number().describe('Deals that entered the stage in the period'),
  advanced: z.number().describe('…and later moved on to a later stage or won'),
  lost: z.number().describe('…and were then lost'),
  conversion: z.number().nullable().describe('advanced / entered (null when none entered)'),
  medianDays: z.number().nullable().describe('Median days in the stage of the deals that left it'),
});
export type StageFlow = z.infer<typeof stageFlow>;
export const pipelineFlow = z.object({
  pipelineId: z.string(),
  from: z.string(),
  to: z.string(),
  stages: z.array(stageFlow),
});
export type PipelineFlow = z.infer<typeof pipelineFlow>;
