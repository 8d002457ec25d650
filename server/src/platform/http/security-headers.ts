// Security headers on every response, the web app's included (@fastify/helmet): scripts only from
// Kith itself, never framed, no MIME sniffing, no URL (reset links carry tokens) sent to other
// sites, and HSTS when Kith is served over https.
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

const directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  // Mantine sets style attributes; styles cannot run code.
  styleSrc: ["'self'", "'unsafe-inline'"],
  // Avatars may be any http(s) picture a user names.
  imgSrc: ["'self'", 'data:', 'blob:', 'https:', 'http:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** The API reference (a third-party page) starts itself with an inline script: it alone may. */
const docsPrefix = '/api/docs';
const docsHelmet = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { ...directives, scriptSrc: ["'self'", "'unsafe-inline'"], connectSrc: ["'self'"] },
  },
};

export async function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(docsPrefix)) route.config = { ...(route.config ?? {}), helmet: docsHelmet } as never;
  });
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, ...(opts.https ? { upgradeInsecureRequests: [] } : {}) },
    },
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}
