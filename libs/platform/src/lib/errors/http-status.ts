import type { ErrorKind } from './domain-error';

/** The single mapping from a failure's class to its HTTP status (CONTRACT.md, "Errors"). */
export function httpStatusOf(kind: ErrorKind): number {
  switch (kind) {
    case 'validation':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'method-not-allowed':
      return 405;
    case 'conflict':
      return 409;
    case 'too-large':
      return 413;
    case 'business':
      return 422;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return assertUnreachable(kind);
  }
}

function assertUnreachable(value: never): never {
  throw new Error(`Unhandled error kind: ${String(value)}`);
}
