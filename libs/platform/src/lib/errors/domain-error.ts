/**
 * The class of a failure. The HTTP layer maps a kind to a status in one place
 * (DomainExceptionFilter); domain code never speaks HTTP.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'method-not-allowed'
  | 'conflict'
  | 'business'
  | 'too-large'
  | 'unavailable'
  | 'internal';

export interface ErrorDefinition {
  /** Stable, documented code; Midaz's numbering where Midaz has the same failure. */
  readonly code: string;
  readonly title: string;
  readonly kind: ErrorKind;
}

export interface ErrorDetails {
  /** Which entity the failure is about, e.g. "Organization". */
  entityType?: string;
  /** Per-field messages for validation failures. */
  fields?: Record<string, string>;
  /** Seconds a client should wait before retrying (sent as Retry-After). */
  retryAfterSec?: number;
  [key: string]: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly definition: ErrorDefinition,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get code(): string {
    return this.definition.code;
  }
}

/** Declares a catalogue of error definitions while keeping their literal types. */
export const defineErrors = <T extends Record<string, ErrorDefinition>>(definitions: T): T =>
  definitions;
