import type { KithModule } from '../../platform/module.ts';
import { timelineRoutes } from './timeline.routes.ts';
import { timelineHooks } from './timeline.service.ts';

/** Notes and the history of any record; a merged record's notes follow it (a hook on every object). */
export const timelineModule: KithModule = {
  name: 'timeline',
  hooks: [{ objects: '*', hooks: timelineHooks }],
  routes: ({ app, ctxOf }) => timelineRoutes(app, ctxOf),
};
