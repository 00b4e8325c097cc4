import type { IncomingMessage } from 'node:http';
import type { LoggerOptions } from 'pino';
import type { Options as HttpLoggerOptions } from 'pino-http';

/** The tenant id is attached to the request by the tenancy guard; logs carry it from there. */
export type TenantAwareRequest = IncomingMessage & { id?: string; tenantId?: string };

/** Levels at which a request's own log lines ("request completed", at info) are written. */
const REQUEST_LOG_LEVELS = new Set(['info', 'debug', 'trace']);

/**
 * Whether each request gets its own logger (pino-http): only when its access line can be
 * written. Above info that logger would cost every request a child logger, a serialized
 * request and a context switch for lines nobody keeps; errors are logged by the exception
 * filter with the request id and tenant either way.
 */
export function logsRequests(level: string): boolean {
  return REQUEST_LOG_LEVELS.has(level);
}

/** The process-wide pino logger: JSON lines on stdout, tagged with the service. */
export function rootLoggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers["x-api-key"]',
        'req.headers["x-admin-key"]',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
  };
}

/** The access log (one line per request) written through the root logger. */
export function httpLoggerOptions(): HttpLoggerOptions {
  return {
    genReqId: (req) => (req as TenantAwareRequest).id ?? '',
    customProps: (req) => {
      const tenantId = (req as TenantAwareRequest).tenantId;
      return tenantId ? { tenantId } : {};
    },
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/readyz' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
    },
  };
}
