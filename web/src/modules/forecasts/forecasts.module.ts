// Forecasting's web side so far: Settings → Quotas, the grid where managers set reps' targets.
import { IconTarget } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { QuotasPage } from './quotas-page';

export const forecastsModule: WebModule = {
  name: 'forecasts',
  settingsPages: [{ id: 'quotas', label: 'Quotas', icon: IconTarget, component: QuotasPage }],
};
