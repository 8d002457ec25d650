import type { KithModule } from '../../platform/module.ts';
import { importsRoutes } from './imports.routes.ts';
import { registerImportWorker } from './imports.service.ts';

/** CSV import of any object: uploads, preview, and the worker that writes the rows. */
export const importsModule: KithModule = {
  name: 'imports',
  routes: async ({ app, ctxOf, settings }) => {
    await app.register(importsRoutes, { ctxOf, settings });
  },
  workers: ({ app, db, registry, jobs, settings, now }) =>
    registerImportWorker({ db, registry, jobs, settings, now, log: app.log }),
};
