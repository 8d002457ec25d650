// The orders module's endpoints: a company's or a contact's purchase history, a page at a time
// (keyed under the orders' lists, so any write to an order refreshes it); an order's lines, read
// and saved through the records API.
import type { PurchaseHistory } from '@kith/common/api/orders';
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ApiError, api, errorMessage } from '../../platform/api';
import { type KRecord, type RecordPage, recordKeys, recordsApi } from '../../platform/records/records-api';
import type { PricedLineEdit } from '../products/priced-lines-editor';

export const purchaseHistoryQuery = (customer: { companyId: string } | { contactId: string }) =>
  infiniteQueryOptions({
    queryKey: [...recordKeys.lists('orders'), 'purchase-history', customer],
    queryFn: ({ pageParam, signal }) =>
      api.get<PurchaseHistory>('/purchase-history', { ...customer, cursor: pageParam, limit: 10 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export const orderLinesQuery = (orderId: string) =>
  queryOptions({
    queryKey: [...recordKeys.lists('order-lines'), 'of', orderId],
    queryFn: async ({ signal }) =>
      (await api.get<RecordPage>('/order-lines', { orderId, sort: 'position', limit: 500 }, signal)).data,
  });

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What changed on a saved line, for its PATCH. A value left empty (a price or tax cleared, a new
 * product's) is left to the server: on a new product its hook fills it from the book.
 */
function changes(line: KRecord, edit: PricedLineEdit): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const productChanged = !same(line.productId, edit.productId);
  if (productChanged) out.productId = edit.productId ?? null;
  for (const k of ['description', 'quantity', 'unitPrice', 'discountPercent', 'taxPercent'] as const) {
    const v = edit[k];
    if (v === null || v === undefined) continue;
    const before = k === 'unitPrice' ? (line.unitPrice as { amount: number } | null)?.amount : line[k];
    const after = k === 'unitPrice' ? (v as { amount: number }).amount : v;
    if (productChanged || !same(before, after)) out[k] = v;
  }
  return out;
}

const dropEmpty = (v: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined));

/**
 * An order's lines made to be these, through the records API (a line at a time, each write
 * re-pricing the order on the server): removed lines deleted, changed ones patched, new ones
 * created at the end. A refusal names its field as `lines.{i}.{field}`, as the editor shows it.
 */
export async function saveOrderLines(orderId: string, current: KRecord[], edits: PricedLineEdit[]) {
  const kept = new Set(edits.map((e) => e.id));
  for (const l of current) if (!kept.has(l.id)) await recordsApi.remove('order-lines', l.id);
  const byId = new Map(current.map((l) => [l.id, l]));
  let position = Math.max(-1, ...current.map((l) => Number(l.position ?? -1))) + 1;
  for (const [i, { id, ...edit }] of edits.entries()) {
    try {
      const line = id ? byId.get(id) : undefined;
      if (!line) await recordsApi.create('order-lines', { ...dropEmpty(edit), orderId, position: position++ });
      else {
        const patch = changes(line, { id, ...edit });
        if (Object.keys(patch).length) await recordsApi.update('order-lines', line.id, patch);
      }
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors : {};
      throw Object.assign(new Error(errorMessage(e)), {
        fieldErrors: Object.fromEntries(Object.entries(fields).map(([k, v]) => [`lines.${i}.${k}`, v])),
      });
    }
  }
  return (await api.get<RecordPage>('/order-lines', { orderId, sort: 'position', limit: 500 })).data;
}
