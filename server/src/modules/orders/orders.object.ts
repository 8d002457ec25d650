// Orders: what a customer bought, line by line, from one price book (its currency is the book's).
// Most come from an accepted quote (order-from-quote.ts); a rep may also write one by hand. The
// number, currency, totals and the dates of each step are the server's (order-rules.ts); the
// status moves only along the order's life (draft → confirmed → fulfilled → invoiced → paid, or
// cancelled before it is invoiced). A company's and a contact's orders are their purchase history.
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { orderLineHooks } from './order-lines.hooks.ts';
import { orderHooks } from './order-rules.ts';
import { orderStatuses } from './order-statuses.ts';

/** "SO-2026-0001 · Website relaunch" */
export const orderTitle = (v: Record<string, unknown>) =>
  [v.number, v.name ? `· ${v.name}` : null].filter(Boolean).join(' ');

export const orderObject = defineObject({
  name: 'order',
  plural: 'orders',
  label: 'Order',
  labelPlural: 'Orders',
  icon: 'order',
  table: 'orders',
  titleFields: ['number', 'name'],
  title: orderTitle,
  subtitleField: 'companyId',
  defaultSort: '-orderedAt',
  access: access.customerData(),
  importAliases: { number: ['order number', 'order no', 'order #'], orderedAt: ['order date', 'date'] },
  fields: {
    // Server-assigned ("SO-2026-0001"); an import may bring the numbers of the system it leaves.
    number: field.text({ required: true, computed: true, searchable: true, list: true, sortable: true, max: 40 }),
    name: field.text({ searchable: true, list: true, max: 300 }),
    // Registry-wide tests write lines on their sample orders: drafts, as a new order is.
    status: field.select(orderStatuses, { list: true, filterable: true, defaultValue: 'draft', sample: () => 'draft' }),
    orderedAt: field.date({ label: 'Ordered', list: true, sortable: true }),
    companyId: field.relation('company', { label: 'Company', list: true }),
    contactId: field.relation('contact', { label: 'Contact', list: true }),
    dealId: field.relation('deal', { label: 'Deal' }),
    // The accepted quote it was made from (order-from-quote.ts).
    quoteId: field.relation('quote', { label: 'Quote', computed: true }),
    priceBookId: field.relation('priceBook', { label: 'Price book', required: true }),
    currency: field.text({ computed: true, max: 3 }),
    discountPercent: field.number({ label: 'Overall discount (%)', min: 0, sample: (n) => n % 20 }),
    subtotal: field.currency({ computed: true }),
    discountTotal: field.currency({ computed: true, label: 'Discounts' }),
    taxTotal: field.currency({ computed: true, label: 'Tax' }),
    total: field.currency({ computed: true, list: true, sortable: true }),
    notes: field.longText({ searchable: true }),
    confirmedAt: field.datetime({ label: 'Confirmed', computed: true }),
    fulfilledAt: field.datetime({ label: 'Fulfilled', computed: true }),
    invoicedAt: field.datetime({ label: 'Invoiced', computed: true }),
    paidAt: field.datetime({ label: 'Paid', computed: true }),
    cancelledAt: field.datetime({ label: 'Cancelled', computed: true }),
    ownerId: field.owner(),
  },
  unique: [['number']],
  indexes: [
    // Purchase history: a company's or a contact's orders, newest first, and their sums by
    // currency and status read from the index alone (purchase-history.service.ts).
    { keys: ['companyId', 'orderedAt'], include: ['status', 'total'] },
    { keys: ['contactId', 'orderedAt'], include: ['status', 'total'] },
  ],
  // Confirmed, paid, shipped: on its company's, contact's and deal's timelines.
  timelineChanges: ['companyId', 'contactId', 'dealId'],
  hooks: orderHooks,
});

export const orderLineObject = defineObject({
  name: 'orderLine',
  plural: 'order-lines',
  label: 'Order line',
  labelPlural: 'Order lines',
  icon: 'list',
  table: 'order_lines',
  titleFields: ['description'],
  defaultSort: 'position',
  navigation: false,
  globalSearch: false,
  access: access.customerData(),
  fields: {
    // A part of its order: the order's page shows its lines in the orders module's own panel.
    orderId: field.relation('order', {
      label: 'Order',
      required: true,
      list: true,
      onDelete: 'cascade',
      partOf: true,
    }),
    position: field.number({ integer: true, sortable: true, min: 0, sample: (n) => n }),
    productId: field.relation('product', { label: 'Product', list: true }),
    description: field.text({ list: true, max: 2000, sample: (n) => `Line ${n}` }),
    quantity: field.number({ required: true, list: true, min: 0, sample: (n) => (n % 9) + 1 }),
    unitPrice: field.currency({ label: 'Unit price', list: true, min: 0 }),
    discountPercent: field.number({ label: 'Discount (%)', min: 0, sample: (n) => n % 30 }),
    taxPercent: field.number({ label: 'Tax (%)', min: 0, sample: (n) => [0, 7, 19, 20][n % 4] }),
    net: field.currency({ computed: true, list: true }),
    tax: field.currency({ computed: true }),
    total: field.currency({ computed: true, list: true }),
  },
  indexes: [['orderId', 'position']],
  // A line added or changed shows on its order's timeline.
  timelineChanges: ['orderId'],
  hooks: orderLineHooks,
});
