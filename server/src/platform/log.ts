// Structured logs (pino). Request lines carry method, path and client — never headers, cookies,
// bodies, or a token that arrived in a query string.
import pino, { type DestinationStream, type Logger } from 'pino';

const secretParams = /([?&](?:token|key|api_key|password|secret|code)=)[^&#]*/gi;

/** Secrets in a path: a calendar feed's address is its token. */
const secretPaths = /(\/calendar\/feed\/)[^/?#]+?(\.ics)?(?=$|[?#])/gi;

export const redactUrl = (url: string) =>
  url.replace(secretParams, '$1[redacted]').replace(secretPaths, '$1[redacted]$2');

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
      serializers: {
        req: (req: { method: string; url: string; ip?: string; id?: string }) => ({
          id: req.id,
          method: req.method,
          url: redactUrl(req.url),
          ip: req.ip,
        }),
      },
    },
    destination as DestinationStream,
  );
}
