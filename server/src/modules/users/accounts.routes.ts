// Every accounts route: users, roles, teams, API keys, invitations, the signed-in user's own account.
import type { FastifyInstance } from 'fastify';
import { apiKeysRoutes } from './api-keys.routes.ts';
import { invitationsRoutes } from './invitations.routes.ts';
import { profileRoutes } from './profile.routes.ts';
import { rolesRoutes } from './roles.routes.ts';
import { teamsRoutes } from './teams.routes.ts';
import { usersRoutes } from './users.routes.ts';
import type { AccountsDeps } from './users.shared.ts';

export type { AccountsDeps } from './users.shared.ts';

export function accountsRoutes(app: FastifyInstance, deps: AccountsDeps) {
  usersRoutes(app, deps);
  rolesRoutes(app, deps);
  teamsRoutes(app, deps);
  apiKeysRoutes(app, deps);
  invitationsRoutes(app, deps);
  profileRoutes(app, deps);
}
