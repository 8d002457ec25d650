import type { KithModule } from '../../platform/module.ts';
import { salesReportsRoutes } from './sales-reports.routes.ts';

/** Reports across the selling modules for the Sales dashboard (products, quotes, orders, commissions); no objects of its own. */
export const salesReportsModule: KithModule = { name: 'salesReports', routes: salesReportsRoutes };
