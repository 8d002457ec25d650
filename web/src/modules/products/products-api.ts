// The catalogue's web queries: a deal's lines, a product's prices, and a product's price in a book.
// Keyed under the records' lists, so a write to lines or prices anywhere refreshes them.
import type { ProductPrice } from '@kith/common/api/products';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';
import { type KRecord, type RecordPage, recordKeys } from '../../platform/records/records-api';

export type Money = { amount: number; currency: string };

export interface DealLine extends KRecord {
  dealId: string;
  productId: string;
  name: string | null;
  priceBookId: string | null;
  quantity: number;
  unitPrice: Money | null;
  discountPercent: number | null;
  taxPercent: number | null;
  net: Money | null;
  tax: Money | null;
  total: Money | null;
  position: number | null;
}

export interface PriceEntry extends KRecord {
  priceBookId: string;
  productId: string;
  unitPrice: Money;
  active: boolean;
}

export const dealLinesQuery = (dealId: string) =>
  queryOptions({
    queryKey: [...recordKeys.lists('deal-lines'), 'of', dealId],
    queryFn: async ({ signal }) =>
      (await api.get<RecordPage>('/deal-lines', { dealId, sort: 'position', limit: 500 }, signal)).data as DealLine[],
  });

export const productPricesQuery = (productId: string) =>
  queryOptions({
    queryKey: [...recordKeys.lists('price-book-entries'), 'of', productId],
    queryFn: async ({ signal }) =>
      (await api.get<RecordPage>('/price-book-entries', { productId, limit: 200 }, signal)).data as PriceEntry[],
  });

export const priceOf = (productId: string, priceBookId: string) =>
  api.get<ProductPrice>(`/products/${productId}/price`, { priceBookId });
