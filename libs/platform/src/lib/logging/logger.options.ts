import type { Params } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';

/** The tenant id is attached to the request by the tenancy guard; logs carry it from there. */
export type TenantAwareRequest = IncomingMessage & { id?: string; tenantId?: string };

export function loggerOptions(service: string, level: string): Params {
  return {
    pinoHttp: {
      level,
      base: { service },
      genReqId: (req) => (req as TenantAwareRequest).id ?? '',
      customProps: (req) => {
        const tenantId = (req as TenantAwareRequest).tenantId;
        return tenantId ? { tenantId } : {};
      },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers["x-admin-key"]',
          'req.headers.cookie',
        ],
        censor: '[redacted]',
      },
      autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/readyz' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
      },
    },
  };
}
