import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
  Optional,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorDefinition } from './domain-error';
import { httpStatusOf } from './http-status';
import type { TenantAwareRequest } from '../logging/logger.options';
import { PlatformErrors } from './platform-errors';
import { routedMethods, type RoutedApp } from '../http/routed-methods';
import { dependencyFaultOf, dependencyUnavailable } from './dependency-fault';
import { DependencyOutages } from './dependency-outages';

export interface ErrorEnvelope {
  code: string;
  title: string;
  message: string;
  entityType?: string;
  fields?: Record<string, string>;
  /** Present (true) on every 503: the request changed nothing and may be sent again. */
  retryable?: true;
}

/**
 * The one place where failures become HTTP responses. Domain errors carry their code;
 * framework exceptions are translated to the same envelope; a dependency fault (database,
 * cache, broker or tenant-manager down) is a 503 counted by DependencyOutages instead of
 * logged per request; anything else is logged and answered with a generic 500 that never
 * leaks internals.
 */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() private readonly outages?: DependencyOutages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const fault = dependencyFaultOf(exception);
    if (fault) this.outages?.record(fault);
    const error =
      fault && !(exception instanceof DomainError)
        ? dependencyUnavailable(fault)
        : this.toDomainError(exception, request);
    const status = httpStatusOf(error.definition.kind);

    if (status >= 500 && error.definition.kind === 'internal') {
      this.logger.error(
        {
          err: exception,
          path: request?.url,
          method: request?.method,
          requestId: (request as TenantAwareRequest | undefined)?.id,
          tenantId: (request as TenantAwareRequest | undefined)?.tenantId,
        },
        'unhandled error',
      );
    }
    if (response.headersSent) return;

    const { entityType, fields, retryAfterSec, allow } = error.details;
    if (retryAfterSec !== undefined) response.setHeader('Retry-After', String(retryAfterSec));
    if (Array.isArray(allow)) response.setHeader('Allow', allow.join(', '));
    const body: ErrorEnvelope = {
      code: error.definition.code,
      title: error.definition.title,
      message: error.message,
      ...(entityType ? { entityType } : {}),
      ...(fields ? { fields } : {}),
      ...(status === 503 ? { retryable: true as const } : {}),
    };
    response.status(status).json(body);
  }

  private toDomainError(exception: unknown, request: Request): DomainError {
    if (exception instanceof DomainError) return exception;
    // Express wraps body-parser failures in an HttpException whose cause says what failed.
    const bodyParserError =
      fromBodyParserError(exception) ??
      (exception instanceof HttpException ? fromBodyParserError(exception.cause) : undefined);
    if (bodyParserError) return bodyParserError;
    if (exception instanceof HttpException) return fromHttpException(exception, request);
    return new DomainError(PlatformErrors.INTERNAL, 'The server encountered an unexpected error.');
  }
}

function fromHttpException(exception: HttpException, request: Request): DomainError {
  const status = exception.getStatus();
  const definitions: Partial<Record<number, ErrorDefinition>> = {
    [HttpStatus.BAD_REQUEST]: PlatformErrors.BAD_REQUEST,
    [HttpStatus.UNAUTHORIZED]: PlatformErrors.TOKEN_INVALID,
    [HttpStatus.FORBIDDEN]: PlatformErrors.INSUFFICIENT_PRIVILEGES,
    [HttpStatus.NOT_FOUND]: PlatformErrors.ROUTE_NOT_FOUND,
    [HttpStatus.METHOD_NOT_ALLOWED]: PlatformErrors.METHOD_NOT_ALLOWED,
    [HttpStatus.PAYLOAD_TOO_LARGE]: PlatformErrors.PAYLOAD_TOO_LARGE,
    [HttpStatus.SERVICE_UNAVAILABLE]: PlatformErrors.TENANT_UNAVAILABLE,
  };
  const definition =
    definitions[status] ?? (status >= 500 ? PlatformErrors.INTERNAL : PlatformErrors.BAD_REQUEST);
  if (definition === PlatformErrors.ROUTE_NOT_FOUND) {
    // A path that exists for other methods answers 405 with Allow, as Midaz does, not 404.
    const allow = routedMethods(request.app as RoutedApp, request.path);
    if (allow.length > 0 && !allow.includes(request.method)) {
      return new DomainError(
        PlatformErrors.METHOD_NOT_ALLOWED,
        `${request.method} is not allowed on ${request.path}; it answers ${allow.join(', ')}.`,
        { allow },
      );
    }
    return new DomainError(definition, `No route matches ${request.method} ${request.path}.`);
  }
  if (definition === PlatformErrors.INTERNAL) {
    return new DomainError(definition, 'The server encountered an unexpected error.');
  }
  const payload = exception.getResponse();
  const message =
    typeof payload === 'object' && payload !== null && 'message' in payload
      ? String((payload as { message: unknown }).message)
      : exception.message;
  return new DomainError(definition, message);
}

/** body-parser failures arrive as plain errors with a `type` and a `status`. */
function fromBodyParserError(exception: unknown): DomainError | undefined {
  if (typeof exception !== 'object' || exception === null || !('type' in exception))
    return undefined;
  const type = String((exception as { type: unknown }).type);
  if (type === 'entity.parse.failed') {
    return new DomainError(
      PlatformErrors.INVALID_REQUEST_BODY,
      'The request body is not valid JSON.',
    );
  }
  if (type === 'entity.too.large') {
    return new DomainError(PlatformErrors.PAYLOAD_TOO_LARGE, 'The request body is too large.');
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new DomainError(
      PlatformErrors.BAD_REQUEST,
      'The request body encoding is not supported.',
    );
  }
  return undefined;
}
