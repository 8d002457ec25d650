// The catalogue in the web app: lists, forms and record pages are the platform's; this adds the
// products on a deal's page, a product's prices on its page, and Settings → Catalogue.
import { IconPackage } from '@tabler/icons-react';
import type { WebModule } from '../../platform/extensions';
import { CataloguePage } from './catalogue-page';
import { DealProducts } from './deal-products';
import { ProductPrices } from './product-prices';

export const productsModule: WebModule = {
  name: 'products',
  detailPanels: [
    { id: 'deal-products', appliesTo: (meta) => meta.name === 'deal', component: DealProducts },
    { id: 'product-prices', appliesTo: (meta) => meta.name === 'product', component: ProductPrices },
  ],
  settingsPages: [{ id: 'catalogue', label: 'Catalogue', icon: IconPackage, component: CataloguePage }],
};
