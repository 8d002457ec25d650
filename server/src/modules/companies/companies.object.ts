import { defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';

export const companySizes = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'];
export const industries = [
  'Agriculture', 'Automotive', 'Banking', 'Construction', 'Consulting', 'Education', 'Energy', 'Entertainment',
  'Food & beverage', 'Government', 'Healthcare', 'Hospitality', 'Insurance', 'Logistics', 'Manufacturing',
  'Media', 'Non-profit', 'Pharmaceuticals', 'Real estate', 'Retail', 'Software', 'Telecommunications', 'Other',
];
export const leadSources = ['website', 'referral', 'event', 'advertising', 'partner', 'cold outreach', 'social', 'import', 'other'];

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
  fields: {
    name: field.text({ required: true, searchable: true, list: true, max: 300 }),
    domain: field.text({ searchable: true, list: true, max: 255 }),
    website: field.url(),
    industry: field.select(industries.map((v) => ({ value: v, label: v })), { list: true }),
    size: field.select(companySizes.map((v) => ({ value: v, label: `${v} employees` })), { label: 'Size', list: true }),
    employees: field.number({ integer: true }),
    annualRevenue: field.currency(),
    phone: field.phone({ searchable: true }),
    city: field.text({ list: true, max: 200 }),
    country: field.text({ list: true, max: 200 }),
    source: field.select(leadSources),
    description: field.longText({ searchable: false }),
    tags: field.tags(),
    addresses: field.addressList(),
    ownerId: field.owner(),
  },
});
