import { Injectable } from '@nestjs/common';
import { TenantDb } from '@finplat/tenancy';
import {
  idempotencyKeyInUse,
  idempotencyKeyReused,
  type IdempotencyOptions,
} from '@finplat/ledger-domain';

export interface Idempotent<T> {
  value: T;
  replayed: boolean;
}

/**
 * `X-Idempotency` for creates outside the posting engine (holders, instruments), on the same
 * `idempotency_key` table and rules as transactions (decision 0061; the posting engine writes
 * its keys in its batch statement instead). The key is claimed, the resource created and the
 * response stored in one database transaction: a concurrent request with the same key waits
 * for it, then replays its response; a failed create leaves no key behind. `scopeId` (the
 * table's `ledger_id`) is the organization for organization-scoped resources, and `namespace`
 * keeps one resource's keys from answering another's.
 */
@Injectable()
export class IdempotencyStore {
  constructor(private readonly db: TenantDb) {}

  once<T>(
    scopeId: string,
    namespace: string,
    options: IdempotencyOptions,
    create: () => Promise<T>,
  ): Promise<Idempotent<T>> {
    const key = `${namespace}:${options.key}`;
    return this.db.transaction(async (m) => {
      await m.query(
        'DELETE FROM idempotency_key WHERE ledger_id = $1 AND key = $2 AND expires_at < now()',
        [scopeId, key],
      );
      const claimed: unknown[] = await m.query(
        `INSERT INTO idempotency_key (ledger_id, key, request_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(secs => $4::int))
         ON CONFLICT DO NOTHING RETURNING key`,
        [scopeId, key, options.requestHash, options.ttlSec],
      );
      if (claimed.length === 0) {
        const [stored]: { request_hash: string; response: T | null }[] = await m.query(
          'SELECT request_hash, response FROM idempotency_key WHERE ledger_id = $1 AND key = $2',
          [scopeId, key],
        );
        if (stored.request_hash !== options.requestHash) throw idempotencyKeyReused(options.key);
        if (stored.response === null) throw idempotencyKeyInUse(options.key);
        return { value: stored.response, replayed: true };
      }
      const value = await create();
      await m.query(
        'UPDATE idempotency_key SET response = $3::jsonb WHERE ledger_id = $1 AND key = $2',
        [scopeId, key, JSON.stringify(value)],
      );
      return { value, replayed: false };
    });
  }
}
