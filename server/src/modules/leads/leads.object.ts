// Leads: people who showed interest and are not yet customers (issue 13). Captured from the UI,
// the API, imports and the public web-to-lead form; assigned by rules and scored by rules as they
// are written (leads.hooks.ts). List, board by status, detail page and timeline are the platform's.
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { industries } from '../companies/companies.object.ts';
import { leadHooks } from './leads.hooks.ts';

export const leadSourceOptions = [
  { value: 'website', label: 'Website' },
  { value: 'referral', label: 'Referral' },
  { value: 'social', label: 'Social' },
  { value: 'event', label: 'Event' },
  { value: 'coldCall', label: 'Cold call' },
  { value: 'partner', label: 'Partner' },
  { value: 'advertising', label: 'Advertising' },
  { value: 'other', label: 'Other' },
];

export const leadStatuses = [
  { value: 'new', label: 'New', color: 'blue' },
  { value: 'contacted', label: 'Contacted', color: 'yellow' },
  { value: 'qualified', label: 'Qualified', color: 'green' },
  { value: 'disqualified', label: 'Disqualified', color: 'red' },
  { value: 'converted', label: 'Converted', color: 'violet' },
];

export const leadObject = defineObject({
  name: 'lead',
  plural: 'leads',
  label: 'Lead',
  labelPlural: 'Leads',
  icon: 'user-plus',
  table: 'leads',
  titleFields: ['firstName', 'lastName'],
  subtitleField: 'email',
  // A lead with no name yet is known by its address or its company.
  title: (v) =>
    [v.firstName, v.lastName].filter((s) => typeof s === 'string' && s.trim()).join(' ') ||
    String(v.email ?? v.companyName ?? ''),
  // The hottest first: the list sorts by score on its own index.
  defaultSort: '-score',
  duplicateKeys: ['email'],
  access: access.customerData(),
  importAliases: {
    companyName: ['company', 'organisation', 'organization', 'account'],
    jobTitle: ['title', 'position'],
    postalCode: ['zip', 'postcode', 'zip code', 'postal code'],
    region: ['state', 'province', 'county'],
  },
  fields: {
    firstName: field.text({ searchable: true, list: true, max: 200 }),
    lastName: field.text({ searchable: true, list: true, sortable: true, max: 200 }),
    email: field.email({ searchable: true, list: true }),
    phone: field.phone({ searchable: true }),
    companyName: field.text({ label: 'Company', searchable: true, list: true, sortable: true, max: 300 }),
    jobTitle: field.text({ searchable: true, max: 200 }),
    website: field.url(),
    industry: field.select(
      industries.map((v) => ({ value: v, label: v })),
      { filterable: true },
    ),
    // Named as the territories module matches them.
    country: field.text({ max: 200, filterable: true }),
    region: field.text({ label: 'State / region', max: 200 }),
    city: field.text({ max: 200 }),
    postalCode: field.text({ label: 'Postal code', max: 50 }),
    source: field.select(leadSourceOptions, { list: true, filterable: true }),
    status: field.select(leadStatuses, {
      list: true,
      filterable: true,
      // Converted comes only from converting (POST …/convert); disqualified needs a reason.
      sample: (n) => ['new', 'contacted', 'qualified'][n % 3],
    }),
    disqualifiedReason: field.text({ label: 'Disqualified because', max: 500 }),
    score: field.number({ integer: true, computed: true, list: true, sortable: true }),
    description: field.longText({ label: 'Message', searchable: true }),
    utmSource: field.text({ label: 'UTM source', max: 200, filterable: true }),
    utmMedium: field.text({ label: 'UTM medium', max: 200 }),
    utmCampaign: field.text({ label: 'UTM campaign', max: 200, filterable: true }),
    utmTerm: field.text({ label: 'UTM term', max: 200 }),
    utmContent: field.text({ label: 'UTM content', max: 200 }),
    referrer: field.text({ max: 2000 }),
    landingPage: field.text({ label: 'Landing page', max: 2000 }),
    // Kept by the server: the time as the lead enters Converted; the records by conversion (a later piece).
    convertedAt: field.datetime({ label: 'Converted', computed: true }),
    convertedContactId: field.relation('contact', { label: 'Converted to contact', computed: true }),
    convertedCompanyId: field.relation('company', { label: 'Converted to company', computed: true }),
    convertedDealId: field.relation('deal', { label: 'Converted to deal', computed: true }),
    // By the territories' rules, from the lead's country, region, city, postal code and industry.
    territoryId: field.relation('territory', { label: 'Territory', computed: true }),
    ownerId: field.owner(),
  },
  // A rep's (or team's) leads under the score order, and the board's columns (status, then score).
  indexes: [
    ['ownerId', 'score'],
    ['status', 'score'],
  ],
  hooks: leadHooks,
});
