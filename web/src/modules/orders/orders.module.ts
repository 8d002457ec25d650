// The orders module: lists, forms and the order's page are the platform's; it adds a customer's
// purchase history to company and contact pages.
import type { WebModule } from '../../platform/extensions';
import { PurchaseHistoryPanel } from './purchase-history';

export const ordersModule: WebModule = {
  name: 'orders',
  detailPanels: [
    {
      id: 'purchase-history',
      appliesTo: (meta) => meta.name === 'company' || meta.name === 'contact',
      component: PurchaseHistoryPanel,
    },
  ],
};
