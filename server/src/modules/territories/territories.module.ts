import type { KithModule } from '../../platform/module.ts';
import { territoryObject } from './territories.object.ts';
import { territoriesRoutes } from './territories.routes.ts';
import { takesTerritory, territoryHooks } from './territory-assign.ts';
import { reassignWorker } from './territory-reassign.ts';
import { territoryScope } from './territory-scope.ts';

/**
 * Territories: the hierarchy with its criteria and members, the territory every entry with a
 * computed territoryId takes by rule, and the job that assigns every record again after a change.
 * Roles may give the 'territory' record scope: records in the reader's territories and below them.
 */
export const territoriesModule: KithModule = {
  name: 'territories',
  objects: [territoryObject],
  // Only entries that take a territory run the hook: the others' imports keep their fast path.
  hooks: [{ objects: takesTerritory, hooks: territoryHooks }],
  routes: territoriesRoutes,
  workers: reassignWorker,
  recordScopes: [territoryScope],
};
