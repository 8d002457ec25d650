import type { KithModule } from '../../platform/module.ts';
import { orderLineObject, orderObject } from './orders.object.ts';
import { ordersRoutes } from './orders.routes.ts';

/** Orders and their lines; a customer's purchase history. Lists, forms, import and export come from the platform. */
export const ordersModule: KithModule = {
  name: 'orders',
  objects: [orderObject, orderLineObject],
  routes: ordersRoutes,
};
