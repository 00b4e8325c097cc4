import {
  ArgumentMetadata,
  Injectable,
  PipeTransform,
  ValidationError,
  ValidationPipe,
} from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { PlatformErrors } from '../errors/platform-errors';
import { cacheValidationMetadata } from './validation-metadata.cache';

/** Flattens class-validator's tree into `{ "address.country": "message" }`. */
export function flattenValidationErrors(
  errors: ValidationError[],
  parent = '',
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      fields[path] = Object.values(error.constraints).join('; ');
    }
    if (error.children?.length)
      Object.assign(fields, flattenValidationErrors(error.children, path));
  }
  return fields;
}

function constraintNames(errors: ValidationError[]): Set<string> {
  const names = new Set<string>();
  const walk = (list: ValidationError[]) => {
    for (const error of list) {
      Object.keys(error.constraints ?? {}).forEach((name) => names.add(name));
      if (error.children) walk(error.children);
    }
  };
  walk(errors);
  return names;
}

/**
 * Turns a failed DTO validation into a domain error: unknown fields are 0053, missing
 * required fields 0009, anything else 0047; the message always names the fields.
 */
export function validationErrorToDomainError(errors: ValidationError[]): DomainError {
  const fields = flattenValidationErrors(errors);
  const names = constraintNames(errors);
  const list = Object.keys(fields).join(', ');
  if (names.has('whitelistValidation')) {
    const unexpected = Object.entries(fields)
      .filter(([, message]) => message.includes('should not exist'))
      .map(([field]) => field);
    return new DomainError(
      PlatformErrors.UNEXPECTED_FIELDS,
      `The request body contains fields that are not allowed: ${unexpected.join(', ')}.`,
      { fields },
    );
  }
  if (names.has('isDefined') || names.has('isNotEmpty')) {
    return new DomainError(
      PlatformErrors.MISSING_FIELDS,
      `Required fields are missing or empty: ${list}.`,
      { fields },
    );
  }
  return new DomainError(PlatformErrors.BAD_REQUEST, `Invalid value for: ${list}.`, { fields });
}

/**
 * How deep a request body may nest. The deepest body any route defines is a transaction's
 * (`send.source.from[].amount.value`, 6 levels); class-transformer and the apps' own walkers
 * recurse, and a body nested thousands deep overflowed the stack into a 500 (found by the
 * input fuzzing suite).
 */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests more than `max` levels of arrays/objects (iterative: no recursion). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The one validation pipe every app installs. Bodies are strict (an unknown field is an
 * error, 0053); query strings drop unknown parameters, as HTTP clients and proxies add their own.
 */
@Injectable()
export class PlatformValidationPipe implements PipeTransform {
  private readonly strict = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationErrorToDomainError,
  });
  private readonly lenient = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: false,
    transform: true,
    exceptionFactory: validationErrorToDomainError,
  });

  constructor() {
    cacheValidationMetadata();
  }

  transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && nestsDeeperThan(value, MAX_BODY_DEPTH)) {
      return Promise.reject(
        new DomainError(
          PlatformErrors.INVALID_REQUEST_BODY,
          `The request body nests deeper than ${MAX_BODY_DEPTH} levels.`,
        ),
      );
    }
    return (metadata.type === 'query' ? this.lenient : this.strict).transform(value, metadata);
  }
}
