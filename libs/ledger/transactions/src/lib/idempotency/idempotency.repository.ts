import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface IdempotencyClaim {
  ledgerId: string;
  key: string;
  requestHash: string;
  ttlSec: number;
}

export type ClaimOutcome = { claimed: true } | { claimed: false; response: unknown };

/**
 * Idempotency keys live in the tenant's database and are written by the posting transaction
 * itself: a replay returns the stored response, a concurrent duplicate blocks on the key's
 * row until the first request commits (then replays) or rolls back (then proceeds), and a
 * failed request leaves no key behind.
 */
@Injectable()
export class IdempotencyRepository {
  /** Claims the key, taking over an expired one; otherwise returns the stored response. */
  async claim(m: EntityManager, claim: IdempotencyClaim): Promise<ClaimOutcome> {
    const rows: unknown[] = await m.query(
      `INSERT INTO idempotency_key (ledger_id, key, request_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       ON CONFLICT (ledger_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, expires_at = EXCLUDED.expires_at,
             response = NULL, transaction_id = NULL, created_at = now()
         WHERE idempotency_key.expires_at < now()
       RETURNING key`,
      [claim.ledgerId, claim.key, claim.requestHash, claim.ttlSec],
    );
    if (rows.length > 0) return { claimed: true };
    const [existing] = (await m.query(
      'SELECT response FROM idempotency_key WHERE ledger_id = $1 AND key = $2',
      [claim.ledgerId, claim.key],
    )) as { response: unknown }[];
    return { claimed: false, response: existing?.response ?? null };
  }
}
