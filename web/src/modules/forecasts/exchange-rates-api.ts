// The company currency and exchange rates (GET/PUT /api/v1/exchange-rates, POST/DELETE
// /api/v1/exchange-rates/rates) for Settings → Exchange rates.
import type { ExchangeRateInput, ExchangeRates, ExchangeRatesInput } from '@kith/common/api/forecasts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

/** The key the Sales dashboard reads the rates under too, so that a save refreshes it. */
export const exchangeRatesQuery = queryOptions({
  queryKey: ['exchange-rates'],
  queryFn: ({ signal }) => api.get<ExchangeRates>('/exchange-rates', undefined, signal),
  staleTime: 5 * 60_000,
});

export const saveExchangeRates = (input: ExchangeRatesInput) => api.put<ExchangeRates>('/exchange-rates', input);

/** Adds a rate in force from a day (null: from the beginning); a second one for the same day is a 409. */
export const addExchangeRate = (input: ExchangeRateInput) => api.post<ExchangeRates>('/exchange-rates/rates', input);

export const removeExchangeRate = (id: string) => api.delete<ExchangeRates>(`/exchange-rates/rates/${id}`);
