import {
  markReadInput,
  notificationPreferences,
  notificationPreferencesPatch,
  notificationsPage,
  notificationsQuery,
} from '@kith/common/api/notifications';
import { apiError } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CtxFactory } from '../../platform/http/request-context.ts';
import { getPreferences, listNotifications, markRead, updatePreferences } from './notifications.service.ts';

export function notificationsRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];

  r.get(
    '/api/v1/notifications',
    {
      schema: {
        tags,
        summary: "The caller's notifications, newest first, with the unread count",
        querystring: notificationsQuery,
        response: { 200: notificationsPage, 400: apiError },
      },
    },
    async (request) => listNotifications(ctxOf(request), request.query),
  );

  r.post(
    '/api/v1/notifications/read',
    {
      schema: {
        tags,
        summary: "Mark some of the caller's notifications read ({ ids }) or all of them ({ all: true })",
        body: markReadInput,
        response: { 200: z.object({ unreadCount: z.number().int() }), 400: apiError },
      },
    },
    async (request) => markRead(ctxOf(request), request.body),
  );

  r.get(
    '/api/v1/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'What the caller is told of, per kind (in the app, by email) and how often the digest comes',
        response: { 200: notificationPreferences },
      },
    },
    async (request) => getPreferences(ctxOf(request)),
  );

  r.patch(
    '/api/v1/notifications/preferences',
    {
      schema: {
        tags,
        summary: "Change the caller's notification preferences",
        body: notificationPreferencesPatch,
        response: { 200: notificationPreferences, 400: apiError },
      },
    },
    async (request) => updatePreferences(ctxOf(request), request.body),
  );
}
