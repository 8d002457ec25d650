// The API contracts in @kith/common are the ones the server answers with. Routes import them, so a
// service that drifts from its contract is a type error; this file checks what types cannot:
// - each route's OpenAPI schema is the shared schema's (a route that went back to a schema of its
//   own, even an equal-looking one, shows here), request bodies included;
// - real answers hold exactly what the shared schema describes: parsing them drops nothing. This
//   matters most where no response schema filters the answer (a record's history).

import fastifySwagger from '@fastify/swagger';
import { apiKey, apiKeyInput, newApiKey } from '@kith/common/api/api-keys';
import { auditPage } from '@kith/common/api/audit';
import {
  loginInput,
  passwordReset,
  passwordResetRequest,
  passwordResetRequested,
  session,
  setupInput,
  setupStatus,
  signedInUser,
} from '@kith/common/api/auth';
import { customField, customFieldInput, customFieldPatch } from '@kith/common/api/custom-fields';
import { fileDetail, fileItem } from '@kith/common/api/files';
import { importJob, importOptions, importPreview, importUpload } from '@kith/common/api/imports';
import { invitation, invitationAccept, invitationInput, invitationLookup } from '@kith/common/api/invitations';
import { objectMeta } from '@kith/common/api/meta';
import { outboxMessage } from '@kith/common/api/outbox';
import { passwordChange, profilePatch, sessionInfo } from '@kith/common/api/profile';
import { recordHistory } from '@kith/common/api/records';
import { role, roleInput, rolePatch } from '@kith/common/api/roles';
import { searchHit } from '@kith/common/api/search';
import { listOf, pageOf } from '@kith/common/api/shared';
import { team, teamInput, teamPatch } from '@kith/common/api/teams';
import { note, noteInput, notePatch, timelinePage } from '@kith/common/api/timeline';
import { userDetail, userPatch, userSummary } from '@kith/common/api/users';
import { savedView, viewInput, viewPatch } from '@kith/common/api/views';
import Fastify from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { upload } from './modules/imports/imports.test-helpers.ts';
import { createTestApp, type TestApp } from './test/factories.ts';

type Method = 'get' | 'post' | 'patch';
interface Contract {
  method: Method;
  path: string;
  status: number;
  /** null: the answer has no body. */
  response: z.ZodType | null;
  body?: z.ZodType;
}

const c = (method: Method, path: string, status: number, response: z.ZodType | null, body?: z.ZodType): Contract => ({
  method,
  path,
  status,
  response,
  body,
});

const contracts: Contract[] = [
  c('get', '/api/v1/setup', 200, setupStatus),
  c('get', '/api/v1/auth/me', 200, session),
  c('get', '/api/v1/me', 200, signedInUser),
  c('patch', '/api/v1/me', 200, signedInUser, profilePatch),
  c('post', '/api/v1/me/avatar', 200, signedInUser),
  c('get', '/api/v1/me/sessions', 200, listOf(sessionInfo)),
  c('post', '/api/v1/me/password', 204, null, passwordChange),
  c('post', '/api/v1/auth/password-reset', 202, passwordResetRequested, passwordResetRequest),
  c('post', '/api/v1/auth/password-reset/confirm', 204, null, passwordReset),
  c('post', '/api/v1/setup', 200, session, setupInput),
  c('post', '/api/v1/auth/login', 200, session, loginInput),
  c('get', '/api/v1/users', 200, listOf(userSummary)),
  c('get', '/api/v1/users/{id}', 200, userDetail),
  c('patch', '/api/v1/users/{id}', 200, userDetail, userPatch),
  c('get', '/api/v1/roles', 200, listOf(role)),
  c('post', '/api/v1/roles', 201, role, roleInput),
  c('patch', '/api/v1/roles/{id}', 200, role, rolePatch),
  c('get', '/api/v1/teams', 200, listOf(team)),
  c('get', '/api/v1/teams/{id}', 200, team),
  c('post', '/api/v1/teams', 201, team, teamInput),
  c('patch', '/api/v1/teams/{id}', 200, team, teamPatch),
  c('get', '/api/v1/api-keys', 200, listOf(apiKey)),
  c('post', '/api/v1/api-keys', 201, newApiKey, apiKeyInput),
  c('get', '/api/v1/invitations', 200, listOf(invitation)),
  c('post', '/api/v1/invitations', 201, invitation, invitationInput),
  c('get', '/api/v1/invitations/lookup', 200, invitationLookup),
  c('post', '/api/v1/invitations/accept', 200, session, invitationAccept),
  c('get', '/api/v1/custom-fields', 200, listOf(customField)),
  c('post', '/api/v1/custom-fields', 201, customField, customFieldInput),
  c('patch', '/api/v1/custom-fields/{id}', 200, customField, customFieldPatch),
  c('get', '/api/v1/views', 200, listOf(savedView)),
  c('post', '/api/v1/views', 201, savedView, viewInput),
  c('patch', '/api/v1/views/{id}', 200, savedView, viewPatch),
  c('post', '/api/v1/imports', 201, importUpload),
  c('get', '/api/v1/imports', 200, listOf(importJob)),
  c('get', '/api/v1/imports/{id}', 200, importJob),
  c('post', '/api/v1/imports/{id}/preview', 200, importPreview, importOptions),
  c('post', '/api/v1/imports/{id}/start', 202, importJob, importOptions),
  c('get', '/api/v1/audit', 200, auditPage),
  c('get', '/api/v1/outbox', 200, listOf(outboxMessage)),
  c('get', '/api/v1/search', 200, listOf(searchHit)),
  c('get', '/api/v1/meta/objects', 200, listOf(objectMeta)),
  c('get', '/api/v1/{plural}/{id}/timeline', 200, timelinePage),
  c('post', '/api/v1/notes', 201, note, noteInput),
  c('patch', '/api/v1/notes/{id}', 200, note, notePatch),
  c('get', '/api/v1/files', 200, pageOf(fileItem)),
  c('post', '/api/v1/files', 201, fileItem),
  c('get', '/api/v1/files/{id}', 200, fileDetail),
  c('post', '/api/v1/files/{id}/versions', 201, fileDetail),
];

type Json = Record<string, unknown>;
type Operation = {
  requestBody?: { content: Record<string, { schema: Json }> };
  responses: Record<string, { content?: Record<string, { schema: Json }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Json } };

/** The OpenAPI document a server would serve with exactly the shared schemas on these routes. */
async function documentOfContracts(): Promise<Doc> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: { openapi: '3.1.0', info: { title: 'contracts', version: '1' } },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  for (const k of contracts) {
    app.route({
      method: k.method.toUpperCase() as 'GET',
      url: k.path.replace(/\{(\w+)\}/g, ':$1'),
      schema: {
        ...(k.body ? { body: k.body } : {}),
        ...(k.response ? { response: { [k.status]: k.response } } : {}),
      },
      handler: async () => null,
    });
  }
  await app.ready();
  const doc = app.swagger() as unknown as Doc;
  await app.close();
  return doc;
}

const jsonOf = (part: { content?: Record<string, { schema: Json }> } | undefined) =>
  part?.content?.['application/json']?.schema;

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the served contracts are the shared ones', () => {
  it('every route answers with the schema @kith/common holds, and takes the body it holds', async () => {
    const served = (await t.app.inject('/api/v1/openapi.json')).json() as Doc;
    const shared = await documentOfContracts();
    for (const k of contracts) {
      const op = served.paths[k.path]?.[k.method];
      expect(op, `${k.method.toUpperCase()} ${k.path} is in the OpenAPI document`).toBeDefined();
      const want = shared.paths[k.path][k.method];
      if (k.response)
        expect(jsonOf(op.responses[k.status]), `${k.method.toUpperCase()} ${k.path} ${k.status}`).toEqual(
          jsonOf(want.responses[k.status]),
        );
      if (k.body)
        expect(jsonOf(op.requestBody), `${k.method.toUpperCase()} ${k.path} body`).toEqual(jsonOf(want.requestBody));
    }
    // Components the shared schemas name (the recursive filter) are served as they are shared.
    for (const [name, schema] of Object.entries(shared.components?.schemas ?? {}))
      expect(served.components?.schemas?.[name], `component ${name}`).toEqual(schema);
  });
});

describe('real answers hold what the shared schemas describe, nothing more', () => {
  /** Parsing drops what a schema does not name: an answer equal to its parse held nothing else. */
  const holds = (schema: z.ZodType, body: unknown) => {
    const parsed = schema.safeParse(body);
    expect(parsed.error, JSON.stringify(body).slice(0, 500)).toBeUndefined();
    expect(parsed.data).toEqual(body);
  };

  it('for every settings and module list, after each has something to list', async () => {
    const admin = t.admin;
    const roles = await admin.request('GET', '/api/v1/roles');
    const rep = roles.body.data.find((r: { key: string }) => r.key === 'sales_rep');
    const made = {
      role: await admin.request('POST', '/api/v1/roles', {
        name: 'Contracts role',
        permissions: { contact: { read: true, scope: 'team' } },
      }),
      team: await admin.request('POST', '/api/v1/teams', { name: 'Contracts team', memberIds: [admin.userId] }),
      key: await admin.request('POST', '/api/v1/api-keys', { name: 'Contracts key', roleId: rep.id }),
      invitation: await admin.request('POST', '/api/v1/invitations', {
        email: 'invitee@test.example',
        roleId: rep.id,
      }),
      field: await admin.request('POST', '/api/v1/custom-fields', {
        objectType: 'contact',
        name: 'tier',
        label: 'Tier',
        type: 'select',
        options: [{ value: 'gold', label: 'Gold' }],
      }),
      view: await admin.request('POST', '/api/v1/views', {
        objectType: 'contact',
        name: 'Gold contacts',
        shared: true,
        config: {
          columns: ['email'],
          filter: { op: 'and', conditions: [{ field: 'tier', cmp: 'eq', value: 'gold' }] },
          sort: '-createdAt',
        },
      }),
      contact: await admin.request('POST', '/api/v1/contacts', { firstName: 'Ada', lastName: 'Contract' }),
      upload: await upload(admin, 'contact', 'First name,Last name\nGrace,Hopper\n'),
    };
    for (const [what, r] of Object.entries(made)) expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(201);
    const contactId = made.contact.body.id;
    const noteMade = await admin.request('POST', '/api/v1/notes', {
      objectType: 'contact',
      recordId: contactId,
      body: '<p>Met at the <b>fair</b></p>',
    });
    expect(noteMade.status).toBe(201);
    holds(note, noteMade.body);
    holds(customField, made.field.body);
    holds(savedView, made.view.body);
    holds(newApiKey, made.key.body);
    holds(importUpload, made.upload.body);
    await admin.request('PATCH', `/api/v1/contacts/${contactId}`, { lastName: 'Contracts' });

    const reads: Array<[string, z.ZodType]> = [
      ['/api/v1/auth/me', session],
      ['/api/v1/me', signedInUser],
      ['/api/v1/me/sessions', listOf(sessionInfo)],
      ['/api/v1/users?includeInactive=true', listOf(userSummary)],
      [`/api/v1/users/${admin.userId}`, userDetail],
      ['/api/v1/roles', listOf(role)],
      ['/api/v1/teams', listOf(team)],
      [`/api/v1/teams/${made.team.body.id}`, team],
      ['/api/v1/api-keys', listOf(apiKey)],
      ['/api/v1/invitations', listOf(invitation)],
      ['/api/v1/custom-fields', listOf(customField)],
      ['/api/v1/views?objectType=contact', listOf(savedView)],
      ['/api/v1/imports', listOf(importJob)],
      [`/api/v1/imports/${made.upload.body.id}`, importJob],
      ['/api/v1/audit?limit=200', auditPage],
      ['/api/v1/outbox', listOf(outboxMessage)],
      ['/api/v1/search?q=Ada', listOf(searchHit)],
      ['/api/v1/meta/objects', listOf(objectMeta)],
      [`/api/v1/contacts/${contactId}/timeline`, timelinePage],
      // No response schema filters a record's history (the records path answers it): the shared
      // schema is the only thing that says what it holds (records-contract.test.ts checks the
      // records routes for every object).
      [`/api/v1/contacts/${contactId}/audit`, recordHistory],
    ];
    for (const [url, schema] of reads) {
      const r = await admin.request('GET', url);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
      holds(schema, r.body);
    }
    const history = await admin.request('GET', `/api/v1/contacts/${contactId}/audit`);
    expect(history.body.data.length).toBeGreaterThan(0);
    const search = await admin.request('GET', '/api/v1/search?q=Ada');
    expect(search.body.data.length).toBeGreaterThan(0);
  });
});
