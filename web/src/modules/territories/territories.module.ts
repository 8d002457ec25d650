// Territories in the web app: Settings → Territories (the tree, its criteria and people, and
// re-running assignment). A record's territory shows through the generic pages (a relation field).
import { IconMap2 } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { TerritoriesPage } from './territories-page';

export const territoriesModule: WebModule = {
  name: 'territories',
  settingsPages: [{ id: 'territories', label: 'Territories', icon: IconMap2, component: TerritoriesPage }],
};
