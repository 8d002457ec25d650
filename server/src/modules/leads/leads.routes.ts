// The leads module's routes beyond the generic /api/v1/leads ones: thin — schema, service, answer.
import {
  assignmentOrder,
  assignmentRule,
  assignmentRuleInput,
  assignmentRuleList,
  assignmentRulePatch,
  conversionMatches as conversionMatchesAnswer,
  conversionResult,
  convertInput,
  engagementInput,
  engagementPage,
  engagementQuery,
  engagementRecorded,
  scoring,
  scoringInput,
  webToLeadSettings,
  webToLeadSettingsInput,
} from '@kith/common/api/leads';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/module.ts';
import type { ResolvedObject } from '../../platform/registry/registry.ts';
import { createRule, deleteRule, listRules, reorderRules, updateRule } from './assignment.service.ts';
import { conversionMatches, convertLead } from './conversion.service.ts';
import { listEngagements, recordEngagement } from './engagements.service.ts';
import { getScoring, saveScoring } from './scoring.service.ts';
import { getWebToLeadSettings, saveWebToLeadSettings } from './web-to-lead.service.ts';

const tags = ['leads'];
const idParams = z.strictObject({ id: z.uuid('must be an id') });

export function leadsRoutes({ app, ctxOf, registry, settings }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const lead = () => registry.get('lead') as ResolvedObject;

  r.get(
    '/api/v1/lead-assignment-rules',
    {
      schema: {
        tags,
        summary: 'The lead assignment rules in the order they are tried (admins)',
        response: { 200: assignmentRuleList, 403: apiError },
      },
    },
    async (request) => ({ data: await listRules(ctxOf(request)) }),
  );

  r.post(
    '/api/v1/lead-assignment-rules',
    {
      schema: {
        tags,
        summary: 'Add an assignment rule at the end (admins): conditions as a list filter, and whom to assign',
        body: assignmentRuleInput,
        response: { 201: assignmentRule, 400: apiError, 403: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await createRule(ctxOf(request), request.body)),
  );

  r.put(
    '/api/v1/lead-assignment-rules/order',
    {
      schema: {
        tags,
        summary: 'Put the assignment rules in a new order (admins): every rule id, first first',
        body: assignmentOrder,
        response: { 200: assignmentRuleList, 400: apiError, 403: apiError },
      },
    },
    async (request) => ({ data: await reorderRules(ctxOf(request), request.body.ids) }),
  );

  r.patch(
    '/api/v1/lead-assignment-rules/:id',
    {
      schema: {
        tags,
        summary: 'Change an assignment rule (admins)',
        params: idParams,
        body: assignmentRulePatch,
        response: { 200: assignmentRule, 400: apiError, 403: apiError, 404: apiError },
      },
    },
    async (request) => updateRule(ctxOf(request), request.params.id, request.body),
  );

  r.delete(
    '/api/v1/lead-assignment-rules/:id',
    {
      schema: {
        tags,
        summary: 'Remove an assignment rule (admins)',
        params: idParams,
        response: { 204: z.null(), 403: apiError, 404: apiError },
      },
    },
    async (request, reply) => {
      await deleteRule(ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/lead-scoring',
    {
      schema: {
        tags,
        summary: 'The lead scoring rules, their decay, and how far rescoring after a change has come (admins)',
        response: { 200: scoring, 403: apiError },
      },
    },
    async (request) => getScoring(ctxOf(request)),
  );

  r.put(
    '/api/v1/lead-scoring',
    {
      schema: {
        tags,
        summary: 'Replace the lead scoring rules (admins); every lead is rescored in the background',
        body: scoringInput,
        response: { 200: scoring, 400: apiError, 403: apiError },
      },
    },
    async (request) => saveScoring(ctxOf(request), lead(), request.body),
  );

  r.get(
    '/api/v1/leads/:id/convert',
    {
      schema: {
        tags,
        summary: 'Before converting: the contacts and companies the reader may see that look like the lead',
        params: idParams,
        response: { 200: conversionMatchesAnswer, 404: apiError },
      },
    },
    async (request) => conversionMatches(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/leads/:id/convert',
    {
      schema: {
        tags,
        summary:
          'Convert a lead in one step: a contact (new or existing), its company (new, existing or none) and a deal; all or nothing',
        params: idParams,
        body: convertInput,
        response: { 200: conversionResult, 400: apiError, 403: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request) => convertLead(ctxOf(request), request.params.id, request.body),
  );

  r.get(
    '/api/v1/leads/:id/engagements',
    {
      schema: {
        tags,
        summary: "A lead's engagements (emails opened, pages visited, forms submitted…), newest first",
        params: idParams,
        querystring: engagementQuery,
        response: { 200: engagementPage, 400: apiError, 404: apiError },
      },
    },
    async (request) => listEngagements(ctxOf(request), request.params.id, request.query.cursor),
  );

  r.post(
    '/api/v1/leads/:id/engagements',
    {
      schema: {
        tags,
        summary:
          'Record what a lead did (a tracker with an API key, or a person who may change the lead); the score follows',
        params: idParams,
        body: engagementInput,
        response: { 201: engagementRecorded, 400: apiError, 403: apiError, 404: apiError },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordEngagement(ctxOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/web-to-lead/settings',
    {
      schema: {
        tags,
        summary: 'Whether the public web-to-lead endpoint takes forms, and from which sites (admins)',
        response: { 200: webToLeadSettings, 403: apiError },
      },
    },
    async (request) => getWebToLeadSettings(ctxOf(request), settings.publicUrl),
  );

  r.put(
    '/api/v1/web-to-lead/settings',
    {
      schema: {
        tags,
        summary: 'Turn the web-to-lead endpoint on or off and list the sites allowed to post to it (admins)',
        body: webToLeadSettingsInput,
        response: { 200: webToLeadSettings, 400: apiError, 403: apiError },
      },
    },
    async (request) => saveWebToLeadSettings(ctxOf(request), settings.publicUrl, request.body),
  );
}
