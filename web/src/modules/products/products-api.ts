// The catalogue's web queries: a deal's lines, a product's prices, a product's price in a book, its
// options and its configured price. Keyed under the records' lists, so a write to lines, prices or
// options anywhere refreshes them.
import type { Configuration, ConfigureInput, ProductPrice } from '@kith/common/api/products';
import { queryOptions } from '@tanstack/react-query';
import { api, request } from '../../platform/api';
import { type KRecord, type RecordPage, recordKeys } from '../../platform/records/records-api';

export type Money = { amount: number; currency: string };

export interface DealLine extends KRecord {
  dealId: string;
  productId: string;
  name: string | null;
  /** What the line says when it is more than the product's name (a configured product's options). */
  description: string | null;
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

export interface ProductOption extends KRecord {
  productId: string;
  optionProductId: string;
  /** The option product's name. */
  name: string | null;
  group: string | null;
  required: boolean | null;
  isDefault: boolean | null;
}

export const productOptionsQuery = (productId: string) =>
  queryOptions({
    queryKey: [...recordKeys.lists('product-options'), 'of', productId],
    queryFn: async ({ signal }) =>
      (await api.get<RecordPage>('/product-options', { productId, limit: 200 }, signal)).data as ProductOption[],
    staleTime: 30_000,
  });

/** The price of a product with these options chosen, in a price book (or a currency's default one). */
export const configureProduct = (productId: string, body: ConfigureInput, signal?: AbortSignal) =>
  request<Configuration>(`/products/${productId}/configure`, { method: 'POST', body, signal });
