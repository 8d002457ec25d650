import type { KithModule } from '../../platform/module.ts';
import { accountsRoutes } from './accounts.routes.ts';

/** Users, teams, roles, invitations, API keys and the profile. */
export const usersModule: KithModule = {
  name: 'users',
  routes: ({ app, ctxOf, db, registry, jobs, now, settings, secureCookies }) =>
    accountsRoutes(app, { ctxOf, db, registry, jobs, now, settings, secureCookies }),
};
