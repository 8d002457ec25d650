import type { KithModule } from '../../platform/module.ts';
import { forecastAdjustmentObject, quotaObject } from './forecasts.object.ts';
import { forecastRoutes } from './forecasts.routes.ts';

/** Forecasting's ground: quotas per rep and period, managers' adjustments, and the projection maths. */
export const forecastsModule: KithModule = {
  name: 'forecasts',
  objects: [quotaObject, forecastAdjustmentObject],
  routes: forecastRoutes,
};
