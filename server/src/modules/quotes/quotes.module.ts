import type { KithModule } from '../../platform/module.ts';
import { createStorage } from '../files/files.module.ts';
import { publicQuotesRoutes } from './public-quotes.routes.ts';
import { quoteApprovalRules } from './quote-approval.ts';
import { quoteLineObject, quoteObject } from './quotes.object.ts';
import { quotesRoutes } from './quotes.routes.ts';

/**
 * Quotes: lines priced by the catalogue's maths, versions, the PDF, sending by email, approval of
 * large discounts, and the customer's signed link (accepting emits `quote.accepted`, which orders build on).
 */
export const quotesModule: KithModule = {
  name: 'quotes',
  objects: [quoteObject, quoteLineObject],
  approvalRules: quoteApprovalRules,
  routes: (deps) => {
    const storage = createStorage(deps.settings);
    deps.app.addHook('onClose', () => storage.close?.());
    quotesRoutes(deps, storage);
    publicQuotesRoutes(deps, storage);
  },
};
