// Routes of CSV import: upload (multipart), preview, start, progress, the error report, the list.
// Registered as an encapsulated plugin so that the multipart parser serves these routes only.
import { rmSync } from 'node:fs';
import fastifyMultipart from '@fastify/multipart';
import { importJob, importOptions, importPreview, importsQuery, importUpload } from '@kith/common/api/imports';
import { apiError, listOf } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, invalid } from '../../platform/errors.ts';
import type { CtxFactory } from '../../platform/http/request-context.ts';
import { csvStream } from '../exports/exports.service.ts';
import {
  deleteUpload,
  errorRecords,
  getImport,
  type ImportSettings,
  importFileName,
  listImports,
  previewImport,
  receiveUpload,
  registerUpload,
  startImport,
} from './imports.service.ts';

export interface ImportsRoutesOptions {
  ctxOf: CtxFactory;
  settings: ImportSettings;
}

const defaultMaxBytes = 100 * 1024 * 1024;

const idParams = z.strictObject({ id: z.string().max(100) });
const tags = ['imports'];

export async function importsRoutes(app: FastifyInstance, opts: ImportsRoutesOptions) {
  const { ctxOf } = opts;
  const settings = { ...opts.settings, maxBytes: opts.settings.maxBytes ?? defaultMaxBytes };
  await app.register(fastifyMultipart, {
    limits: { fileSize: settings.maxBytes, files: 1, fields: 5, fieldSize: 1000, parts: 6 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a CSV file (multipart: file, objectType): returns its columns, first rows and a suggested mapping',
        consumes: ['multipart/form-data'],
        response: { 201: importUpload, 400: apiError, 413: apiError },
      },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      if (!request.isMultipart())
        throw invalid('body: send multipart/form-data with a file and an objectType', { file: 'missing' });
      const query = request.query as Record<string, unknown>;
      let objectType = typeof query.objectType === 'string' ? query.objectType : undefined;
      let upload: Awaited<ReturnType<typeof receiveUpload>> | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (upload) throw invalid('file: send one file', { file: 'more than one' });
            upload = await receiveUpload(ctx, settings, {
              fileName: part.filename ?? 'upload.csv',
              file: part.file,
              objectType,
            });
          } else if (part.fieldname === 'objectType' && typeof part.value === 'string') objectType = part.value;
        }
      } catch (err) {
        // Whatever broke off after the file was stored, the file goes with it.
        if (upload) rmSync(upload.path, { force: true });
        if (err instanceof AppError || (err as { statusCode?: number }).statusCode) throw err;
        // A body cut short or malformed (busboy's "Unexpected end of form"): the client's fault.
        throw invalid('body: the upload was cut short or is not valid multipart/form-data; send it again', {
          file: 'incomplete upload',
        });
      }
      if (!upload) throw invalid('file: attach the CSV file as the "file" part', { file: 'missing' });
      return reply.status(201).send(await registerUpload(ctx, upload, objectType));
    },
  );

  r.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Recent imports (yours; all of them for admins)',
        querystring: importsQuery,
        response: { 200: listOf(importJob) },
      },
    },
    async (request) => listImports(ctxOf(request), request.query.limit),
  );

  r.get(
    '/api/v1/imports/:id',
    {
      schema: {
        tags,
        summary: 'An import: status, progress, counts and the first 100 refused rows',
        params: idParams,
        response: { 200: importJob, 404: apiError },
      },
    },
    async (request) => getImport(ctxOf(request), request.params.id),
  );

  r.delete(
    '/api/v1/imports/:id',
    { schema: { tags, summary: 'Delete an upload that was not started (its file and its columns)', params: idParams } },
    async (request, reply) => {
      await deleteUpload(ctxOf(request), settings, request.params.id);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/imports/:id/preview',
    {
      schema: {
        tags,
        summary: 'Check the first 100 rows with a mapping, exactly as the import will; writes nothing',
        params: idParams,
        body: importOptions,
        response: { 200: importPreview, 400: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request) => previewImport(ctxOf(request), settings, request.params.id, request.body),
  );

  r.post(
    '/api/v1/imports/:id/start',
    {
      schema: {
        tags,
        summary: 'Start the import in the background (remembers the mapping for files with the same columns)',
        params: idParams,
        body: importOptions,
        response: { 202: importJob, 400: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await startImport(ctxOf(request), request.params.id, request.body)),
  );

  r.get(
    '/api/v1/imports/:id/errors.csv',
    {
      schema: { tags, summary: 'The refused rows as CSV, with the reason for each', params: idParams },
    },
    async (request, reply) => {
      const ctx = ctxOf(request);
      const name = (await importFileName(ctx, request.params.id))
        .replace(/\.csv$/i, '')
        .replace(/[^\w.-]+/g, '_')
        .slice(0, 100);
      const records = errorRecords(ctx, request.params.id);
      const first = await records.next(); // the header: also where a missing import is a 404
      if (first.done) throw new AppError('NOT_FOUND', 'Import not found');
      async function* all() {
        yield first.value as string[];
        yield* records;
      }
      const body = csvStream(all());
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-errors.csv"`)
        .send(body);
    },
  );
}
