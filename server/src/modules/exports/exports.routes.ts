// GET /api/v1/{plural}/export.csv: the list's query parameters (q, filter, sort, field equality)
// plus columns=a,b,c. The static segment export.csv wins over /api/v1/:plural/:id in the router.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalid, notFound } from '../../platform/errors.ts';
import type { CtxFactory } from '../../platform/http/request-context.ts';
import { parseListQuery } from '../../platform/records/records.routes.ts';
import { exportCsv } from './exports.service.ts';

export function exportsRoutes(app: FastifyInstance, ctxOf: CtxFactory) {
  app.get('/api/v1/:plural/export.csv', { schema: { hide: true } }, async (request: FastifyRequest, reply) => {
    const ctx = ctxOf(request);
    const obj = ctx.registry.byPlural((request.params as { plural: string }).plural);
    if (!obj) throw notFound(`No route or object "${(request.params as { plural: string }).plural}"`);
    // Paging is the export's own business: limit and cursor are ignored, columns is ours.
    const { columns, limit: _limit, cursor: _cursor, ...listQuery } = request.query as Record<string, unknown>;
    if (columns !== undefined && typeof columns !== 'string')
      throw invalid('columns: give this parameter once', { columns: 'repeated' });
    const params = parseListQuery(obj, listQuery);
    const { fileName, stream } = await exportCsv(ctx, obj.name, params, columns as string | undefined);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'no-store')
      .send(stream);
  });
}
