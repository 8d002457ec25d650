import type { KithModule } from '../../platform/module.ts';
import { exportsRoutes } from './exports.routes.ts';

/** CSV export of any object's list, streamed. */
export const exportsModule: KithModule = { name: 'exports', routes: ({ app, ctxOf }) => exportsRoutes(app, ctxOf) };
