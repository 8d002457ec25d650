import type { KithModule } from '../../platform/module.ts';
import { notificationsRoutes } from './notifications.routes.ts';

/** The notification centre: lists, unread counts, preferences (platform/notifications.ts tells people). */
export const notificationsModule: KithModule = {
  name: 'notifications',
  routes: ({ app, ctxOf }) => notificationsRoutes(app, ctxOf),
};
