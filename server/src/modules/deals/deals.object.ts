// Deals: an opportunity moving through the stages of one pipeline. The stage decides the status
// (open, won, lost), the probability, the weighted amount and the forecast category (deal-rules.ts);
// the board by stage is the platform's board, its columns the pipeline's stages (`within`), its
// counts and sums kept by the database (`keepCounts`, decision 012).
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { leadSources } from '../companies/companies.object.ts';
import { dealHooks } from './deal-rules.ts';
import { forecastCategories, stageKinds } from './pipelines.object.ts';

export const lostReasons = [
  { value: 'price', label: 'Price' },
  { value: 'competitor', label: 'Went with a competitor' },
  { value: 'noBudget', label: 'No budget' },
  { value: 'noDecision', label: 'No decision' },
  { value: 'timing', label: 'Timing' },
  { value: 'productFit', label: 'Product fit' },
  { value: 'unresponsive', label: 'Went dark' },
  { value: 'other', label: 'Other' },
];

export const dealContactRoles = [
  { value: 'decisionMaker', label: 'Decision maker', color: 'violet' },
  { value: 'economicBuyer', label: 'Economic buyer', color: 'green' },
  { value: 'champion', label: 'Champion', color: 'teal' },
  { value: 'influencer', label: 'Influencer', color: 'blue' },
  { value: 'technicalBuyer', label: 'Technical buyer', color: 'cyan' },
  { value: 'user', label: 'User', color: 'gray' },
  { value: 'blocker', label: 'Blocker', color: 'red' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export const dealObject = defineObject({
  name: 'deal',
  plural: 'deals',
  label: 'Deal',
  labelPlural: 'Deals',
  icon: 'deal',
  table: 'deals',
  titleFields: ['name'],
  subtitleField: 'companyId',
  defaultSort: '-createdAt',
  access: access.customerData(),
  importAliases: {
    name: ['deal', 'deal name', 'opportunity', 'opportunity name'],
    amount: ['value', 'deal value'],
    expectedCloseDate: ['close date', 'expected close', 'closing date'],
    stageId: ['stage', 'deal stage'],
    pipelineId: ['pipeline'],
  },
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 300 }),
    amount: field.currency({ list: true, sortable: true, min: 0 }),
    // Products on the deal (the products module's deal lines): their prices come from this book,
    // and when the rep chooses, the amount is the sum of the lines' net, kept by the server.
    priceBookId: field.relation('priceBook', { label: 'Price book' }),
    amountFromLines: field.boolean({ label: 'Amount from products' }),
    // Cascade: a pipeline or stage is deleted only when no live deal is in it (pipeline-rules.ts);
    // purging it from the bin takes the binned deals in it along.
    pipelineId: field.relation('pipeline', { label: 'Pipeline', required: true, list: true, onDelete: 'cascade' }),
    stageId: field.relation('pipelineStage', {
      label: 'Stage',
      required: true,
      list: true,
      within: 'pipelineId',
      keepCounts: true,
      onDelete: 'cascade',
    }),
    status: field.select(stageKinds, { computed: true, list: true, filterable: true }),
    expectedCloseDate: field.date({ label: 'Expected close', list: true, sortable: true }),
    companyId: field.relation('company', { label: 'Company', list: true }),
    contactId: field.relation('contact', { label: 'Main contact' }),
    probability: field.number({ integer: true, computed: true, label: 'Probability (%)' }),
    weightedAmount: field.currency({ computed: true, label: 'Weighted amount' }),
    forecastCategory: field.select(forecastCategories, {
      computed: true,
      label: 'Forecast category',
      filterable: true,
    }),
    lostReason: field.select(lostReasons, { label: 'Lost reason', filterable: true }),
    lostNote: field.text({ label: 'Why it was lost', max: 1000 }),
    source: field.select(leadSources, { filterable: true }),
    nextStep: field.text({ label: 'Next step', max: 500 }),
    description: field.longText({ searchable: true }),
    stageEnteredAt: field.datetime({ label: 'In stage since', computed: true }),
    closedAt: field.datetime({ label: 'Closed', computed: true, sortable: true }),
    // The company's territory (the territories module's rule for records with a company).
    territoryId: field.relation('territory', { label: 'Territory', computed: true }),
    ownerId: field.owner(),
  },
  indexes: [
    // A board column's first cards under the default sort: for everyone, and in a rep's scope.
    ['stageId', 'createdAt'],
    ['ownerId', 'stageId', 'createdAt'],
    // The forecast (decision 026): open deals by expected close, won deals by close date, each
    // covering what the forecast sums, so that a quarter is read from the index alone.
    {
      keys: ['status', 'expectedCloseDate'],
      include: ['ownerId', 'territoryId', 'forecastCategory', 'amount', 'weightedAmount'],
    },
    { keys: ['status', 'closedAt'], include: ['ownerId', 'territoryId', 'amount'] },
  ],
  // A stage reached, won or lost shows on its company's and main contact's timelines.
  timelineChanges: ['companyId', 'contactId'],
  hooks: dealHooks,
});

/** The people on a deal, each with their role in it (HubSpot's deal contacts, Salesforce's contact roles). */
export const dealContactObject = defineObject({
  name: 'dealContact',
  plural: 'deal-contacts',
  label: 'Deal contact',
  labelPlural: 'Deal contacts',
  icon: 'users',
  table: 'deal_contacts',
  titleFields: [],
  junction: ['dealId', 'contactId'],
  access: access.customerData('all'),
  fields: {
    dealId: field.relation('deal', { label: 'Deal', required: true, list: true, onDelete: 'cascade' }),
    contactId: field.relation('contact', { label: 'Contact', required: true, list: true, onDelete: 'cascade' }),
    role: field.select(dealContactRoles, { list: true, filterable: true }),
    note: field.text({ max: 500 }),
  },
});
