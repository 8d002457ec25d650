// Forecasting's settings: Settings → Quotas, the grid where managers set reps' targets, and
// Settings → Exchange rates, the company currency the forecast reports in (admins).
import { IconCurrencyEuro, IconTarget } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { ExchangeRatesPage } from './exchange-rates-page';
import { QuotasPage } from './quotas-page';

export const forecastsModule: WebModule = {
  name: 'forecasts',
  settingsPages: [
    { id: 'quotas', label: 'Quotas', icon: IconTarget, component: QuotasPage },
    {
      id: 'exchange-rates',
      label: 'Exchange rates',
      icon: IconCurrencyEuro,
      adminOnly: true,
      component: ExchangeRatesPage,
    },
  ],
};
