// The organisation's details and logo: everyone signed in reads them, admins change them.
import { organizationAnswer, organizationDetails } from '@kith/common/api/quotes';
import { apiError } from '@kith/common/api/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ModuleDeps } from '../../platform/module.ts';
import type { FileStorage } from '../files/file-storage.ts';
import {
  logoBytes,
  maxLogoBytes,
  publicOrganization,
  readOrganization,
  saveLogo,
  saveOrganization,
} from './organization.service.ts';

const tags = ['organization'];
const errors = { 400: apiError, 403: apiError };

export async function organizationRoutes({ app, ctxOf, settings }: ModuleDeps, storage: FileStorage) {
  // The logo comes as the raw image (PNG or JPEG): a parser for those types, in this scope alone.
  await app.register(async (scope) => {
    scope.addContentTypeParser(
      ['image/png', 'image/jpeg'],
      { parseAs: 'buffer', bodyLimit: maxLogoBytes },
      (_req, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get(
      '/api/v1/organization',
      {
        schema: {
          tags,
          summary: "The organisation's details printed on documents (quotes)",
          response: { 200: organizationAnswer, 401: apiError },
        },
      },
      async (request) => publicOrganization(await readOrganization(ctxOf(request).db)),
    );

    r.put(
      '/api/v1/organization',
      {
        schema: {
          tags,
          summary: "Change the organisation's name, address and contact details (admins)",
          body: organizationDetails,
          response: { 200: organizationAnswer, ...errors },
        },
      },
      async (request) => saveOrganization(ctxOf(request), request.body),
    );

    r.put(
      '/api/v1/organization/logo',
      {
        bodyLimit: maxLogoBytes,
        schema: {
          tags,
          summary:
            'Upload the logo (admins): the raw PNG or JPEG as the body (content-type image/png or image/jpeg), at most 1 MB',
          consumes: ['image/png', 'image/jpeg'],
          response: { 200: organizationAnswer, ...errors, 413: apiError, 415: apiError },
        },
      },
      async (request) => saveLogo(ctxOf(request), { storage, dataDir: settings.dataDir }, request.body as Buffer),
    );

    r.get(
      '/api/v1/organization/logo',
      { schema: { tags, summary: 'The logo (PNG or JPEG); 404 when there is none' } },
      async (request, reply) => {
        const logo = await logoBytes(ctxOf(request).db, storage);
        if (!logo) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'No logo yet' } });
        return reply.header('content-type', logo.type).header('cache-control', 'private, max-age=60').send(logo.bytes);
      },
    );
  });
}
