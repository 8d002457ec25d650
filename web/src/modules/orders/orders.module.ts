// The orders module: lists, forms and the order's page are the platform's; it adds the order's
// lines, status steps and totals on its page, and a customer's purchase history to company and
// contact pages.
import type { WebModule } from '../../platform/extensions';
import { OrderPanel } from './order-panel';
import { PurchaseHistoryPanel } from './purchase-history';

export const ordersModule: WebModule = {
  name: 'orders',
  detailPanels: [
    // Across the page, under its title: the lines need the width.
    { id: 'order-lines', appliesTo: (meta) => meta.name === 'order', component: OrderPanel, placement: 'top' },
    {
      id: 'purchase-history',
      appliesTo: (meta) => meta.name === 'company' || meta.name === 'contact',
      component: PurchaseHistoryPanel,
    },
  ],
};
