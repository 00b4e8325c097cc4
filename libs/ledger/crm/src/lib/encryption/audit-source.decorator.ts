import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuditSource } from './key-ring';

/**
 * Who is asking, for the protection audit: the token's subject when auth is on
 * (`anonymous` without auth), and the request id every response carries.
 */
export const CurrentAuditSource = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuditSource => {
    const request = context
      .switchToHttp()
      .getRequest<Request & { id?: string; user?: { sub?: string } }>();
    return { actor: request.user?.sub ?? 'anonymous', requestId: request.id ?? '' };
  },
);
