// The quotes module's routes beyond the generic ones: thin — schema, one service call, answer.
import {
  quoteLinesInput,
  quoteSendInput,
  quoteSendResult,
  quoteSettings,
  quoteSubmitResult,
  quoteWithLines,
} from '@kith/common/api/quotes';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/module.ts';
import { getRecord } from '../../platform/records/records.service.ts';
import { contentDisposition } from '../files/file-headers.ts';
import type { FileStorage } from '../files/file-storage.ts';
import { submitQuote } from './quote-approval.ts';
import { pdfFileName, quoteView } from './quote-document.ts';
import { quoteWithLines as readQuoteWithLines, saveLines } from './quote-lines.service.ts';
import { renderQuotePdf } from './quote-pdf.ts';
import { sendQuote } from './quote-send.service.ts';
import { readQuoteSettings, saveQuoteSettings } from './quote-settings.ts';
import { newVersion, quoteFromDeal } from './quote-versions.service.ts';

const tags = ['quotes'];
const quoteParams = z.strictObject({ id: z.uuid('must be a quote id') });
const dealParams = z.strictObject({ id: z.uuid('must be a deal id') });
const errors = { 400: apiError, 403: apiError, 404: apiError };
const changeErrors = { ...errors, 409: apiError };

export function quotesRoutes({ app, ctxOf, settings }: ModuleDeps, storage: FileStorage) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/quotes/:id/lines',
    {
      schema: {
        tags,
        summary: 'A quote with its lines, in order',
        params: quoteParams,
        response: { 200: quoteWithLines, ...errors },
      },
    },
    async (request) => readQuoteWithLines(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/quotes/:id/lines',
    {
      schema: {
        tags,
        summary:
          'Add many lines to a draft quote at once, or replace its lines (mode: replace). Prices and tax default from the price book and the product; figures sent (net, tax, total) are ignored: the server prices the quote. 409 unless it is a draft',
        params: quoteParams,
        body: quoteLinesInput,
        response: { 200: quoteWithLines, ...changeErrors },
      },
    },
    async (request) => saveLines(ctxOf(request), request.params.id, request.body),
  );

  r.post(
    '/api/v1/quotes/:id/versions',
    {
      schema: {
        tags,
        summary: 'A new version of the quote: a draft copy with its lines; the old one is superseded and its link dies',
        params: quoteParams,
        response: { 201: quoteWithLines, ...changeErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await newVersion(ctxOf(request), request.params.id)),
  );

  r.post(
    '/api/v1/deals/:id/quote',
    {
      schema: {
        tags,
        summary:
          "A draft quote from the deal: its company, contact, owner and product lines (in the deal's price book)",
        params: dealParams,
        body: z
          .strictObject({ priceBookId: z.uuid().optional(), name: z.string().trim().min(1).max(300).optional() })
          .optional(),
        response: { 201: quoteWithLines, ...changeErrors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await quoteFromDeal(ctxOf(request), request.params.id, request.body ?? {})),
  );

  r.get(
    '/api/v1/quotes/:id/pdf',
    {
      schema: {
        tags,
        summary:
          'The quote as an A4 PDF (application/pdf): the organisation, the customer, the lines, totals and terms',
        params: quoteParams,
        querystring: z.strictObject({ inline: z.enum(['0', '1']).optional() }),
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      await getRecord(ctx, 'quote', request.params.id); // the reader's right to the quote
      const view = await quoteView(ctx, request.params.id, storage);
      const pdf = await renderQuotePdf(view);
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          contentDisposition(request.query.inline === '1' ? 'inline' : 'attachment', pdfFileName(view)),
        )
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  r.post(
    '/api/v1/quotes/:id/submit',
    {
      schema: {
        tags,
        summary:
          "Submit a draft quote: approved at once when its discounts are within the limit, else sent for approval to the rep's managers (or admins) and locked meanwhile",
        params: quoteParams,
        response: { 200: quoteSubmitResult, ...changeErrors },
      },
    },
    async (request) => submitQuote(ctxOf(request), request.params.id),
  );

  r.post(
    '/api/v1/quotes/:id/send',
    {
      schema: {
        tags,
        summary:
          "Email the quote with its PDF and the customer's signed acceptance link (to: the quote's contact unless given); 409 while approval is pending or needed",
        params: quoteParams,
        body: quoteSendInput.optional(),
        response: { 200: quoteSendResult, ...changeErrors },
      },
    },
    async (request) => sendQuote(ctxOf(request), { settings, storage }, request.params.id, request.body ?? {}),
  );

  r.get(
    '/api/v1/quote-settings',
    {
      schema: {
        tags,
        summary: 'The quotes settings: the discount above which a quote needs approval',
        response: { 200: quoteSettings, 401: apiError },
      },
    },
    async (request) => readQuoteSettings(ctxOf(request).db),
  );

  r.put(
    '/api/v1/quote-settings',
    {
      schema: {
        tags,
        summary: 'Change the quotes settings (admins)',
        body: quoteSettings,
        response: { 200: quoteSettings, ...errors },
      },
    },
    async (request) => saveQuoteSettings(ctxOf(request), request.body),
  );
}
