import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { DomainError } from '../errors/domain-error';
import { PlatformErrors } from '../errors/platform-errors';

/** Path ids must be UUIDs; anything else is 400 0065 naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
    throw new DomainError(
      PlatformErrors.INVALID_PATH_PARAMETER,
      `The path parameter ${metadata.data ?? 'id'} must be a UUID.`,
      { fields: { [metadata.data ?? 'id']: 'must be a UUID' } },
    );
  }
}
