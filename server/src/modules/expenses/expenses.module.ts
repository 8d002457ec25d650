import type { KithModule } from '../../platform/module.ts';
import { expenseApprovalRule } from './expense-approval.ts';
import { expenseObject } from './expenses.object.ts';
import { expensesRoutes } from './expenses.routes.ts';

/** Sales expenses with receipts, approved by the rep's manager, summed for the sales dashboard. */
export const expensesModule: KithModule = {
  name: 'expenses',
  objects: [expenseObject],
  routes: expensesRoutes,
  approvalRules: [expenseApprovalRule],
};
