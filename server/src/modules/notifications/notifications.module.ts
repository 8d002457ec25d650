import type { KithModule } from '../../platform/module.ts';
import { digestWorker } from './digest.ts';
import { notificationsRoutes } from './notifications.routes.ts';

/** The notification centre: lists, unread counts, preferences, the email digest (platform/notifications.ts tells people). */
export const notificationsModule: KithModule = {
  name: 'notifications',
  routes: ({ app, ctxOf }) => notificationsRoutes(app, ctxOf),
  workers: digestWorker,
};
