import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';

export const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'];
export const industries = [
  'Agriculture',
  'Automotive',
  'Banking',
  'Construction',
  'Consulting',
  'Education',
  'Energy',
  'Entertainment',
  'Food & beverage',
  'Government',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Logistics',
  'Manufacturing',
  'Media',
  'Non-profit',
  'Pharmaceuticals',
  'Real estate',
  'Retail',
  'Software',
  'Telecommunications',
  'Other',
];
export const leadSources = [
  'website',
  'referral',
  'event',
  'advertising',
  'partner',
  'cold outreach',
  'social',
  'import',
  'other',
];

export const companyObject = defineObject({
  name: 'company',
  plural: 'companies',
  label: 'Company',
  labelPlural: 'Companies',
  icon: 'building',
  table: 'companies',
  titleFields: ['name'],
  subtitleField: 'domain',
  defaultSort: 'title',
  duplicateKeys: ['domain'],
  access: access.customerData(),
  fields: {
    name: field.text({ required: true, searchable: true, list: true, filterable: true, max: 300 }),
    domain: field.text({ searchable: true, list: true, max: 255 }),
    website: field.url(),
    industry: field.select(
      industries.map((v) => ({ value: v, label: v })),
      { list: true, sortable: true, filterable: true },
    ),
    size: field.select(
      companySizes.map((v) => ({ value: v, label: `${v} employees` })),
      { label: 'Size', list: true, sortable: true, filterable: true },
    ),
    employees: field.number({ integer: true, sortable: true, filterable: true }),
    annualRevenue: field.currency({ sortable: true, filterable: true }),
    phone: field.phone({ searchable: true }),
    city: field.text({ list: true, max: 200 }),
    country: field.text({ list: true, max: 200, sortable: true, filterable: true }),
    source: field.select(leadSources, { filterable: true }),
    description: field.longText({ searchable: false }),
    tags: field.tags({ filterable: true }),
    addresses: field.addressList(),
    ownerId: field.owner(),
    // Set by rule from the location (modules/territories); a relation, so indexed and filterable.
    territoryId: field.relation('territory', { label: 'Territory', computed: true, list: true }),
  },
});
