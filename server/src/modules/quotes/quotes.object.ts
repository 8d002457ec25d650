// Quotes: what a customer is offered, line by line, from one price book (its currency is the
// book's). Totals, status, number and version are the server's (quote-rules.ts, quote-totals.ts);
// a quote's lines are records of their own (quoteLine), never a JSON blob.
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { quoteLineHooks } from './quote-lines.hooks.ts';
import { quoteHooks } from './quote-rules.ts';

export const quoteStatuses = [
  { value: 'draft', label: 'Draft', color: 'gray' },
  { value: 'pendingApproval', label: 'Waiting for approval', color: 'yellow' },
  { value: 'approved', label: 'Approved', color: 'teal' },
  { value: 'sent', label: 'Sent', color: 'blue' },
  { value: 'accepted', label: 'Accepted', color: 'green' },
  { value: 'declined', label: 'Declined', color: 'red' },
  { value: 'expired', label: 'Expired', color: 'orange' },
  { value: 'superseded', label: 'Superseded', color: 'gray' },
];
export type QuoteStatus =
  | 'draft'
  | 'pendingApproval'
  | 'approved'
  | 'sent'
  | 'accepted'
  | 'declined'
  | 'expired'
  | 'superseded';

/** "Q-2026-0001 v2 · Website relaunch" */
export const quoteTitle = (v: Record<string, unknown>) =>
  [v.number, Number(v.version ?? 1) > 1 ? `v${v.version}` : null, v.name ? `· ${v.name}` : null]
    .filter(Boolean)
    .join(' ');

export const quoteObject = defineObject({
  name: 'quote',
  plural: 'quotes',
  label: 'Quote',
  labelPlural: 'Quotes',
  icon: 'quote',
  table: 'quotes',
  titleFields: ['number', 'name'],
  title: quoteTitle,
  subtitleField: 'companyId',
  defaultSort: '-createdAt',
  access: access.customerData(),
  fields: {
    // Server-assigned, the same for every version of a quote ("Q-2026-0001").
    number: field.text({ required: true, computed: true, searchable: true, list: true, sortable: true, max: 40 }),
    name: field.text({ required: true, searchable: true, list: true, max: 300 }),
    status: field.select(quoteStatuses, { computed: true, required: true, list: true, filterable: true }),
    dealId: field.relation('deal', { label: 'Deal', list: true }),
    companyId: field.relation('company', { label: 'Company', list: true }),
    contactId: field.relation('contact', { label: 'Contact' }),
    priceBookId: field.relation('priceBook', { label: 'Price book', required: true }),
    currency: field.text({ computed: true, max: 3 }),
    validUntil: field.date({ label: 'Valid until', list: true, sortable: true }),
    discountPercent: field.number({ label: 'Overall discount (%)', min: 0, sample: (n) => n % 50 }),
    subtotal: field.currency({ computed: true }),
    discountTotal: field.currency({ computed: true, label: 'Discounts' }),
    taxTotal: field.currency({ computed: true, label: 'Tax' }),
    total: field.currency({ computed: true, list: true, sortable: true }),
    averageDiscountPercent: field.number({ computed: true, label: 'Average discount (%)' }),
    terms: field.longText(),
    version: field.number({ integer: true, required: true, computed: true }),
    // Every version points at the first (the group) and at the one it replaced.
    firstVersionId: field.relation('quote', { label: 'First version', computed: true, filterable: true }),
    previousVersionId: field.relation('quote', { label: 'Previous version', computed: true, filterable: false }),
    approvalComment: field.text({ label: 'Approver\u2019s comment', computed: true, max: 2000 }),
    sentAt: field.datetime({ label: 'Sent', computed: true }),
    acceptedBy: field.text({ label: 'Accepted by', computed: true, max: 200 }),
    decidedAt: field.datetime({ label: 'Accepted or declined', computed: true }),
    declineReason: field.text({ label: 'Why declined', computed: true, max: 2000 }),
    ownerId: field.owner(),
  },
  unique: [['number', 'version']],
  // Made, sent, accepted: on its deal's, company's and contact's timelines.
  timelineChanges: ['dealId', 'companyId', 'contactId'],
  hooks: quoteHooks,
});

export const quoteLineObject = defineObject({
  name: 'quoteLine',
  plural: 'quote-lines',
  label: 'Quote line',
  labelPlural: 'Quote lines',
  icon: 'list',
  table: 'quote_lines',
  titleFields: ['description'],
  // A line may leave its description to its product's name (set by its hook, before the title is written).
  title: (v) => (typeof v.description === 'string' && v.description.trim() ? v.description : 'Quote line'),
  defaultSort: 'position',
  navigation: false,
  globalSearch: false,
  access: access.customerData(),
  fields: {
    quoteId: field.relation('quote', { label: 'Quote', required: true, list: true, onDelete: 'cascade', partOf: true }),
    position: field.number({ integer: true, sortable: true, min: 0 }),
    productId: field.relation('product', { label: 'Product', list: true }),
    description: field.text({ list: true, max: 2000, sample: (n) => `Line ${n}` }),
    quantity: field.number({ required: true, list: true, min: 0, sample: (n) => (n % 9) + 1 }),
    unitPrice: field.currency({ label: 'Unit price', list: true, min: 0 }),
    discountPercent: field.number({ label: 'Discount (%)', min: 0, sample: (n) => n % 30 }),
    taxPercent: field.number({ label: 'Tax (%)', min: 0, sample: (n) => [0, 7, 19, 20][n % 4] }),
    net: field.currency({ computed: true, list: true }),
    tax: field.currency({ computed: true }),
    total: field.currency({ computed: true, list: true }),
    // Always the quote's owner (kept so by its pricing): a line is seen and changed by whoever may
    // see and change its quote, in lists too.
    ownerId: field.owner(),
  },
  indexes: [['quoteId', 'position']],
  // A line added or changed shows on its quote's timeline.
  timelineChanges: ['quoteId'],
  hooks: quoteLineHooks,
});
