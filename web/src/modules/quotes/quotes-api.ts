// The quotes module's endpoints: a quote with its lines, lines saved in one request, submit,
// send, new version, a quote from a deal, the settings and the organisation's details; and the
// customer's signed-link endpoints (no session).
import type {
  OrganizationAnswer,
  OrganizationDetailsInput,
  PublicQuote,
  QuoteLinesInput,
  QuoteSendInput,
  QuoteSettings,
  QuoteWithLines,
} from '@kith/common/api/quotes';
import { queryOptions } from '@tanstack/react-query';
import { api, getCsrfToken, request } from '../../platform/api';
import { type KRecord, recordKeys } from '../../platform/records/records-api';

export const quoteLinesQuery = (quoteId: string) =>
  queryOptions({
    queryKey: [...recordKeys.record('quotes', quoteId), 'lines'],
    queryFn: ({ signal }) => api.get<QuoteWithLines>(`/quotes/${quoteId}/lines`, undefined, signal),
  });

export const quoteSettingsQuery = queryOptions({
  queryKey: ['quote-settings'],
  queryFn: ({ signal }) => api.get<QuoteSettings>('/quote-settings', undefined, signal),
  staleTime: 60_000,
});

export const organizationQuery = queryOptions({
  queryKey: ['organization'],
  queryFn: ({ signal }) => api.get<OrganizationAnswer>('/organization', undefined, signal),
  staleTime: 60_000,
});

export const publicQuoteQuery = (token: string) =>
  queryOptions({
    queryKey: ['public-quote', token],
    queryFn: ({ signal }) =>
      request<PublicQuote>(`/public/quotes/${encodeURIComponent(token)}`, { signal, allow401: true }),
    retry: false,
  });

export const quotesApi = {
  saveLines: (quoteId: string, body: QuoteLinesInput) => api.post<QuoteWithLines>(`/quotes/${quoteId}/lines`, body),
  submit: (quoteId: string) =>
    api.post<{ quote: KRecord; approvalNeeded: boolean; reason: string | null }>(`/quotes/${quoteId}/submit`),
  send: (quoteId: string, body: QuoteSendInput) =>
    api.post<{ quote: KRecord; outboxIds: string[]; acceptanceUrl: string; expiresAt: string }>(
      `/quotes/${quoteId}/send`,
      body,
    ),
  newVersion: (quoteId: string) => api.post<QuoteWithLines>(`/quotes/${quoteId}/versions`),
  fromDeal: (dealId: string, body: { priceBookId?: string } = {}) =>
    api.post<QuoteWithLines>(`/deals/${dealId}/quote`, body),
  saveSettings: (s: QuoteSettings) => api.put<QuoteSettings>('/quote-settings', s),
  saveOrganization: (o: OrganizationDetailsInput) => api.put<OrganizationAnswer>('/organization', o),
  uploadLogo: async (file: File) => {
    const res = await fetch('/api/v1/organization/logo', {
      method: 'PUT',
      headers: { 'Content-Type': file.type, 'X-CSRF-Token': getCsrfToken() ?? '' },
      credentials: 'same-origin',
      body: file,
    });
    const json = await res.json().catch(() => null);
    if (!res.ok) throw new Error(json?.error?.message ?? `Upload failed (${res.status})`);
    return json as OrganizationAnswer;
  },
  accept: (token: string, body: { name: string; note?: string }) =>
    request<PublicQuote>(`/public/quotes/${encodeURIComponent(token)}/accept`, {
      method: 'POST',
      body,
      allow401: true,
    }),
  decline: (token: string, body: { reason?: string }) =>
    request<PublicQuote>(`/public/quotes/${encodeURIComponent(token)}/decline`, {
      method: 'POST',
      body,
      allow401: true,
    }),
};

export const pdfUrl = (quoteId: string) => `/api/v1/quotes/${quoteId}/pdf`;
export const publicPdfUrl = (token: string) => `/api/v1/public/quotes/${encodeURIComponent(token)}/pdf`;
export const publicLogoUrl = (token: string) => `/api/v1/public/quotes/${encodeURIComponent(token)}/logo`;
