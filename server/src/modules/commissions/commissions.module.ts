import type { KithModule } from '../../platform/module.ts';
import { commissionEvents } from './commissions.events.ts';
import {
  commissionCategoryRateObject,
  commissionPlanMemberObject,
  commissionPlanObject,
  commissionTierObject,
} from './commissions.object.ts';
import { commissionRoutes } from './commissions.routes.ts';

/** Commission plans and the statements they pay: what reps earn on what they win (decision 029). */
export const commissionsModule: KithModule = {
  name: 'commissions',
  objects: [commissionPlanObject, commissionTierObject, commissionCategoryRateObject, commissionPlanMemberObject],
  routes: commissionRoutes,
  events: [commissionEvents],
};
