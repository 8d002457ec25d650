import type { KithModule } from '../../platform/module.ts';
import { orderOnAcceptance } from './order-from-quote.ts';
import { orderLineObject, orderObject } from './orders.object.ts';
import { ordersRoutes } from './orders.routes.ts';

/**
 * Orders and their lines, made from a quote the moment it is accepted; a customer's purchase
 * history. Lists, forms, import and export come from the platform.
 */
export const ordersModule: KithModule = {
  name: 'orders',
  objects: [orderObject, orderLineObject],
  hooks: [{ objects: ['quote'], hooks: orderOnAcceptance }],
  routes: ordersRoutes,
};
