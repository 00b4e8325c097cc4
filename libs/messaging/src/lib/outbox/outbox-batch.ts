import type { SqlStatements } from '@finplat/tenancy';
import { publishConfirmed, type ConfirmChannelLike } from '../confirm-publish';

interface OutboxRow {
  id: string;
  event_type: string;
  /** The event's JSON as stored: published as is, never parsed here. */
  payload: string;
  created_at: Date;
}

export interface OutboxBatchResult {
  claimed: number;
  published: string[];
  failed: string[];
}

/** How long a claimed row stays out of other rounds' reach (well past the confirm timeout). */
export const DEFAULT_CLAIM_LEASE_SEC = 30;

/**
 * Claims up to $1 rows for $2 seconds, oldest first. Rows another round holds (locked by its
 * claim right now, or leased) are skipped, not waited for. One statement, so no transaction
 * stays open while the broker confirms.
 */
export const CLAIM_OUTBOX_SQL = `UPDATE outbox AS o
    SET claimed_until = now() + make_interval(secs => $2)
   FROM (SELECT id FROM outbox
          WHERE claimed_until IS NULL OR claimed_until < now()
          ORDER BY created_at, id
          LIMIT $1
          FOR UPDATE SKIP LOCKED) AS due
  WHERE o.id = due.id
  RETURNING o.id, o.event_type, o.payload::text AS payload, o.created_at`;

/** The broker has them: the outbox keeps only what is still to be sent. */
export const MARK_PUBLISHED_SQL = `DELETE FROM outbox WHERE id = ANY($1::uuid[])`;

export const MARK_FAILED_SQL = `UPDATE outbox SET attempts = attempts + 1, last_error = $2, claimed_until = NULL
  WHERE id = ANY($1::uuid[])`;

/**
 * One relay round for the current tenant: claims up to `limit` outbox rows with a lease (rows
 * another round or instance holds are skipped), publishes them in creation order with
 * publisher confirms, and deletes those the broker confirmed. Rows the broker did not confirm
 * are released (attempts + 1) for a later round; rows of a round that died with its process
 * come back when their lease ends. Nothing is lost, something may be sent twice, and
 * consumers dedupe by event id. Each statement stands alone (decision 0014).
 */
export async function relayOutboxBatch(
  m: SqlStatements,
  channel: ConfirmChannelLike,
  options: {
    /** Where the events go (routing key: the event type). */
    exchange: string;
    tenantId: string;
    limit: number;
    confirmTimeoutMs?: number;
    leaseSec?: number;
  },
): Promise<OutboxBatchResult> {
  const rows = (await m.query(CLAIM_OUTBOX_SQL, [
    options.limit,
    options.leaseSec ?? DEFAULT_CLAIM_LEASE_SEC,
  ])) as OutboxRow[];
  if (rows.length === 0) return { claimed: 0, published: [], failed: [] };
  // UPDATE … RETURNING promises no order.
  rows.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1));
  const { confirmed, failed } = await publishConfirmed(
    channel,
    rows.map((row) => ({
      id: row.id,
      exchange: options.exchange,
      routingKey: row.event_type,
      json: row.payload,
      // For tracing only: consumers take the tenant from the vhost, never from this header.
      headers: { 'x-tenant-id': options.tenantId },
      timestamp: new Date(row.created_at),
    })),
    options.confirmTimeoutMs,
  );
  if (confirmed.length > 0) await m.query(MARK_PUBLISHED_SQL, [confirmed]);
  if (failed.length > 0) {
    await m.query(MARK_FAILED_SQL, [failed.map((f) => f.id), failed[0].reason.slice(0, 500)]);
  }
  return { claimed: rows.length, published: confirmed, failed: failed.map((f) => f.id) };
}
