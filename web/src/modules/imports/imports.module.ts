// The imports module: the list of CSV imports under settings (the import wizard itself lives at
// each object's /{plural}/import).
import { IconFileImport } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { ImportsPage } from './imports-page';

export const importsModule: WebModule = {
  name: 'imports',
  settingsPages: [{ id: 'imports', label: 'Imports', icon: IconFileImport, component: ImportsPage }],
};
