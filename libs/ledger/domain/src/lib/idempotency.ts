import { createHash } from 'node:crypto';
import { defineErrors, DomainError, PlatformErrors } from '@finplat/platform';

/** Idempotency failures, shared by every create that honours `X-Idempotency` (decision 0061). */
export const IdempotencyErrors = defineErrors({
  KEY_IN_USE: { code: '0084', title: 'Duplicate Idempotency Key', kind: 'conflict' },
  // Not in Midaz's registry (Midaz replays the first response): past its last code, 0502.
  KEY_REUSED: {
    code: '0502',
    title: 'Idempotency Key Reused With Another Request',
    kind: 'business',
  },
});

export const DEFAULT_IDEMPOTENCY_TTL_SEC = 300;
const MAX_IDEMPOTENCY_TTL_SEC = 30 * 24 * 3600;

/** The `X-Idempotency` and `X-TTL` headers of a request. */
export interface IdempotencyHeaders {
  key?: string;
  ttl?: string;
}

/** The key a request claims, the hash of what it asks, and how long the key is remembered. */
export interface IdempotencyOptions {
  key: string;
  requestHash: string;
  ttlSec: number;
}

/** Canonical JSON (sorted keys), so equal bodies hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The idempotency of one request: `X-Idempotency` (1–256 characters) or, without one, the
 * SHA-256 of the operation and canonical body (Midaz's default for transactions); `X-TTL`
 * seconds, 1 to 30 days, default 300.
 */
export function idempotencyOf(
  operation: string,
  body: unknown,
  headers: IdempotencyHeaders,
): IdempotencyOptions {
  const requestHash = createHash('sha256')
    .update(`${operation}:${canonicalJson(body)}`)
    .digest('hex');
  let ttlSec = DEFAULT_IDEMPOTENCY_TTL_SEC;
  if (headers.ttl !== undefined) {
    ttlSec = /^\d+$/.test(headers.ttl) ? Number(headers.ttl) : NaN;
    if (!(ttlSec >= 1 && ttlSec <= MAX_IDEMPOTENCY_TTL_SEC)) {
      throw new DomainError(
        PlatformErrors.BAD_REQUEST,
        `X-TTL must be a whole number of seconds between 1 and ${MAX_IDEMPOTENCY_TTL_SEC}.`,
        { fields: { 'X-TTL': 'invalid' } },
      );
    }
  }
  const key = headers.key?.trim();
  if (key !== undefined && (key.length === 0 || key.length > 256)) {
    throw new DomainError(
      PlatformErrors.BAD_REQUEST,
      'X-Idempotency must be 1 to 256 characters.',
      { fields: { 'X-Idempotency': 'invalid' } },
    );
  }
  return { key: key || requestHash, requestHash, ttlSec };
}

/** The key was taken by a request with another body: refused, never answered with its response. */
export const idempotencyKeyReused = (key: string) =>
  new DomainError(
    IdempotencyErrors.KEY_REUSED,
    `Idempotency key ${key} was already used for a different request.`,
    { fields: { 'X-Idempotency': 'already used with another body' } },
  );

/** The key's first request has not finished. */
export const idempotencyKeyInUse = (key: string) =>
  new DomainError(
    IdempotencyErrors.KEY_IN_USE,
    `A request with idempotency key ${key} is still being processed.`,
  );
