// Every error leaves as { error: { code, message, details? } }; only unexpected ones are 500s.
import type { ErrorCode } from '@kith/common';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.ts';

const statusCodes: Record<number, ErrorCode> = {
  400: 'INVALID',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'INVALID',
  429: 'RATE_LIMITED',
};

export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const where = err.validationContext ?? 'body';
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        if (v.keyword === 'unrecognized_keys') {
          for (const k of (v.params as { keys?: string[] }).keys ?? [])
            fields[[path, k].filter(Boolean).join('.')] =
              `is not a known ${where === 'querystring' ? 'parameter' : 'field'}`;
        } else fields[path || where] = v.message ?? 'is invalid';
      }
      const message = Object.entries(fields)
        .map(([k, m]) => `${k}: ${m}`)
        .slice(0, 5)
        .join('; ');
      return reply.status(400).send({ error: { code: 'INVALID', message, details: { fields } } });
    }
    // A unique index caught what a check before the write could not: a concurrent write of the same key.
    if ((err as { code?: unknown }).code === '23505')
      return reply.status(409).send({
        error: {
          code: 'CONFLICT',
          message: 'Another change with the same key was saved at the same time: reload and try again',
        },
      });
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const code = statusCodes[status] ?? 'INVALID';
      const message =
        err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError
          ? 'body: is not valid JSON'
          : err.message;
      return reply.status(status).send({ error: { code, message } });
    }
    request.log.error({ err }, 'unexpected error');
    return reply
      .status(500)
      .send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' } });
  });
}
