import type { KithModule } from '../../platform/module.ts';
import { productBundleItemObject, productOptionObject } from './bundles.object.ts';
import { dealLineObject } from './deal-lines.object.ts';
import { dealCatalogHooks } from './deal-lines.rules.ts';
import { priceBookEntryObject, priceBookObject } from './price-books.object.ts';
import { productCategoryObject, productObject, taxRateObject } from './products.object.ts';
import { productsRoutes } from './products.routes.ts';

/**
 * The product catalogue: categories, tax rates, products, price books and their prices; a
 * product's price by book or currency; the pricing maths every deal line, quote and order uses
 * (pricing.ts); products on deals, whose net may make the deal's amount. Lists, forms, import and
 * export come from the platform.
 */
export const productsModule: KithModule = {
  name: 'products',
  objects: [
    productCategoryObject,
    taxRateObject,
    productObject,
    priceBookObject,
    priceBookEntryObject,
    productBundleItemObject,
    productOptionObject,
    dealLineObject,
  ],
  hooks: [{ objects: ['deal'], hooks: dealCatalogHooks }],
  routes: productsRoutes,
};
