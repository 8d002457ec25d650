// OpenAPI 3.1: the static routes come from their zod schemas (@fastify/swagger); the record routes
// of every registry object are generated from the registry on each request, custom fields
// included for signed-in callers only.

import { refKey } from '@kith/common';
import {
  bulkInput,
  bulkResult,
  duplicateList,
  duplicatesInput,
  mergeInput,
  recordHistory,
  recordPage,
  recordSystemFields,
} from '@kith/common/api/records';
import { apiError, recordLink, titledRef } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inputSchema } from '../registry/fields.ts';
import type { Registry, ResolvedObject } from '../registry/registry.ts';

type Json = Record<string, unknown>;

const pageParam = (name: 'limit' | 'cursor') =>
  name === 'limit'
    ? { name, in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } }
    : { name, in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' };

/**
 * A record of this object as the records API answers it (strict: it names every key): the shared
 * system fields, the object's fields, and each relation's reference (see toRecord).
 */
export function recordSchema(obj: ResolvedObject) {
  const output: Record<string, z.ZodType> = { ...recordSystemFields };
  for (const [name, f] of obj.fields) {
    // A link to any record reads back with its target's title (null when the reader may not see it).
    output[name] = f.type === 'anyRecord' ? recordLink.nullable().describe(f.label) : inputSchema(f).describe(f.label);
  }
  for (const [name, f] of obj.fields)
    if (f.type === 'relation' || f.type === 'user')
      output[refKey(name)] = titledRef.nullable().describe(`${f.label}: the linked record, with its title`);
  return z.strictObject(output);
}

const toJson = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;

function objectSchemas(obj: ResolvedObject) {
  const input: Record<string, z.ZodType> = {};
  for (const [name, f] of obj.fields) {
    const s = inputSchema(f).describe(f.label);
    if (!f.readOnly) input[name] = f.required ? s : s.optional();
  }
  const name = obj.label.replace(/\s/g, '');
  return {
    [`${name}Input`]: toJson(z.strictObject(input)),
    [name]: toJson(recordSchema(obj)),
  };
}

/** What POST /{plural}/duplicates takes: any of the writable fields, as an update, and excludeId. */
function duplicatesBody(obj: ResolvedObject) {
  const values: Record<string, z.ZodType> = {};
  for (const [name, f] of obj.fields) if (!f.readOnly) values[name] = inputSchema(f).describe(f.label).optional();
  return z.strictObject({ ...values, excludeId: duplicatesInput.shape.excludeId });
}

/** A shared schema as JSON, with some of its properties replaced (by a reference to the object's own). */
function shared(schema: z.ZodType, properties: Json = {}): Json {
  const json = toJson(schema);
  delete json.$schema;
  return { ...json, properties: { ...(json.properties as Json), ...properties } };
}

function objectPaths(obj: ResolvedObject): Json {
  const name = obj.label.replace(/\s/g, '');
  const ref = (n: string) => ({ $ref: `#/components/schemas/${n}` });
  const json = (schema: Json) => ({ content: { 'application/json': { schema } } });
  const errors = {
    400: { description: 'Invalid input', ...json(ref('Error')) },
    401: { description: 'Not signed in' },
    403: { description: 'Not allowed' },
  };
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  const tags = [obj.labelPlural];
  const filterable = [...obj.fields.values()].filter((f) => f.filterable);
  // What a list takes, and so what an export of that list takes.
  const listParams = [
    {
      name: 'sort',
      in: 'query',
      schema: { type: 'string' },
      description: `A sortable field, - for descending (default ${obj.defaultSort})`,
    },
    {
      name: 'q',
      in: 'query',
      schema: { type: 'string' },
      description: 'Full-text search, prefix and typo tolerant',
    },
    {
      name: 'filter',
      in: 'query',
      schema: { type: 'string' },
      description: 'JSON: {"op":"and","conditions":[{"field","cmp","value"}]}',
    },
    { name: 'deleted', in: 'query', schema: { type: 'boolean' }, description: 'List the bin instead' },
    ...filterable.map((f) => ({
      name: f.name,
      in: 'query',
      schema: { type: 'string' },
      description: f.type === 'anyRecord' ? `Links to (${f.name}), as object:id` : `Equals (${f.name})`,
    })),
  ];
  return {
    [`/api/v1/${obj.plural}`]: {
      get: {
        tags,
        summary: `List ${obj.labelPlural.toLowerCase()}`,
        operationId: `list${obj.labelPlural.replace(/\s/g, '')}`,
        parameters: [pageParam('limit'), pageParam('cursor'), ...listParams],
        responses: {
          200: {
            description: 'A page',
            ...json(shared(recordPage, { data: { type: 'array', items: ref(name) } })),
          },
          ...errors,
        },
      },
      post: {
        tags,
        summary: `Create a ${obj.label.toLowerCase()}`,
        operationId: `create${name}`,
        parameters: [
          {
            name: 'allowDuplicate',
            in: 'query',
            schema: { type: 'boolean' },
            description: 'Create even when a possible duplicate exists (else 409)',
          },
        ],
        requestBody: { required: true, ...json(ref(`${name}Input`)) },
        responses: {
          201: { description: 'Created', ...json(ref(name)) },
          409: { description: 'Possible duplicate', ...json(ref('Error')) },
          ...errors,
        },
      },
    },
    [`/api/v1/${obj.plural}/export.csv`]: {
      get: {
        tags,
        summary: `Export ${obj.labelPlural.toLowerCase()} as CSV: the same query as the list, every page, streamed`,
        operationId: `export${obj.labelPlural.replace(/\s/g, '')}`,
        parameters: [
          ...listParams,
          {
            name: 'columns',
            in: 'query',
            schema: { type: 'string' },
            description: 'Comma-separated fields to export, in order (default: every field)',
          },
        ],
        responses: {
          200: {
            description: 'A CSV file (UTF-8, comma-separated, a header row)',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
          ...errors,
        },
      },
    },
    [`/api/v1/${obj.plural}/{id}`]: {
      get: {
        tags,
        summary: `Get a ${obj.label.toLowerCase()}`,
        operationId: `get${name}`,
        parameters: [idParam],
        responses: { 200: { description: 'The record', ...json(ref(name)) }, 404: { description: 'Not found' } },
      },
      patch: {
        tags,
        summary: `Update a ${obj.label.toLowerCase()}`,
        operationId: `update${name}`,
        parameters: [idParam],
        requestBody: { required: true, ...json(ref(`${name}Input`)) },
        responses: { 200: { description: 'Updated', ...json(ref(name)) }, ...errors },
      },
      delete: {
        tags,
        summary: `Move a ${obj.label.toLowerCase()} to the bin`,
        operationId: `delete${name}`,
        parameters: [idParam],
        responses: { 204: { description: 'Deleted' }, ...errors },
      },
    },
    [`/api/v1/${obj.plural}/{id}/restore`]: {
      post: {
        tags,
        summary: 'Restore from the bin',
        operationId: `restore${name}`,
        parameters: [idParam],
        responses: { 200: { description: 'Restored', ...json(ref(name)) } },
      },
    },
    [`/api/v1/${obj.plural}/{id}/audit`]: {
      get: {
        tags,
        summary: "The record's history",
        operationId: `audit${name}`,
        parameters: [idParam],
        responses: { 200: { description: 'Audit entries, newest first', ...json(shared(recordHistory)) } },
      },
    },
    [`/api/v1/${obj.plural}/merge`]: {
      post: {
        tags,
        summary: 'Merge a duplicate into a record: related records, notes and history move to it',
        operationId: `merge${name}`,
        requestBody: { required: true, ...json(shared(mergeInput)) },
        responses: { 200: { description: 'The merged record', ...json(ref(name)) }, ...errors },
      },
    },
    [`/api/v1/${obj.plural}/duplicates`]: {
      post: {
        tags,
        summary: 'Possible duplicates of the given values (for warnings while typing)',
        operationId: `duplicates${name}`,
        requestBody: { required: true, ...json(shared(duplicatesBody(obj))) },
        responses: {
          200: { description: 'Possible duplicates with the reason', ...json(shared(duplicateList)) },
          ...errors,
        },
      },
    },
    [`/api/v1/${obj.plural}/bulk`]: {
      post: {
        tags,
        summary: 'Update or delete many at once (all or nothing)',
        operationId: `bulk${name}`,
        requestBody: { required: true, ...json(shared(bulkInput, { values: ref(`${name}Input`) })) },
        responses: { 200: { description: 'Count changed', ...json(shared(bulkResult)) }, ...errors },
      },
    },
  };
}

/** The object as a stranger may see it described: built-in fields only (custom fields are the organisation's own). */
const withoutCustomFields = (obj: ResolvedObject): ResolvedObject => ({
  ...obj,
  fields: new Map([...obj.fields].filter(([, f]) => !f.custom)),
});

export function openApiDocument(app: FastifyInstance, registry: Registry, opts: { signedIn: boolean }): Json {
  const base = structuredClone(app.swagger()) as Json & { paths: Json; components?: { schemas?: Json } };
  const schemas: Json = {
    ...(base.components?.schemas ?? {}),
    Error: shared(apiError),
  };
  for (const entry of registry.all()) {
    const obj = opts.signedIn ? entry : withoutCustomFields(entry);
    Object.assign(schemas, objectSchemas(obj));
    Object.assign(base.paths, objectPaths(obj));
  }
  return {
    ...base,
    components: {
      ...(base.components ?? {}),
      schemas,
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kith_session',
          description: 'Writes also need the X-CSRF-Token header',
        },
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made in Settings → API keys' },
      },
    },
    security: [{ session: [] }, { apiKey: [] }],
  };
}
