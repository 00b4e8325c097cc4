import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The caller's `Authorization` header once the auth guard verified it (`request.user` set),
 * so the ledger can reach the tracer as that caller; undefined while auth is off.
 */
export const CallerAuthorization = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => {
    const request = context.switchToHttp().getRequest<Request & { user?: unknown }>();
    const header = request.headers.authorization;
    return request.user && typeof header === 'string' ? header : undefined;
  },
);
