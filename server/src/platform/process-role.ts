// KITH_ROLE: several processes against one PostgreSQL, each doing its part.
// - all:    serves the API and the web app, and runs the background jobs (the default).
// - web:    serves; runs no jobs (it still sends them: they wait in the database for a worker).
// - worker: runs the jobs; serves only what a load balancer or a scraper asks of it.
import type { FastifyInstance } from 'fastify';

export type ProcessRole = 'all' | 'web' | 'worker';

export const runsJobs = (role: ProcessRole) => role !== 'web';

/** What a worker answers over HTTP: is it up, does its database answer, its metrics. */
const workerPaths = new Set(['/api/v1/health', '/api/v1/ready', '/metrics']);

/** In a worker, every other path is a 404 before any other hook (no sign-in, no body read). */
export function installRoleGate(app: FastifyInstance, role: ProcessRole): void {
  if (role !== 'worker') return;
  app.addHook('onRequest', async (request, reply) => {
    if (workerPaths.has(request.url.split('?')[0])) return;
    return reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: 'This Kith process runs background jobs only (KITH_ROLE=worker): it serves health and metrics',
      },
    });
  });
}
