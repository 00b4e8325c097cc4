import type { IdempotencyStore } from '@finplat/ledger-database';
import { idempotencyOf, type IdempotencyHeaders } from '@finplat/ledger-domain';
import type { Response } from 'express';

/**
 * A CRM create that honours `X-Idempotency` (and `X-TTL`) as transactions do (decision 0059):
 * the same key with the same request answers the first response with
 * `X-Idempotency-Replayed: true`; with another request, 422 0502. Without the header every
 * request creates (two people may share a name; Midaz's CRM has no body-hash default).
 */
export async function idempotentCreate<T>(
  store: IdempotencyStore,
  res: Response,
  scope: { organizationId: string; namespace: string; operation: string },
  body: unknown,
  headers: IdempotencyHeaders,
  create: () => Promise<T>,
): Promise<T> {
  if (headers.key === undefined) return create();
  const options = idempotencyOf(scope.operation, body, headers);
  const { value, replayed } = await store.once(
    scope.organizationId,
    scope.namespace,
    options,
    create,
  );
  res.setHeader('X-Idempotency-Replayed', String(replayed));
  return value;
}
