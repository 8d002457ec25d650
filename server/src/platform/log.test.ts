import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger, redactUrl } from './log.ts';

it('keeps tokens in query strings out of the logs', () => {
  expect(redactUrl('/api/v1/invitations/lookup?token=abc123&x=1')).toBe(
    '/api/v1/invitations/lookup?token=[redacted]&x=1',
  );
  expect(redactUrl('/reset?a=1&password=hunter2')).toBe('/reset?a=1&password=[redacted]');
  expect(redactUrl('/api/v1/contacts?q=token')).toBe('/api/v1/contacts?q=token');
  expect(redactUrl('/api/v1/calendar/feed/s3cr3t-T0ken.ics')).toBe('/api/v1/calendar/feed/[redacted].ics');
});

it('a logged request line holds no headers', () => {
  const lines: string[] = [];
  const log = createLogger(
    'info',
    new Writable({
      write: (c, _e, cb) => {
        lines.push(String(c));
        cb();
      },
    }),
  );
  log.info(
    { req: { method: 'GET', url: '/x?token=t0k3n', headers: { cookie: 'kith_session=s3cr3t' } } },
    'incoming request',
  );
  expect(lines.join('')).not.toMatch(/s3cr3t|t0k3n/);
});
