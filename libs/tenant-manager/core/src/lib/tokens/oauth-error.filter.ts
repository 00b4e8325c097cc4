import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { DomainError, httpStatusOf, PlatformErrors } from '@finplat/platform';
import type { Response } from 'express';
import { TenantManagerErrors } from '../tenant-manager.errors';

const OAUTH_ERRORS: Record<string, string> = {
  [TenantManagerErrors.INVALID_CLIENT.code]: 'invalid_client',
  [TenantManagerErrors.UNSUPPORTED_GRANT_TYPE.code]: 'unsupported_grant_type',
  [TenantManagerErrors.INVALID_TOKEN_REQUEST.code]: 'invalid_request',
  [PlatformErrors.TENANT_SUSPENDED.code]: 'unauthorized_client',
};

function oauthError(error: DomainError, status: number): string {
  const mapped = OAUTH_ERRORS[error.code];
  if (mapped) return mapped;
  if (status === 503) return 'temporarily_unavailable';
  return status >= 500 ? 'server_error' : 'invalid_request';
}

/**
 * Token endpoint failures in both dialects: RFC 6749's `error` / `error_description`, which
 * OAuth client libraries read, and the platform's `code` / `title` / `message` envelope,
 * which every other route answers with. Same HTTP status as anywhere else.
 */
@Catch(DomainError)
export class OAuthErrorFilter implements ExceptionFilter {
  catch(error: DomainError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    const status = httpStatusOf(error.definition.kind);
    if (status === 401) response.setHeader('WWW-Authenticate', 'Basic realm="tenant-manager"');
    response.setHeader('Cache-Control', 'no-store');
    response.status(status).json({
      error: oauthError(error, status),
      error_description: error.message,
      code: error.code,
      title: error.definition.title,
      message: error.message,
    });
  }
}
