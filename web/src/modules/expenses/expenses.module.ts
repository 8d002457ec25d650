// Expenses: the registry gives their list, form and page (receipts in the files panel); this adds
// the two moves a rep and a manager make on an expense's page — submit it for approval (the
// approvals banner then shows who decides), and mark an approved one reimbursed.
import type { ApiRecord } from '@kith/common/api/records';
import { notifications } from '@mantine/notifications';
import { IconCash, IconSend } from '@tabler/icons-react';
import { api } from '../../platform/api';
import type { WebModule } from '../../platform/extensions';

const isExpense = (name: string) => name === 'expense';

export const expensesModule: WebModule = {
  name: 'expenses',
  recordActions: [
    {
      id: 'expense-submit',
      label: 'Submit for approval',
      icon: IconSend,
      appliesTo: ({ meta, record }) =>
        isExpense(meta.name) &&
        meta.permissions.update &&
        ['draft', 'rejected', null, undefined].includes(record.status as string),
      run: async ({ record }) => {
        await api.post<ApiRecord>(`/expenses/${record.id}/submit`);
        notifications.show({ color: 'teal', message: 'Submitted: your manager is asked to approve it' });
      },
    },
    {
      id: 'expense-reimburse',
      label: 'Mark reimbursed',
      icon: IconCash,
      appliesTo: ({ meta, record }) => isExpense(meta.name) && meta.permissions.update && record.status === 'approved',
      run: async ({ record }) => {
        await api.post<ApiRecord>(`/expenses/${record.id}/reimburse`);
        notifications.show({ color: 'teal', message: 'Marked reimbursed' });
      },
    },
  ],
};
