// The deals module: the board, list and forms are the platform's (the board's columns are a
// pipeline's stages); it adds the stage path on a deal's page, rotting marks on cards and
// Settings → Pipelines.
import { IconTimeline } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { DealPath } from './deal-path';
import { PipelinesPage } from './pipelines-page';
import { RottingBadge } from './rotting-badge';

export const dealsModule: WebModule = {
  name: 'deals',
  detailPanels: [{ id: 'deal-path', appliesTo: (meta) => meta.name === 'deal', component: DealPath }],
  cardBadges: [
    {
      id: 'deal-rotting',
      appliesTo: (meta) => meta.name === 'deal',
      fields: ['stageEnteredAt'],
      component: RottingBadge,
    },
  ],
  settingsPages: [{ id: 'pipelines', label: 'Pipelines', icon: IconTimeline, component: PipelinesPage }],
};
