// Prometheus metrics at /metrics: process defaults plus request counts and latencies. Only for
// admins (a session or an admin's API key) or a scraper holding KITH_METRICS_TOKEN.
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { passwordHashesSoFar, safeEqual } from './auth/crypto.ts';
import { forbidden, unauthenticated } from './errors.ts';
import { metricsPath, publicRoute } from './http/request-context.ts';

export function installMetrics(app: FastifyInstance, opts: { token?: string } = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kith_' });
  const duration = new Histogram({
    name: 'kith_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Counter({
    name: 'kith_password_hashes_total',
    help: 'argon2 runs (sign-in, password changes): each costs about 30 ms of CPU',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(passwordHashesSoFar());
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // Public as far as the sign-in check goes: the token is checked here, admins are let through.
  app.get(metricsPath, { config: publicRoute, schema: { hide: true } }, async (request, reply) => {
    const auth = request.headers.authorization ?? '';
    const byToken = opts.token !== undefined && safeEqual(auth, `Bearer ${opts.token}`);
    if (!byToken) {
      if (!request.principal)
        throw unauthenticated('Metrics need an admin, or the KITH_METRICS_TOKEN as a bearer token');
      if (!request.principal.role.isAdmin) throw forbidden('Only admins may read the metrics');
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
