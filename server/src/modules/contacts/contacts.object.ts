import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { leadSources } from '../companies/companies.object.ts';

export const lifecycleStages = [
  { value: 'subscriber', label: 'Subscriber', color: 'gray' },
  { value: 'lead', label: 'Lead', color: 'blue' },
  { value: 'prospect', label: 'Prospect', color: 'violet' },
  { value: 'customer', label: 'Customer', color: 'green' },
  { value: 'churned', label: 'Churned', color: 'red' },
];

export const contactObject = defineObject({
  name: 'contact',
  plural: 'contacts',
  label: 'Contact',
  labelPlural: 'Contacts',
  icon: 'user',
  table: 'contacts',
  titleFields: ['firstName', 'lastName'],
  subtitleField: 'email',
  defaultSort: 'title',
  duplicateKeys: ['email'],
  duplicateScope: 'companyId',
  access: access.customerData(),
  // Names, phones and job titles are found by search; the fields people sort and segment by are
  // indexed (decision 009 lists what each index costs an import).
  fields: {
    firstName: field.text({ searchable: true, list: true, max: 200 }),
    lastName: field.text({ searchable: true, list: true, sortable: true, max: 200 }),
    email: field.email({ label: 'Email', searchable: true, list: true, sortable: true }),
    emails: field.emailList({ label: 'Other emails', searchable: true, filterable: true }),
    phone: field.phone({ searchable: true, list: true }),
    phones: field.phoneList({ label: 'Other phones' }),
    jobTitle: field.text({ searchable: true, max: 200 }),
    companyId: field.relation('company', { label: 'Company', list: true }),
    lifecycleStage: field.select(lifecycleStages, { list: true, sortable: true }),
    source: field.select(leadSources, { filterable: true }),
    city: field.text({ max: 200 }),
    country: field.text({ max: 200, sortable: true }),
    language: field.text({ max: 50 }),
    birthday: field.date(),
    gender: field.select(['female', 'male', 'non-binary', 'undisclosed']),
    doNotContact: field.boolean({ filterable: true }),
    tags: field.tags({ list: true, filterable: true }),
    addresses: field.addressList(),
    ownerId: field.owner(),
  },
  // A rep's list by stage ("my leads"), and the board by stage, under the default sort: a column's
  // first page reads its 50 cards, not the thousand a scan of the title order passes for a rare stage.
  indexes: [
    ['ownerId', 'lifecycleStage', 'title'],
    ['lifecycleStage', 'title'],
  ],
});
