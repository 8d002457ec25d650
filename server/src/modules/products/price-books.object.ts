// Price books: a list of prices in one currency (list prices in EUR, partner prices in USD…). A
// product's price in a book is an entry of it; a deal line, quote or order takes its price from
// the book it names, or from the default active book of its currency (price-of.service.ts).
import { defineObject } from '../../platform/registry/define-object.ts';
import { field } from '../../platform/registry/fields.ts';
import { priceBookEntryHooks, priceBookHooks } from './catalog-rules.ts';
import { catalogAccess } from './products.object.ts';

export const priceBookObject = defineObject({
  name: 'priceBook',
  plural: 'price-books',
  label: 'Price book',
  labelPlural: 'Price books',
  icon: 'book',
  table: 'price_books',
  titleFields: ['name'],
  subtitleField: 'currency',
  defaultSort: 'title',
  navigation: false,
  globalSearch: false,
  access: catalogAccess,
  fields: {
    name: field.text({ required: true, searchable: true, list: true, sortable: true, max: 200 }),
    // An ISO 4217 code the app knows (checked by the hook); the books of a currency are looked up by it.
    currency: field.text({
      required: true,
      list: true,
      filterable: true,
      max: 3,
      // EUR, as the registry's sample prices are (an entry's price is in its book's currency).
      sample: () => 'EUR',
    }),
    // One default per currency: making a book the default unmarks the currency's other one.
    isDefault: field.boolean({ label: 'Default for its currency', list: true }),
    active: field.boolean({ label: 'Active', list: true, defaultValue: true }),
    description: field.text({ max: 1000 }),
  },
  hooks: priceBookHooks,
});

/** A product's price in a price book: once per pair, in the book's currency. */
export const priceBookEntryObject = defineObject({
  name: 'priceBookEntry',
  plural: 'price-book-entries',
  label: 'Price',
  labelPlural: 'Prices',
  icon: 'coin',
  table: 'price_book_entries',
  titleFields: [],
  junction: ['priceBookId', 'productId'],
  access: catalogAccess,
  fields: {
    priceBookId: field.relation('priceBook', { label: 'Price book', required: true, list: true, onDelete: 'cascade' }),
    productId: field.relation('product', { label: 'Product', required: true, list: true, onDelete: 'cascade' }),
    unitPrice: field.currency({ label: 'Unit price', required: true, list: true, min: 0 }),
    active: field.boolean({ label: 'Active', list: true, defaultValue: true }),
  },
  hooks: priceBookEntryHooks,
});
