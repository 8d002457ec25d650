// The quotes module: the quote's lists, forms and page are the platform's; it adds the lines
// editor with its actions on a quote's page, "Create quote" on a deal's, Settings → Quotes and
// the customer's public page (routed in app/router.tsx, outside the app's chrome).
import { IconFileInvoice } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { QuotePanel } from './quote-panel';
import { quotesApi } from './quotes-api';
import { QuotesSettingsPage } from './quotes-settings-page';

export const quotesModule: WebModule = {
  name: 'quotes',
  detailPanels: [{ id: 'quote-lines', appliesTo: (meta) => meta.name === 'quote', component: QuotePanel }],
  recordActions: [
    {
      id: 'deal-create-quote',
      label: 'Create quote',
      icon: IconFileInvoice,
      appliesTo: ({ meta, record }) => meta.name === 'deal' && !record.deletedAt,
      run: async ({ record }) => {
        const made = await quotesApi.fromDeal(record.id);
        window.location.assign(`/quotes/${made.quote.id}`);
      },
    },
  ],
  settingsPages: [
    { id: 'quotes', label: 'Quotes', icon: IconFileInvoice, adminOnly: true, component: QuotesSettingsPage },
  ],
};
