// /api/v1/files: a record's attachments. Registered as an encapsulated plugin, so that the
// multipart parser (with the file size limit) serves these routes only.
import { Readable } from 'node:stream';
import fastifyMultipart from '@fastify/multipart';
import { fileContentQuery, fileDetail, fileItem, filesQuery } from '@kith/common/api/files';
import { apiError, pageOf } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CtxFactory } from '../../platform/http/request-context.ts';
import { addFile, addVersion, deleteFile, type FilesDeps, fileContent, getFile, listFiles } from './files.service.ts';
import { formOf } from './upload-form.ts';

export interface FilesRoutesOptions {
  ctxOf: CtxFactory;
  deps: FilesDeps;
}

const tags = ['files'];
const idParams = z.strictObject({ id: z.string().max(64) });
const errors = { 400: apiError, 403: apiError, 404: apiError, 409: apiError, 413: apiError };

export async function filesRoutes(app: FastifyInstance, { ctxOf, deps }: FilesRoutesOptions) {
  await app.register(fastifyMultipart, {
    limits: { fileSize: deps.maxBytes, files: 1, fields: 4, fieldSize: 1000, parts: 5 },
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/files',
    {
      schema: {
        tags,
        summary: "A record's files, newest first (each as its latest version)",
        querystring: filesQuery,
        response: { 200: pageOf(fileItem), 400: apiError, 404: apiError },
      },
    },
    async (request) => listFiles(ctxOf(request), request.query),
  );

  r.post(
    '/api/v1/files',
    {
      schema: {
        tags,
        summary:
          'Attach a file to a record (multipart/form-data: object, recordId, then file); its type is told by its bytes',
        consumes: ['multipart/form-data'],
        response: { 201: fileItem, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await addFile(ctxOf(request), deps, formOf(request))),
  );

  r.get(
    '/api/v1/files/:id',
    {
      schema: {
        tags,
        summary: 'A file and every version of it, newest first',
        params: idParams,
        response: { 200: fileDetail, 404: apiError },
      },
    },
    async (request) => getFile(ctxOf(request), request.params.id),
  );

  r.get(
    '/api/v1/files/:id/content',
    {
      schema: {
        tags,
        summary:
          'Download a version (the latest unless ?version=N); ?inline=1 previews a PNG, JPEG, GIF, WebP or PDF in the page. Range requests are served',
        params: idParams,
        querystring: fileContentQuery,
      },
    },
    async (request, reply) => {
      const out = await fileContent(ctxOf(request), deps, request.params.id, {
        ...request.query,
        range: request.headers.range,
        ifNoneMatch: request.headers['if-none-match'],
        head: request.method === 'HEAD',
      });
      reply.status(out.status).headers(out.headers);
      if (out.body) return reply.send(out.body);
      // HEAD: an empty stream keeps the content-length of the GET (Fastify sets 0 for no body).
      return request.method === 'HEAD' && out.status < 300 ? reply.send(Readable.from([])) : reply.send();
    },
  );

  r.post(
    '/api/v1/files/:id/versions',
    {
      schema: {
        tags,
        summary: 'Upload a new version of a file (multipart/form-data: file); earlier versions are kept',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: { 201: fileDetail, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await addVersion(ctxOf(request), deps, request.params.id, formOf(request))),
  );

  r.delete(
    '/api/v1/files/:id',
    {
      schema: {
        tags,
        summary: 'Remove a file from its record (needs the right to update the record)',
        params: idParams,
        response: { 204: z.null(), 403: apiError, 404: apiError, 409: apiError },
      },
    },
    async (request, reply) => {
      await deleteFile(ctxOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
