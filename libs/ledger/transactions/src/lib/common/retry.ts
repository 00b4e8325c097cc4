import { Logger } from '@nestjs/common';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock_detected, serialization_failure
const logger = new Logger('PostingRetry');

export function pgErrorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Runs a whole database transaction again when PostgreSQL aborted it for a deadlock or a
 * serialization failure, so contention never reaches a client as a 5xx.
 */
export async function retryOnContention<T>(work: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = pgErrorCode(error);
      if (!code || !RETRYABLE.has(code) || attempt >= attempts) throw error;
      logger.warn(`retrying after ${code} (attempt ${attempt})`);
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}
