// Leads beyond their records routes: assignment rules, scoring, engagements and web-to-lead
// settings (/api/v1/lead-assignment-rules, /api/v1/lead-scoring, /api/v1/leads/{id}/engagements,
// /api/v1/web-to-lead/settings). The public form endpoint takes a form, so it has no schema here.
import { z } from 'zod';
import { filterGroup } from './filters.ts';
import { apiRecord } from './records.ts';
import { listOf, pageOf, uuid } from './shared.ts';

// ---- assignment ----

/**
 * What a matching rule does with a new lead. A union on `kind`, so that more ways join here: the
 * territories module adds `{ kind: 'territory' }` (and its case in the server's resolveAssignee).
 */
export const assignmentAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('user'), userId: uuid }),
  z.strictObject({ kind: z.literal('roundRobin'), teamId: uuid }),
  // In turn among the reps of the lead's territory (its managers when it has no rep).
  z.strictObject({ kind: z.literal('territory') }),
]);
export type AssignmentAction = z.infer<typeof assignmentAction>;

export const assignmentRule = z.object({
  id: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  /** The list's filter JSON, evaluated against the new lead; no conditions: every lead. */
  conditions: filterGroup,
  action: assignmentAction,
  /** Who got the last lead of a round-robin rule (null: no one yet). */
  lastAssigneeId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AssignmentRule = z.infer<typeof assignmentRule>;

const ruleName = z.string().trim().min(1, 'is required').max(200);
export const assignmentRuleInput = z.strictObject({
  name: ruleName,
  enabled: z.boolean().optional(),
  conditions: filterGroup.optional(),
  action: assignmentAction,
});
export type AssignmentRuleInput = z.input<typeof assignmentRuleInput>;
export const assignmentRulePatch = z.strictObject({
  name: ruleName.optional(),
  enabled: z.boolean().optional(),
  conditions: filterGroup.optional(),
  action: assignmentAction.optional(),
});
export type AssignmentRulePatch = z.input<typeof assignmentRulePatch>;
export const assignmentRuleList = listOf(assignmentRule);
/** The rules' new order: every rule's id, first rule first. */
export const assignmentOrder = z.strictObject({ ids: z.array(uuid).max(500) });

// ---- scoring ----

export const engagementKinds = [
  'emailOpened',
  'emailClicked',
  'pageVisited',
  'formSubmitted',
  'meetingBooked',
  'webinarAttended',
] as const;
export type EngagementKind = (typeof engagementKinds)[number];
export const engagementKindLabels: Record<EngagementKind, string> = {
  emailOpened: 'Opened an email',
  emailClicked: 'Clicked a link in an email',
  pageVisited: 'Visited a page',
  formSubmitted: 'Submitted a form',
  meetingBooked: 'Booked a meeting',
  webinarAttended: 'Attended a webinar',
};

const points = z.number().int('must be a whole number').min(-1000).max(1000);
const label = z.string().trim().min(1, 'is required').max(200);

/** Points for a field value: the list's filter JSON (any field of the lead) → points. */
export const fieldScoreRule = z.strictObject({ label, conditions: filterGroup, points });
/**
 * Points for an engagement of a kind (a page visit: only URLs matching `urlPattern`, where `*` is
 * any text and a pattern without `*` matches anywhere in the URL: "/pricing").
 */
export const engagementScoreRule = z.strictObject({
  label,
  kind: z.enum(engagementKinds),
  urlPattern: z.string().trim().min(1).max(500).nullable().optional(),
  points,
});

export const scoringInput = z.strictObject({
  /** Engagement points halve every this many days; 0: they never decay. */
  halfLifeDays: z.number().int('must be a whole number of days').min(0).max(3650),
  fieldRules: z.array(fieldScoreRule).max(100),
  engagementRules: z.array(engagementScoreRule).max(100),
});
export type ScoringInput = z.input<typeof scoringInput>;

export const rescoreProgress = z.object({
  status: z.enum(['idle', 'queued', 'running', 'done']),
  done: z.number().int(),
  total: z.number().int().nullable(),
  finishedAt: z.string().nullable(),
});
export type RescoreProgress = z.infer<typeof rescoreProgress>;

export const scoring = z.object({
  halfLifeDays: z.number().int(),
  fieldRules: z.array(fieldScoreRule),
  engagementRules: z.array(engagementScoreRule),
  /** Scores are worked out again after a change of the rules: how far that is. */
  rescore: rescoreProgress,
});
export type Scoring = z.infer<typeof scoring>;

// ---- engagements ----

export const engagementInput = z.strictObject({
  kind: z.enum(engagementKinds),
  /** The page visited, the link clicked… */
  url: z.string().trim().max(2000).nullable().optional(),
  /** When it happened (default: now); at most a minute ahead of the server's clock. */
  occurredAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }).optional(),
});
export type EngagementInput = z.input<typeof engagementInput>;

export const engagement = z.object({
  id: z.string(),
  kind: z.enum(engagementKinds),
  url: z.string().nullable(),
  occurredAt: z.string(),
});
export type Engagement = z.infer<typeof engagement>;
export const engagementRecorded = z.object({ engagement, score: z.number() });
export const engagementPage = pageOf(engagement);
export const engagementQuery = z.strictObject({ cursor: z.string().max(500).optional() });

// ---- web-to-lead ----

/** An origin as browsers send it: scheme, host and port, no path. */
const origin = z
  .string()
  .trim()
  .max(300)
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin such as https://www.example.com (no path)')
  .transform((s) => s.replace(/\/$/, ''));

export const webToLeadSettingsInput = z.strictObject({
  enabled: z.boolean(),
  /** Sites whose forms may post, be answered to (CORS) and be redirected back to. */
  allowedOrigins: z.array(origin).max(50),
});
export type WebToLeadSettingsInput = z.input<typeof webToLeadSettingsInput>;

export const webToLeadSettings = z.object({
  enabled: z.boolean(),
  allowedOrigins: z.array(z.string()),
  /** Where forms post: the public endpoint's full address. */
  endpoint: z.string(),
  /** The hidden field a person leaves empty and a spam robot fills. */
  honeypotField: z.string(),
  /** Field names the endpoint understands, for the form snippet. */
  fieldNames: z.array(z.string()),
  /** Submissions each address may make per minute. */
  perMinute: z.number().int(),
});
export type WebToLeadSettings = z.infer<typeof webToLeadSettings>;

export const webToLeadAccepted = z.object({ ok: z.literal(true) });

// ---- conversion ----

const newOne = z.strictObject({ use: z.literal('new') });
const existing = z.strictObject({ use: z.literal('existing'), id: uuid });

/** POST /api/v1/leads/{id}/convert: the lead becomes a contact (new or existing), a company and a deal. */
export const convertInput = z.strictObject({
  contact: z
    .union([newOne, existing])
    .default({ use: 'new' })
    .describe("A new contact from the lead's fields, or an existing one (a match from GET …/convert)"),
  company: z
    .union([newOne, existing, z.strictObject({ use: z.literal('none') })])
    .optional()
    .describe(
      "A new company from the lead's company name, an existing one, or none (default: new when the lead names one)",
    ),
  deal: z
    .strictObject({
      name: z.string().trim().min(1, 'must not be empty').max(300).optional(),
      amount: z.strictObject({ amount: z.number().int(), currency: z.string() }).optional(),
      pipelineId: uuid.optional().describe('Default: the first pipeline'),
      stageId: uuid.optional().describe("Default: the pipeline's first open stage"),
      expectedCloseDate: z.string().optional(),
    })
    .nullable()
    .default(null)
    .describe('A deal too (null: none)'),
});
export type ConvertInput = z.input<typeof convertInput>;

const match = z.object({ id: z.string(), title: z.string(), reason: z.string() });
export const conversionMatches = z.object({
  contacts: z.array(match).describe('Contacts the reader may see that look like the lead (same email, similar name)'),
  companies: z.array(match).describe("Companies like the lead's (same domain, similar name)"),
});
export type ConversionMatches = z.infer<typeof conversionMatches>;

export const conversionResult = z.object({
  lead: apiRecord,
  contact: apiRecord,
  company: apiRecord.nullable(),
  deal: apiRecord.nullable(),
});
export type ConversionResult = z.infer<typeof conversionResult>;
