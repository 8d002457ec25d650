// The signed-in user's own account: /api/v1/me, the avatar, the password, the sessions.
// Changes need a signed-in session: an API key acts for integrations, not as its maker's profile.
import fastifyMultipart from '@fastify/multipart';
import { signedInUser } from '@kith/common/api/auth';
import { passwordChange, profilePatch, sessionInfo } from '@kith/common/api/profile';
import { apiError, listOf } from '@kith/common/api/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { RateLimiter } from '../../platform/auth/rate-limit.ts';
import { AppError, forbidden, invalid } from '../../platform/errors.ts';
import { sessionCookie } from '../../platform/http/request-context.ts';
import { avatarMaxBytes, avatarName, readAvatar, saveAvatar } from './avatars.service.ts';
import { changePassword, getProfile, listSessions, revokeSession, updateProfile } from './profile.service.ts';
import { type AccountsDeps, idParams } from './users.shared.ts';

export function profileRoutes(app: FastifyInstance, deps: AccountsDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];
  const passwordLimiter = new RateLimiter(deps.db, 'password-change', 10, 15 * 60_000);

  /** The context plus the session this request came with (API keys are refused). */
  const sessionCtx = (request: FastifyRequest) => {
    const ctx = deps.ctxOf(request);
    if (!request.session) throw forbidden('Sign in to change your own account: API keys cannot');
    return { ctx, sessionId: request.session.sessionId };
  };

  r.get(
    '/api/v1/me',
    {
      schema: { tags, summary: 'Your profile', response: { 200: signedInUser } },
    },
    async (request) => getProfile(deps.ctxOf(request)),
  );

  r.patch(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'Change your name, time zone, language or avatar URL',
        body: profilePatch,
        response: { 200: signedInUser, 400: apiError },
      },
    },
    async (request) => updateProfile(sessionCtx(request).ctx, request.body),
  );

  r.post(
    '/api/v1/me/password',
    {
      schema: {
        tags,
        summary: 'Change your password; your other sessions are signed out',
        body: passwordChange,
        response: { 204: z.null(), 400: apiError, 429: apiError },
      },
    },
    async (request, reply) => {
      const { ctx, sessionId } = sessionCtx(request);
      await passwordLimiter.check(ctx.principal.userId as string, reply);
      await changePassword(ctx, sessionId, request.body);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/me/sessions',
    {
      schema: { tags, summary: 'Where you are signed in', response: { 200: listOf(sessionInfo) } },
    },
    async (request) => {
      const { ctx, sessionId } = sessionCtx(request);
      return { data: await listSessions(ctx, sessionId) };
    },
  );

  r.delete(
    '/api/v1/me/sessions/:id',
    {
      schema: {
        tags,
        summary: 'Sign out one of your sessions (this one too, if you choose it)',
        params: idParams,
        response: { 204: z.null(), 404: apiError },
      },
    },
    async (request, reply) => {
      const { ctx, sessionId } = sessionCtx(request);
      const { current } = await revokeSession(ctx, sessionId, request.params.id);
      if (current) reply.clearCookie(sessionCookie, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/files/avatars/:name',
    {
      schema: {
        tags,
        summary: 'An uploaded avatar image',
        params: z.strictObject({ name: z.string().max(100).regex(avatarName, 'is not an avatar file name') }),
      },
    },
    async (request, reply) => {
      deps.ctxOf(request); // signed in
      const { data, contentType } = await readAvatar(deps, request.params.name);
      return reply
        .header('content-type', contentType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'")
        .header('cache-control', 'private, max-age=31536000, immutable') // a new upload gets a new name
        .send(data);
    },
  );

  // Multipart only here, in its own scope.
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: { fileSize: avatarMaxBytes, files: 1, fields: 0, parts: 1 } });
    scope.post(
      '/api/v1/me/avatar',
      {
        bodyLimit: avatarMaxBytes + 64 * 1024,
        schema: {
          tags,
          summary: 'Upload your avatar: a PNG, JPEG, WebP or GIF of at most 2 MB, as multipart/form-data field "file"',
          consumes: ['multipart/form-data'],
          response: { 200: signedInUser, 400: apiError, 413: apiError },
        },
      },
      async (request) => {
        const { ctx } = sessionCtx(request);
        if (!request.isMultipart())
          throw invalid('file: send the image as multipart/form-data in the field "file"', { file: 'is required' });
        const file = await request.file();
        if (file?.fieldname !== 'file')
          throw invalid('file: is required (multipart/form-data field "file")', { file: 'is required' });
        let data: Buffer;
        try {
          data = await file.toBuffer();
        } catch (err) {
          if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new AppError('PAYLOAD_TOO_LARGE', 'file: an avatar may be at most 2 MB', {
              fields: { file: 'is larger than 2 MB' },
            });
          }
          throw err;
        }
        return saveAvatar(ctx, deps, data);
      },
    );
  });
}
