// Invitations: admins invite by email; the invited person looks the link up and accepts it.

import { session } from '@kith/common/api/auth';
import {
  invitation,
  invitationAccept,
  invitationInput,
  invitationLookup,
  invitationLookupQuery,
} from '@kith/common/api/invitations';
import { apiError, listOf } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendSessionReply } from '../../platform/auth/auth.routes.ts';
import { RateLimiter } from '../../platform/auth/rate-limit.ts';
import { publicRoute } from '../../platform/http/request-context.ts';
import {
  acceptInvitation,
  createInvitation,
  deleteInvitation,
  listInvitations,
  lookupInvitation,
} from './invitations.service.ts';
import { type AccountsDeps, anonCtx, idParams } from './users.shared.ts';

export function invitationsRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['invitations'];
  // Links are unguessable; this only bounds the password hashing a stranger can make us do.
  const acceptLimiter = new RateLimiter(deps.db, 'invitation-accept', 30, 15 * 60_000);

  r.get(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'Invitations not yet accepted and not expired (admins)',
        response: { 200: listOf(invitation) },
      },
    },
    async (request) => ({ data: await listInvitations(deps.ctxOf(request)) }),
  );

  r.post(
    '/api/v1/invitations',
    {
      schema: {
        tags,
        summary: 'Invite someone by email with a role and teams (admins); the link is valid 7 days',
        description:
          'A new invitation to the same address replaces the pending one. 409 when a user with that email exists.',
        body: invitationInput,
        response: { 201: invitation, 400: apiError, 409: apiError },
      },
    },
    async (request, reply) => reply.status(201).send(await createInvitation(deps.ctxOf(request), request.body, deps)),
  );

  r.delete(
    '/api/v1/invitations/:id',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending invitation: its link stops working (admins)',
        params: idParams,
        response: { 204: z.null(), 404: apiError },
      },
    },
    async (request, reply) => {
      await deleteInvitation(deps.ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/invitations/lookup',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'What an invitation link is for (no sign-in needed): the email and the organisation',
        querystring: invitationLookupQuery,
        response: { 200: invitationLookup, 404: apiError },
      },
    },
    async (request) => lookupInvitation(deps.db, request.query.token, deps.now()),
  );

  r.post(
    '/api/v1/invitations/accept',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Accept an invitation: makes the account, signs in (sets the session cookie)',
        body: invitationAccept,
        response: { 200: session, 400: apiError, 409: apiError, 429: apiError },
      },
    },
    async (request, reply) => {
      await acceptLimiter.check(request.ip, reply);
      const s = await acceptInvitation(anonCtx(deps, request), request.body);
      return sendSessionReply(reply, s, deps);
    },
  );
}
