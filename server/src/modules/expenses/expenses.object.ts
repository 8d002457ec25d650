// Sales expenses (issue 14): what a rep spends against a deal or an account, with receipts (files
// module: images or PDF only), approved by the rep's manager. A registry entry — routes, lists,
// import and export, audit and permissions come from the platform; expense-rules.ts keeps the
// status in step with submit, approve, reject and reimburse (expense-approval.ts).
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { expenseHooks } from './expense-rules.ts';

export const expenseCategories = [
  { value: 'travel', label: 'Travel', color: 'blue' },
  { value: 'meals', label: 'Meals', color: 'orange' },
  { value: 'lodging', label: 'Lodging', color: 'violet' },
  { value: 'mileage', label: 'Mileage', color: 'cyan' },
  { value: 'gifts', label: 'Gifts', color: 'pink' },
  { value: 'software', label: 'Software', color: 'teal' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export const expenseStatuses = [
  { value: 'draft', label: 'Draft', color: 'gray' },
  { value: 'submitted', label: 'Submitted', color: 'blue' },
  { value: 'approved', label: 'Approved', color: 'green' },
  { value: 'rejected', label: 'Rejected', color: 'red' },
  { value: 'reimbursed', label: 'Reimbursed', color: 'teal' },
];

export const expenseObject = defineObject({
  name: 'expense',
  plural: 'expenses',
  label: 'Expense',
  labelPlural: 'Expenses',
  icon: 'receipt',
  table: 'expenses',
  titleFields: ['description'],
  subtitleField: 'companyId',
  defaultSort: '-date',
  // Reps log their own; managers see and decide everyone's; nobody else spends.
  access: {
    sales_manager: access.full(),
    sales_rep: access.full('own', ['export']),
    read_only: access.read(),
  },
  // Receipts: photos and scans, nothing else (the files module refuses other kinds).
  fileKinds: ['image', 'pdf'],
  fields: {
    description: field.text({ required: true, searchable: true, list: true, sortable: true, max: 500 }),
    date: field.date({ required: true, list: true, sortable: true }),
    amount: field.currency({ required: true, list: true, sortable: true, min: 0 }),
    category: field.select(expenseCategories, { required: true, list: true, filterable: true }),
    status: field.select(expenseStatuses, { computed: true, list: true, filterable: true }),
    dealId: field.relation('deal', { label: 'Deal', list: true }),
    companyId: field.relation('company', { label: 'Account', list: true }),
    ownerId: field.owner({ label: 'Rep' }),
    decisionNote: field.text({ label: 'Decision note', computed: true, max: 2000 }),
  },
  // The summary sums a period's expenses by rep or category.
  indexes: [{ keys: ['date'], include: ['ownerId', 'category', 'status', 'amount'] }],
  // Logged, approved, reimbursed: on its deal's and account's timelines.
  timelineChanges: ['dealId', 'companyId'],
  hooks: expenseHooks,
});
