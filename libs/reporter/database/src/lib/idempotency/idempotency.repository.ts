import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '@finplat/platform';
import { ReporterErrors } from '@finplat/reporter-domain';
import { TenantDb } from '@finplat/tenancy';

/** How long a key answers with its first result. */
export const IDEMPOTENCY_TTL_SEC = 24 * 60 * 60;
const MAX_KEY_LENGTH = 256;

export type IdempotencyOutcome<T> =
  { replayed: false; value: T } | { replayed: true; resourceId: string };

export const requestHash = (...parts: (string | Buffer)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
};

/**
 * `X-Idempotency` on creates: the first request with a key creates; a repeat with the same
 * key and the same request answers with what the first created; the same key with another
 * request is a 409. The key and the creation share one transaction of the tenant's
 * database, so a concurrent repeat waits for the first and then replays it.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: TenantDb) {}

  async once<T>(
    scope: string,
    key: string | undefined,
    hash: string,
    create: (id: string) => Promise<T>,
    newId: () => string,
  ): Promise<IdempotencyOutcome<T>> {
    if (key === undefined || key.trim() === '')
      return { replayed: false, value: await create(newId()) };
    if (key.length > MAX_KEY_LENGTH) {
      throw new DomainError(
        ReporterErrors.INVALID_HEADER_PARAMETER,
        `X-Idempotency must be at most ${MAX_KEY_LENGTH} characters.`,
        {
          fields: { 'X-Idempotency': `at most ${MAX_KEY_LENGTH} characters` },
        },
      );
    }
    return this.db.transaction(async (m) => {
      await m.query(
        'DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at < now()',
        [scope, key],
      );
      const id = newId();
      const inserted: { resource_id: string }[] = await m.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, resource_id, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
         ON CONFLICT (scope, key) DO NOTHING RETURNING resource_id`,
        [scope, key, hash, id, IDEMPOTENCY_TTL_SEC],
      );
      if (inserted.length) return { replayed: false, value: await create(id) };
      const [existing]: { request_hash: string; resource_id: string }[] = await m.query(
        'SELECT request_hash, resource_id FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      );
      if (existing.request_hash !== hash) {
        throw new DomainError(
          ReporterErrors.IDEMPOTENCY_CONFLICT,
          `X-Idempotency "${key.slice(0, 64)}" was already used for a different request.`,
          { fields: { 'X-Idempotency': 'already used for a different request' } },
        );
      }
      return { replayed: true, resourceId: existing.resource_id };
    });
  }
}
