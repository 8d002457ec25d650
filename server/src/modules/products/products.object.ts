// The product catalogue: what is sold (products and services, each with a unit, a category and
// a tax rate) and the tax rates themselves. Catalogue data is set up by admins and managers and
// read by everyone who sells; prices live in price books (price-books.object.ts).
import type { ObjectPermission } from '@kith/common';
import { access, type BuiltinRoleKey, defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { taxRateHooks } from './catalog-rules.ts';

/** As pipelines: everyone reads the catalogue (every deal line and quote needs it); managers change it. */
export const catalogAccess: Partial<Record<BuiltinRoleKey, ObjectPermission>> = {
  sales_manager: access.full(),
  sales_rep: access.read(),
  support_agent: access.read(),
  marketing: access.read(),
  read_only: access.read(),
};

export const productUnits = [
  { value: 'each', label: 'Each' },
  { value: 'hour', label: 'Hour' },
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'year', label: 'Year' },
  { value: 'licence', label: 'Licence' },
  { value: 'seat', label: 'Seat' },
  { value: 'user', label: 'User' },
  { value: 'project', label: 'Project' },
  { value: 'pack', label: 'Pack' },
  { value: 'kg', label: 'kg' },
  { value: 'g', label: 'g' },
  { value: 'l', label: 'Litre' },
  { value: 'm', label: 'Metre' },
  { value: 'm2', label: 'm²' },
];

export const productKinds = [
  { value: 'product', label: 'Product', color: 'blue' },
  { value: 'service', label: 'Service', color: 'teal' },
  { value: 'bundle', label: 'Bundle', color: 'violet' },
];

export const productCategoryObject = defineObject({
  name: 'productCategory',
  plural: 'product-categories',
  label: 'Product category',
  labelPlural: 'Product categories',
  icon: 'category',
  table: 'product_categories',
  titleFields: ['name'],
  defaultSort: 'title',
  navigation: false,
  globalSearch: false,
  access: catalogAccess,
  // One category per name among live ones: a second "Hardware" would split the revenue reports.
  unique: [['name']],
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 200 }),
    description: field.text({ list: true, max: 1000 }),
  },
});

export const taxRateObject = defineObject({
  name: 'taxRate',
  plural: 'tax-rates',
  label: 'Tax rate',
  labelPlural: 'Tax rates',
  icon: 'receipt-tax',
  table: 'tax_rates',
  titleFields: ['name'],
  defaultSort: 'title',
  navigation: false,
  globalSearch: false,
  access: catalogAccess,
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 200 }),
    // Percent with up to 3 decimals (19.125); 0..100 is checked by the hook.
    ratePercent: field.number({ required: true, list: true, min: 0, label: 'Rate (%)', sample: (n) => n % 30 }),
    isDefault: field.boolean({ label: 'Default', list: true }),
    active: field.boolean({ label: 'Active', list: true, defaultValue: true }),
  },
  hooks: taxRateHooks,
});

let sampleSkus = 0;

export const productObject = defineObject({
  name: 'product',
  plural: 'products',
  label: 'Product',
  labelPlural: 'Products',
  icon: 'package',
  table: 'products',
  titleFields: ['name'],
  subtitleField: 'sku',
  defaultSort: 'title',
  access: catalogAccess,
  unique: [['sku']],
  importAliases: {
    name: ['product', 'product name', 'item', 'article'],
    sku: ['sku', 'code', 'product code', 'item number', 'part number', 'article number'],
    categoryId: ['category', 'product category'],
    taxRateId: ['tax', 'tax rate', 'vat'],
  },
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 300 }),
    // Unique among live products when given (`unique`, with its index).
    sku: field.text({
      label: 'SKU',
      searchable: true,
      list: true,
      sortable: true,
      max: 100,
      // Tests that loop over the registry write one n more than once: each SKU must still be new.
      sample: (n) => `SKU-${String(n).padStart(6, '0')}-${++sampleSkus}`,
    }),
    kind: field.select(productKinds, { list: true, filterable: true, defaultValue: 'product' }),
    categoryId: field.relation('productCategory', { label: 'Category', list: true }),
    unit: field.select(productUnits, { list: true, defaultValue: 'each' }),
    taxRateId: field.relation('taxRate', { label: 'Tax rate' }),
    active: field.boolean({ label: 'Active', list: true, filterable: true, defaultValue: true }),
    description: field.longText({ searchable: true }),
  },
});
