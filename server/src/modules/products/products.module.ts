import type { KithModule } from '../../platform/module.ts';
import { priceBookEntryObject, priceBookObject } from './price-books.object.ts';
import { productCategoryObject, productObject, taxRateObject } from './products.object.ts';
import { productsRoutes } from './products.routes.ts';

/**
 * The product catalogue: categories, tax rates, products, price books and their prices; a
 * product's price by book or currency; the pricing maths every deal line, quote and order uses
 * (pricing.ts). Lists, forms, import and export come from the platform.
 */
export const productsModule: KithModule = {
  name: 'products',
  objects: [productCategoryObject, taxRateObject, productObject, priceBookObject, priceBookEntryObject],
  routes: productsRoutes,
};
