import { Logger } from '@nestjs/common';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const logger = new Logger('PostingRetry');

interface PgErrorShape {
  code?: unknown;
  constraint?: unknown;
  driverError?: { code?: unknown; constraint?: unknown };
}

export function pgErrorCode(error: unknown): string | undefined {
  const candidate = error as PgErrorShape;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A posting's balances changed between reading and writing them (a concurrent posting got
 * there first); nothing was written. Carries serialization_failure's code: it is retried
 * like one.
 */
export class PostingConflict extends Error {
  readonly code = '40001';

  constructor() {
    super('a balance changed since the posting read it');
    this.name = 'PostingConflict';
  }
}

/**
 * Whether the transaction lost a race to a concurrent one: a deadlock, a serialization
 * failure, a PostingConflict, or another request storing the same idempotency key (the
 * retry then finds that key and replays its response).
 */
export function isContention(error: unknown): boolean {
  const code = pgErrorCode(error);
  if (!code) return false;
  if (RETRYABLE.has(code)) return true;
  const candidate = error as PgErrorShape;
  const constraint = candidate?.driverError?.constraint ?? candidate?.constraint;
  return code === '23505' && constraint === 'idempotency_key_pkey';
}

/**
 * Runs a whole database transaction again when it lost a race to a concurrent one (see
 * `isContention`), so contention never reaches a client as a 5xx.
 */
export async function retryOnContention<T>(
  work: (attempt: number) => Promise<T>,
  options: { attempts?: number; onRetry?: (code: string) => void } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!isContention(error) || attempt >= attempts) throw error;
      const code = pgErrorCode(error) ?? 'unknown';
      options.onRetry?.(code);
      logger.warn(`retrying after ${code} (attempt ${attempt})`);
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}
