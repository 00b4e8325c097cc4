import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { validate as isUuid } from 'uuid';
import { TracerErrors } from './tracer.errors';

/** Path ids must be UUIDs; anything else is 400 TRC-0007 naming the parameter. */
@Injectable()
export class TracerUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
    const name = metadata.data ?? 'id';
    throw new DomainError(
      TracerErrors.INVALID_PATH_PARAMETER,
      `The path parameter ${name} must be a UUID.`,
      { fields: { [name]: 'must be a UUID' } },
    );
  }
}
