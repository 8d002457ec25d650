import type { KithModule } from '../../platform/module.ts';
import { createStorage } from '../files/files.module.ts';
import { organizationRoutes } from './organization.routes.ts';

/** The organisation's details and logo, printed on its documents (quotes). */
export const organizationModule: KithModule = {
  name: 'organization',
  routes: async (deps) => {
    const storage = createStorage(deps.settings);
    deps.app.addHook('onClose', () => storage.close?.());
    await organizationRoutes(deps, storage);
  },
};
