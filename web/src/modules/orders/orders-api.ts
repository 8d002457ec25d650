// The orders module's own endpoint: a company's or a contact's purchase history, a page at a time.
// Keyed under the orders' lists, so any write to an order refreshes it.
import type { PurchaseHistory } from '@kith/common/api/orders';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { recordKeys } from '../../platform/records/records-api';

export const purchaseHistoryQuery = (customer: { companyId: string } | { contactId: string }) =>
  infiniteQueryOptions({
    queryKey: [...recordKeys.lists('orders'), 'purchase-history', customer],
    queryFn: ({ pageParam, signal }) =>
      api.get<PurchaseHistory>('/purchase-history', { ...customer, cursor: pageParam, limit: 10 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
