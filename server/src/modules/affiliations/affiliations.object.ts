// A contact's ties to companies beyond the one they work for (companyId on the contact): a board
// seat, an adviser, a former employee, a consultant. A junction (many-to-many with a role), as
// HubSpot's labelled associations are: both records show it in their related lists.
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';

export const affiliationRoles = [
  { value: 'employee', label: 'Employee', color: 'blue' },
  { value: 'former-employee', label: 'Former employee', color: 'gray' },
  { value: 'board-member', label: 'Board member', color: 'violet' },
  { value: 'advisor', label: 'Advisor', color: 'teal' },
  { value: 'consultant', label: 'Consultant', color: 'orange' },
  { value: 'investor', label: 'Investor', color: 'green' },
  { value: 'partner', label: 'Partner', color: 'cyan' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export const affiliationObject = defineObject({
  name: 'affiliation',
  plural: 'affiliations',
  label: 'Affiliation',
  labelPlural: 'Affiliations',
  icon: 'link',
  table: 'affiliations',
  titleFields: [],
  junction: ['contactId', 'companyId'],
  // Reps see every link whose two ends they may read (the rows have no owner of their own).
  access: access.customerData('all'),
  importAliases: { contactId: ['contact', 'person'], companyId: ['company', 'organization'] },
  fields: {
    contactId: field.relation('contact', { label: 'Contact', required: true, list: true, onDelete: 'cascade' }),
    companyId: field.relation('company', { label: 'Company', required: true, list: true, onDelete: 'cascade' }),
    role: field.select(affiliationRoles, { list: true, filterable: true }),
    since: field.date({ list: true }),
    until: field.date(),
    note: field.text({ max: 500 }),
  },
});
