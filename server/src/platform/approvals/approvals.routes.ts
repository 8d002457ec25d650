import {
  approvalRequest,
  approvalsCount,
  approvalsPage,
  approvalsQuery,
  approveInput,
  cancelInput,
  recordApprovalsQuery,
  rejectInput,
} from '@kith/common/api/approvals';
import { apiError } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors.ts';
import type { CtxFactory } from '../http/request-context.ts';
import { cancelApproval, countMine, decideApproval, getApproval, listApprovals } from './approvals.service.ts';

const idParams = z.strictObject({ id: z.string().max(64) });

export function approvalsRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['approvals'];
  const errors = { 400: apiError, 403: apiError, 404: apiError, 409: apiError };

  r.get(
    '/api/v1/approvals',
    {
      schema: {
        tags,
        summary:
          'Approval requests, newest first: mine=true what waits for the caller, requested=true what they asked for, object+recordId one record’s',
        querystring: approvalsQuery,
        response: { 200: approvalsPage, 400: apiError, 403: apiError },
      },
    },
    async (request) => listApprovals(ctxOf(request), request.query),
  );

  r.get(
    '/api/v1/approvals/count',
    {
      schema: { tags, summary: 'How many requests wait for the caller to decide', response: { 200: approvalsCount } },
    },
    async (request) => countMine(ctxOf(request)),
  );

  r.get(
    '/api/v1/approvals/:id',
    {
      schema: {
        tags,
        summary: 'One approval request',
        params: idParams,
        response: { 200: approvalRequest, 404: apiError },
      },
    },
    async (request) => getApproval(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/approvals/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve a waiting request (a named approver or an admin); the record is unlocked',
        params: idParams,
        body: approveInput,
        response: { 200: approvalRequest, ...errors },
      },
    },
    async (request) => decideApproval(ctxOf(request), request.params.id, 'approved', request.body.comment),
  );

  r.post(
    '/api/v1/approvals/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a waiting request, saying why (a named approver or an admin); the record is unlocked',
        params: idParams,
        body: rejectInput,
        response: { 200: approvalRequest, ...errors },
      },
    },
    async (request) => decideApproval(ctxOf(request), request.params.id, 'rejected', request.body.comment),
  );

  r.post(
    '/api/v1/approvals/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Withdraw a waiting request (who asked for it, or an admin); the record is unlocked',
        params: idParams,
        body: cancelInput,
        response: { 200: approvalRequest, ...errors },
      },
    },
    async (request) => cancelApproval(ctxOf(request), request.params.id, request.body.comment),
  );

  r.get(
    '/api/v1/:plural/:id/approvals',
    {
      schema: {
        tags,
        summary: "A record's approval requests, newest first (whoever may read the record)",
        params: z.strictObject({ plural: z.string().max(100), id: z.string().max(64) }),
        querystring: recordApprovalsQuery,
        response: { 200: approvalsPage, 400: apiError, 403: apiError, 404: apiError },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const obj = ctx.registry.byPlural(request.params.plural);
      if (!obj) throw notFound(`Object type ${request.params.plural}`);
      return listApprovals(ctx, { ...request.query, object: obj.name, recordId: request.params.id });
    },
  );
}
