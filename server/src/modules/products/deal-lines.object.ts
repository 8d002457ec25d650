// Products on a deal: one row per line (a product may sit on a deal twice, at two prices). The
// price comes from the line's price book unless the rep gives one, the tax rate from the product;
// net, tax and total are the pricing maths' (pricing.ts), and, when the deal says so, its amount
// is the sum of its lines' net (deal-lines.rules.ts).
import { access, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { dealLineHooks } from './deal-lines.rules.ts';

export const dealLineObject = defineObject({
  name: 'dealLine',
  plural: 'deal-lines',
  label: 'Deal line',
  labelPlural: 'Deal lines',
  icon: 'package',
  table: 'deal_lines',
  titleFields: ['name'],
  defaultSort: 'position',
  navigation: false,
  globalSearch: false,
  // As a deal's contacts: whoever works on deals edits their lines.
  access: access.customerData('all'),
  fields: {
    dealId: field.relation('deal', { label: 'Deal', required: true, list: true, onDelete: 'cascade', partOf: true }),
    productId: field.relation('product', { label: 'Product', required: true, list: true, onDelete: 'cascade' }),
    // The product's name when the line was written: the line keeps reading right if it is renamed.
    name: field.text({ computed: true, searchable: true, max: 300 }),
    // Defaults to the deal's price book, else the default book of the deal's currency.
    priceBookId: field.relation('priceBook', { label: 'Price book' }),
    quantity: field.number({ required: true, list: true, min: 0, sample: (n) => 1 + (n % 5) }),
    // Defaults to the product's price in the line's book.
    unitPrice: field.currency({ label: 'Unit price', list: true, min: 0 }),
    discountPercent: field.number({ label: 'Discount (%)', list: true, min: 0, defaultValue: 0, sample: () => 0 }),
    // Defaults to the product's tax rate (else the default rate).
    taxPercent: field.number({ label: 'Tax (%)', min: 0, sample: () => 0 }),
    net: field.currency({ computed: true, list: true, label: 'Net' }),
    tax: field.currency({ computed: true, label: 'Tax' }),
    total: field.currency({ computed: true, list: true, label: 'Total' }),
    position: field.number({ integer: true, min: 0, sortable: true, sample: (n) => n }),
    description: field.text({ max: 1000 }),
  },
  // A deal's lines in order.
  indexes: [['dealId', 'position']],
  // A product added to a deal or changed on it shows on the deal's timeline.
  timelineChanges: ['dealId'],
  hooks: dealLineHooks,
});
