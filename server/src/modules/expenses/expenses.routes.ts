// Expenses' routes beyond the registry's /api/v1/expenses ones: the dashboard's totals, submitting
// an expense for approval (the decision is the approvals routes'), and marking it reimbursed.
import { expenseParams, expenseSummary, expenseSummaryQuery } from '@kith/common/api/expenses';
import { apiRecord } from '@kith/common/api/records';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { reimburseExpense, submitExpense } from './expense-approval.ts';
import { expenseSummary as readSummary } from './expense-summary.service.ts';

const tags = ['expenses'];
const errors = { 400: apiError, 403: apiError, 404: apiError, 409: apiError };

export function expensesRoutes({ app, ctxOf }: ModuleDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/expenses/summary',
    {
      schema: {
        tags,
        summary: 'Expense totals of a period by rep or category, in the company currency (what you may see)',
        querystring: expenseSummaryQuery,
        response: { 200: expenseSummary, 400: apiError, 403: apiError },
      },
    },
    async (request) => readSummary(ctxOf(request), request.query),
  );

  r.post(
    '/api/v1/expenses/:id/submit',
    {
      schema: {
        tags,
        summary: "Submit a draft (or rejected) expense for the rep's manager's approval; it is locked meanwhile",
        params: expenseParams,
        response: { 200: apiRecord, ...errors },
      },
    },
    async (request) => submitExpense(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/expenses/:id/reimburse',
    {
      schema: {
        tags,
        summary: 'Mark an approved expense paid back (managers)',
        params: expenseParams,
        response: { 200: apiRecord, ...errors },
      },
    },
    async (request) => reimburseExpense(ctxOf(request), request.params.id),
  );
}
