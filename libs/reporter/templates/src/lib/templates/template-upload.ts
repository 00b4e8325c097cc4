import {
  CallHandler,
  ExecutionContext,
  HttpException,
  Injectable,
  NestInterceptor,
  type Type,
} from '@nestjs/common';
import { FileFieldsInterceptor } from '@nestjs/platform-express';
import { DomainError, PlatformErrors } from '@finplat/platform';
import { memoryStorage } from 'multer';
import { catchError, type Observable, throwError } from 'rxjs';
import { ReporterErrors } from '@finplat/reporter-domain';
import { TEMPLATE_FILE_FIELDS } from './templates.service';

/** Largest template file accepted; beyond it the upload is refused with 413. */
export const TEMPLATE_MAX_BYTES = 1024 * 1024;

/**
 * Parses a multipart template upload into memory: one file in `template` or `templateFile`
 * (at most TEMPLATE_MAX_BYTES), and small text fields.
 */
export const TemplateFilesInterceptor: Type<NestInterceptor> = FileFieldsInterceptor(
  TEMPLATE_FILE_FIELDS.map((name) => ({ name, maxCount: 1 })),
  {
    storage: memoryStorage(),
    limits: { fileSize: TEMPLATE_MAX_BYTES, files: 2, fields: 20, fieldSize: 64 * 1024 },
  },
);

interface MulterErrorLike {
  code?: string;
  field?: string;
}

/**
 * Gives multer's failures the platform's envelope and Reporter's codes: an oversized file is
 * 413 naming the limit, a file in an unknown field (or a second file) is TPL-0005 naming the
 * field. Other failures pass through unchanged. Bound before TemplateFilesInterceptor.
 */
@Injectable()
export class TemplateUploadErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => translate(error))));
  }
}

function translate(error: unknown): unknown {
  if (!(error instanceof HttpException)) return error;
  const cause = error.cause as MulterErrorLike | undefined;
  const field = cause?.field ?? 'template';
  switch (cause?.code) {
    case 'LIMIT_FILE_SIZE':
      return new DomainError(
        PlatformErrors.PAYLOAD_TOO_LARGE,
        `The template file is larger than ${TEMPLATE_MAX_BYTES} bytes (1 MiB).`,
        { entityType: 'Template', fields: { [field]: 'larger than 1 MiB' } },
      );
    case 'LIMIT_UNEXPECTED_FILE':
    case 'LIMIT_FILE_COUNT':
      return new DomainError(
        ReporterErrors.INVALID_FILE_UPLOADED,
        `Unexpected file in "${field}": send one template file, in the multipart field "template" (or "templateFile").`,
        { entityType: 'Template', fields: { [field]: 'unexpected file' } },
      );
    default:
      return error;
  }
}
