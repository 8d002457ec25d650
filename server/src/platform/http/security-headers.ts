// Security headers on every response, the web app's included (helmet): scripts only from Kith
// itself, never framed, no MIME sniffing, no URL (reset links carry tokens) sent to other sites,
// and HSTS when Kith is served over https.
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

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

/**
 * The headers helmet sets for these options, worked out once. The headers are the same for every
 * response, and the Fastify plugin built a new helmet, re-parsing the policy, on every request.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let called = false;
  helmet(options)({} as never, res as never, () => {
    called = true;
  });
  if (!called) throw new Error('helmet did not finish synchronously');
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  const common: HelmetOptions = {
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  };
  const everywhere = helmetHeaders({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, ...(opts.https ? { upgradeInsecureRequests: [] } : {}) },
    },
  });
  const docs = helmetHeaders({
    ...common,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { ...directives, scriptSrc: ["'self'", "'unsafe-inline'"], connectSrc: ["'self'"] },
    },
  });
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(docsPrefix) ? docs : everywhere);
    done();
  });
}
