// REST routes for every registry object: /api/v1/{plural}[/{id}]. One set of routes serves all
// objects, including ones added at run time; OpenAPI for them is generated from the registry.
import type { AuditEntry } from '@kith/common/api/audit';
import {
  type ApiRecord,
  type BulkResult,
  bulkInput,
  type DuplicateList,
  duplicatesInput,
  mergeInput,
  type RecordHistory,
  type RecordPage,
} from '@kith/common/api/records';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { sql } from '../../db/sql.ts';
import type { Ctx } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import type { CtxFactory } from '../http/request-context.ts';
import { assertCan } from '../permissions.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import { equalityFilters, parseFilter } from './list-query.ts';
import { mergeRecords } from './merge.ts';
import {
  bulkRecords,
  createRecord,
  deleteRecord,
  findDuplicates,
  getRecord,
  listRecords,
  restoreRecord,
  updateRecord,
} from './records.service.ts';
import { validateValues, zodToInvalid } from './validate.ts';

const listParams = new Set(['limit', 'cursor', 'sort', 'q', 'filter', 'deleted']);

function objectFor(ctx: Ctx, plural: string): ResolvedObject {
  const obj = ctx.registry.byPlural(plural);
  if (!obj) throw notFound(`No route or object "${plural}"`);
  return obj;
}

export function parseListQuery(obj: ResolvedObject, query: Record<string, unknown>) {
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) {
    if (typeof v !== 'string') throw invalid(`${k}: give this parameter once`, { [k]: 'repeated' });
    strings[k] = v;
  }
  const { limit, cursor, sort, q, filter, deleted, ...rest } = strings;
  const n = limit === undefined ? 50 : Number(limit);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw invalid('limit: must be a whole number from 1 to 500', { limit: 'out of range' });
  if (deleted !== undefined && deleted !== 'true' && deleted !== 'false')
    throw invalid('deleted: must be true or false', { deleted: 'not a boolean' });
  if (q !== undefined && q.length > 200) throw invalid('q: at most 200 characters', { q: 'too long' });
  if (cursor !== undefined && cursor.length > 2000)
    throw invalid('cursor: is not a cursor this API handed out', { cursor: 'malformed' });
  for (const k of Object.keys(rest)) if (listParams.has(k)) delete rest[k];
  return {
    limit: n,
    cursor: cursor || undefined,
    sort: sort || undefined,
    q: q || undefined,
    filter: filter ? parseFilter(filter) : undefined,
    equals: equalityFilters(obj, rest),
    deleted: deleted === 'true',
  };
}

/** A body checked against its shared contract, in the handler: the object and its permissions come first. */
function bodyOf<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw zodToInvalid(parsed.error, body);
  return parsed.data;
}

function idParam(request: FastifyRequest): string {
  return (request.params as { id: string }).id;
}

export function recordsRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const hide = { schema: { hide: true } };
  const plural = (request: FastifyRequest) => (request.params as { plural: string }).plural;

  // Records answer without a response schema: their fields are the object's, and JSON.stringify
  // is what keeps a page of them fast. Their shape is the shared one (RecordPage, ApiRecord),
  // checked per object against real answers by records-contract.test.ts.
  app.get('/api/v1/:plural', hide, async (request): Promise<RecordPage> => {
    const ctx = ctxOf(request);
    const obj = objectFor(ctx, plural(request));
    return listRecords(ctx, obj.name, parseListQuery(obj, request.query as Record<string, unknown>));
  });

  app.post('/api/v1/:plural', hide, async (request, reply) => {
    const ctx = ctxOf(request);
    const obj = objectFor(ctx, plural(request));
    const allowDuplicate = (request.query as Record<string, string>).allowDuplicate === 'true';
    const record = await createRecord(ctx, obj.name, request.body, { allowDuplicate });
    return reply.status(201).send(record);
  });

  // Checks for possible duplicates before saving (the form warns as the user types).
  app.post('/api/v1/:plural/duplicates', hide, async (request): Promise<DuplicateList> => {
    const ctx = ctxOf(request);
    const obj = objectFor(ctx, plural(request));
    const { excludeId, ...values } = bodyOf(duplicatesInput, request.body);
    return {
      data: await findDuplicates(ctx, obj, validateValues(obj, values, 'update'), excludeId ?? undefined),
    };
  });

  app.post('/api/v1/:plural/merge', hide, async (request): Promise<ApiRecord> => {
    const ctx = ctxOf(request);
    const obj = objectFor(ctx, plural(request));
    return mergeRecords(ctx, obj.name, bodyOf(mergeInput, request.body));
  });

  app.post('/api/v1/:plural/bulk', hide, async (request): Promise<BulkResult> => {
    const ctx = ctxOf(request);
    const obj = objectFor(ctx, plural(request));
    return bulkRecords(ctx, obj.name, bodyOf(bulkInput, request.body));
  });

  app.get('/api/v1/:plural/:id', hide, async (request): Promise<ApiRecord> => {
    const ctx = ctxOf(request);
    return getRecord(ctx, objectFor(ctx, plural(request)).name, idParam(request));
  });

  app.patch('/api/v1/:plural/:id', hide, async (request): Promise<ApiRecord> => {
    const ctx = ctxOf(request);
    return updateRecord(ctx, objectFor(ctx, plural(request)).name, idParam(request), request.body);
  });

  app.delete('/api/v1/:plural/:id', hide, async (request, reply) => {
    const ctx = ctxOf(request);
    await deleteRecord(ctx, objectFor(ctx, plural(request)).name, idParam(request));
    return reply.status(204).send();
  });

  app.post('/api/v1/:plural/:id/restore', hide, async (request): Promise<ApiRecord> => {
    const ctx = ctxOf(request);
    return restoreRecord(ctx, objectFor(ctx, plural(request)).name, idParam(request));
  });

  app.get('/api/v1/:plural/:id/audit', hide, async (request): Promise<RecordHistory> => {
    const ctx = ctxOf(request);
    const obj = objectFor(ctx, plural(request));
    await getRecord(ctx, obj.name, idParam(request)); // visible to this principal?
    assertCan(ctx.principal, obj.name, 'read');
    const rows = await ctx.db.query<AuditRow>(sql`
      SELECT a.id, a.at, a.action, a.actor_id, a.actor_kind, a.changes, a.ip, u.name AS actor_name
      FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
      WHERE a.object_type = ${obj.name} AND (a.record_id = ${idParam(request)}::uuid OR a.record_id IN (
        SELECT from_id FROM record_merges WHERE object_type = ${obj.name} AND into_id = ${idParam(request)}::uuid))
      ORDER BY a.at DESC, a.id DESC LIMIT 200`);
    return { data: rows.map(auditJson) };
  });
}

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  actor_id: string | null;
  actor_kind: string;
  actor_name: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  object_type?: string | null;
  record_id?: string | null;
}

export const auditJson = (r: AuditRow): AuditEntry => ({
  id: r.id,
  at: new Date(r.at).toISOString(),
  action: r.action,
  actor: r.actor_id
    ? { id: r.actor_id, title: r.actor_name ?? (r.actor_kind === 'apiKey' ? 'API key' : 'Unknown') }
    : null,
  actorKind: r.actor_kind,
  ip: r.ip,
  changes: r.changes ?? {},
  ...(r.object_type !== undefined ? { objectType: r.object_type, recordId: r.record_id } : {}),
});
