// The company currency and exchange rates (GET/PUT /api/v1/exchange-rates) for Settings → Exchange rates.
import type { ExchangeRates, ExchangeRatesInput } from '@kith/common/api/forecasts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../platform/api';

/** The key the Sales dashboard reads the rates under too, so that a save refreshes it. */
export const exchangeRatesQuery = queryOptions({
  queryKey: ['exchange-rates'],
  queryFn: ({ signal }) => api.get<ExchangeRates>('/exchange-rates', undefined, signal),
  staleTime: 5 * 60_000,
});

export const saveExchangeRates = (input: ExchangeRatesInput) => api.put<ExchangeRates>('/exchange-rates', input);
