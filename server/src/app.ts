// Builds the Fastify app from its parts. No side effects: main.ts opens the database and listens.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifyWebsocket from '@fastify/websocket';
import scalar from '@scalar/fastify-api-reference';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { FilesConfig } from './config.ts';
import type { Db } from './db/database.ts';
import { sql } from './db/sql.ts';
import { modules } from './modules/index.ts';
import { approvalsRoutes } from './platform/approvals/approvals.routes.ts';
import { authRoutes } from './platform/auth/auth.routes.ts';
import { startAuthCaches } from './platform/auth/auth-cache.ts';
import { passwordResetRoutes, registerPasswordResetWorker } from './platform/auth/password-reset.ts';
import { customFieldsRoutes } from './platform/custom-fields/custom-fields.routes.ts';
import { registerSearchReindexWorker } from './platform/custom-fields/search-reindex.ts';
import type { EventHandlers } from './platform/event-handlers.ts';
import { installErrorHandler } from './platform/http/error-handler.ts';
import { installInputGuard } from './platform/http/input-guard.ts';
import { openApiDocument } from './platform/http/openapi.ts';
import { installAuth, makeCtxFactory, publicRoute } from './platform/http/request-context.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import type { Jobs } from './platform/jobs.ts';
import { registerMailWorker } from './platform/mail.ts';
import { installMetrics } from './platform/metrics.ts';
import { installModules, type KithModule } from './platform/module.ts';
import { platformRoutes } from './platform/platform.routes.ts';
import { installRoleGate, type ProcessRole, runsJobs } from './platform/process-role.ts';
import { type Realtime, startRealtime } from './platform/realtime.ts';
import { aggregateRoutes } from './platform/records/aggregate.routes.ts';
import { recordsRoutes } from './platform/records/records.routes.ts';
import type { Registry } from './platform/registry/registry.ts';
import { viewsRoutes } from './platform/views/views.routes.ts';

/** Settings modules need from the configuration. */
export interface AppSettings {
  dataDir: string;
  publicUrl: string;
  smtpUrl?: string;
  mailFrom: string;
  /** Attachments: size limit and storage (the data directory, 25 MB, when absent). */
  files?: FilesConfig;
}

export interface AppDeps {
  settings: AppSettings;
  db: Db;
  registry: Registry;
  jobs: Jobs;
  logger: Logger | false;
  now?: () => Date;
  secureCookies?: boolean;
  /** A bearer token that may read /metrics (besides admins). */
  metricsToken?: string;
  /** Proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none by default. */
  trustedProxies?: string[];
  /** The domain modules to wire (modules/index.ts by default). */
  modules?: readonly KithModule[];
  /** Serve the built web app from here (absent in API-only tests). */
  webDist?: string;
  databaseUrl?: string;
  realtime?: boolean;
  seedDemo?: (adminId: string) => Promise<void>;
  /** KITH_ROLE: a worker serves only health and metrics. */
  role?: ProcessRole;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeList: Array<{ method: string; url: string; public: boolean }>;
    /** The modules' event handlers in this process (null: none, or a web-only process). */
    eventHandlers: EventHandlers | null;
  }
}

export const webDistDir = join(import.meta.dirname, '..', '..', 'web', 'dist');

export async function buildApp(deps: AppDeps): Promise<FastifyInstance & { realtime?: Realtime }> {
  const now = deps.now ?? (() => new Date());
  const app = Fastify({
    loggerInstance: deps.logger || undefined,
    logger: deps.logger ? undefined : false,
    bodyLimit: 1_048_576,
    // A client's own X-Forwarded-For would let it pick its address (rate limits, the audit log).
    trustProxy: deps.trustedProxies?.length ? deps.trustedProxies : false,
    // Malformed URLs and the like: the same error shape as everything else.
    frameworkErrors: (err, _request, reply) => {
      (reply as unknown as { status(n: number): { send(b: unknown): void } })
        .status(400)
        .send({ error: { code: 'INVALID', message: `url: ${err.message}` } });
    },
  }) as unknown as FastifyInstance & { realtime?: Realtime };
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  installRoleGate(app, deps.role ?? 'all'); // first: a worker answers only health and metrics
  installInputGuard(app); // NUL characters and absurd nesting: a 400 naming the field, before any route
  // Every route, so a test can knock on each one (none may answer a stranger unless it means to).
  const routeList: Array<{ method: string; url: string; public: boolean }> = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat())
      routeList.push({ method, url: r.url, public: (r.config as { public?: boolean } | undefined)?.public === true });
  });
  app.decorate('routeList', routeList);

  installSecurityHeaders(app, { https: deps.settings.publicUrl.startsWith('https:') });
  await app.register(fastifyCookie);
  await app.register(fastifyWebsocket);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kith API',
        version: '1.0.0',
        description: 'The Kith CRM REST API. Lists use keyset pagination: pass nextCursor back as cursor.',
      },
    },
    transform: jsonSchemaTransform,
    // Schemas named with .meta({ id }) (a recursive filter) become components that routes refer to.
    transformObject: jsonSchemaTransformObject,
  });

  const authCaches = await startAuthCaches(deps.db, deps.databaseUrl, app.log);
  app.addHook('onClose', () => authCaches.stop());
  installAuth(app, { db: deps.db, now, cacheEnabled: authCaches.enabled });
  installMetrics(app, { token: deps.metricsToken });
  const ctxOf = makeCtxFactory({ db: deps.db, registry: deps.registry, jobs: deps.jobs, now });

  app.get(
    '/api/v1/health',
    { config: publicRoute, schema: { tags: ['operations'], summary: 'The process is up' } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/api/v1/ready',
    { config: publicRoute, schema: { tags: ['operations'], summary: 'The database answers' } },
    async (_request, reply) => {
      try {
        await deps.db.query(sql`SELECT 1`);
        return { status: 'ready', database: deps.db.kind };
      } catch {
        return reply.status(503).send({ error: { code: 'UNAVAILABLE', message: 'The database does not answer' } });
      }
    },
  );

  authRoutes(app, { db: deps.db, now, secureCookies: deps.secureCookies ?? false, seedDemo: deps.seedDemo });
  platformRoutes(app, ctxOf);
  // Module routes: one line each.
  await registerMailWorker(deps.jobs, deps.db, deps.settings, app.log);
  passwordResetRoutes(app, { db: deps.db, jobs: deps.jobs, now, settings: deps.settings });
  await registerPasswordResetWorker({ db: deps.db, jobs: deps.jobs, now, settings: deps.settings });
  viewsRoutes(app, ctxOf);
  customFieldsRoutes(app, ctxOf);
  await registerSearchReindexWorker({ db: deps.db, registry: deps.registry, jobs: deps.jobs, now, log: app.log });
  aggregateRoutes(app, ctxOf);
  approvalsRoutes(app, ctxOf);
  app.eventHandlers = await installModules(deps.modules ?? modules, {
    app,
    ctxOf,
    db: deps.db,
    registry: deps.registry,
    jobs: deps.jobs,
    now,
    settings: deps.settings,
    secureCookies: deps.secureCookies ?? false,
    runsJobs: runsJobs(deps.role ?? 'all'),
    databaseUrl: deps.databaseUrl,
  });
  recordsRoutes(app, ctxOf); // last: its /api/v1/:plural routes catch what no module claims
  if (deps.realtime !== false)
    app.realtime = await startRealtime(app, deps.db, deps.registry, deps.databaseUrl, {
      publicUrl: deps.settings.publicUrl,
      now,
    });

  app.get('/api/v1/openapi.json', { config: publicRoute, schema: { hide: true } }, async (request) =>
    openApiDocument(app, deps.registry, { signedIn: request.principal !== null }),
  );
  await app.register(scalar, {
    routePrefix: '/api/docs',
    configuration: { url: '/api/v1/openapi.json', title: 'Kith API' },
  });

  const hasWeb = deps.webDist !== undefined && existsSync(join(deps.webDist, 'index.html'));
  if (hasWeb) {
    // wildcard: files built after start-up (a rebuilt bundle) are served too; misses fall to the SPA handler.
    await app.register(fastifyStatic, { root: deps.webDist as string, wildcard: true, index: false });
    app.get('/', (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  // Client-side routes get the web app; unknown API paths stay JSON 404s.
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    if (!hasWeb || request.method !== 'GET' || path.startsWith('/api/') || path === '/metrics') {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${path}` } });
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  app.addHook('onClose', async () => {
    await app.eventHandlers?.stop();
    await app.realtime?.stop();
  });
  return app;
}
