// GET /api/v1/{plural}/aggregate and /api/v1/{plural}/groups for every registry object: counts and
// metrics per group, and a board's first page per group. They take the list's q, filter and
// field=value parameters. The static last segment wins over /api/v1/:plural/:id in the router.
import { aggregateQuery, aggregateResult, groupsQuery, groupsResult } from '@kith/common/api/aggregates';
import { apiError } from '@kith/common/api/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Ctx } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { jsonSerializer } from '../http/json-buffer.ts';
import type { CtxFactory } from '../http/request-context.ts';
import type { ResolvedObject } from '../registry/registry.ts';
import { type AggregateParams, aggregateRecords } from './aggregate.ts';
import { parseGroupBy, parseGroupKey, parseMetrics } from './aggregate-query.ts';
import { type GroupPagesParams, groupRecords } from './group-pages.ts';
import { parseListQuery } from './records.routes.ts';

function objectFor(ctx: Ctx, plural: string): ResolvedObject {
  const obj = ctx.registry.byPlural(plural);
  if (!obj) throw notFound(`No route or object "${plural}"`);
  return obj;
}

type Query = Record<string, unknown> & { groupBy?: string; bucket?: string; metrics?: string; groupLimit: number };

/** The list's own parameters (q, filter, field=value) as the list reads them; list paging is refused here. */
function listPart(obj: ResolvedObject, rest: Record<string, unknown>, refused: string[]) {
  for (const k of refused)
    if (k in rest) throw invalid(`${k}: is not a parameter here`, { [k]: 'is not a known parameter' });
  const { q, filter, equals } = parseListQuery(obj, rest);
  return { q, filter, equals };
}

export function parseAggregateParams(obj: ResolvedObject, query: Query): AggregateParams {
  const { groupBy, bucket, metrics, groupLimit, ...rest } = query;
  if (groupBy === undefined && bucket !== undefined)
    throw invalid('bucket: give groupBy too (a date or date-time field)', { bucket: 'needs groupBy' });
  return {
    groupBy: groupBy === undefined ? null : parseGroupBy(obj, groupBy, bucket),
    metrics: parseMetrics(obj, metrics),
    groupLimit,
    ...listPart(obj, rest, ['limit', 'cursor', 'sort', 'deleted', 'group']),
  };
}

export function parseGroupsParams(
  obj: ResolvedObject,
  query: Query & { groupBy: string; limit: number; sort?: string; group?: string; cursor?: string; fields?: string },
): GroupPagesParams {
  const { groupBy, bucket, metrics, groupLimit, limit, sort, group, cursor, fields, ...rest } = query;
  const spec = parseGroupBy(obj, groupBy, bucket);
  return {
    ...(fields !== undefined ? { fields: parseFieldList(obj, fields) } : {}),
    groupBy: spec,
    metrics: parseMetrics(obj, metrics),
    groupLimit,
    limit,
    sort: sort || undefined,
    cursor: cursor || undefined,
    ...(group !== undefined ? { group: parseGroupKey(spec, group) } : {}),
    ...listPart(obj, rest, ['deleted']),
  };
}

/** `fields=email,ownerId`: names of the entry's fields, each once. */
export function parseFieldList(obj: ResolvedObject, raw: string): string[] {
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  names.forEach((n, i) => {
    if (!obj.fields.has(n)) throw invalid(`fields.${i}: unknown field "${n}"`, { [`fields.${i}`]: 'unknown field' });
    if (names.indexOf(n) !== i) throw invalid(`fields.${i}: "${n}" is named twice`, { [`fields.${i}`]: 'twice' });
  });
  return names;
}

export function aggregateRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['aggregates'];
  const params = z.strictObject({ plural: z.string().max(100).describe('An object, e.g. contacts') });
  const errors = { 400: apiError, 403: apiError, 404: apiError };

  r.get(
    '/api/v1/:plural/aggregate',
    {
      schema: {
        tags,
        summary: "Counts and metrics per group of the records the reader's list shows (same q, filter, field=value)",
        params,
        querystring: aggregateQuery,
        response: { 200: aggregateResult, ...errors },
      },
    },
    async (request) => {
      const ctx = ctxOf(request);
      const obj = objectFor(ctx, request.params.plural);
      return aggregateRecords(ctx, obj.name, parseAggregateParams(obj, request.query));
    },
  );

  r.get(
    '/api/v1/:plural/groups',
    {
      schema: {
        tags,
        summary:
          'A board: per group its count, metrics and first page of records; with group and cursor, the next page',
        params,
        querystring: groupsQuery,
        response: { 200: groupsResult, ...errors },
      },
      // Out as plain JSON in pieces (jsonSerializer), as the list's pages skip zod (decision 010's addendum): a board's
      // 300 records through zod cost it more than its counts. Documented by the schema above and
      // held to it by group-pages.test.ts, which parses real answers with it.
      serializerCompiler: () => jsonSerializer,
    },
    async (request) => {
      const ctx = ctxOf(request);
      const obj = objectFor(ctx, request.params.plural);
      return groupRecords(ctx, obj.name, parseGroupsParams(obj, request.query));
    },
  );
}
