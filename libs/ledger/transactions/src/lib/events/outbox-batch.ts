import { LEDGER_EVENTS_EXCHANGE } from '@finplat/contracts';
import { publishConfirmed, type ConfirmChannelLike } from '@finplat/messaging';

/** The part of an EntityManager the batch needs. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

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

export const CLAIM_OUTBOX_SQL = `SELECT id, event_type, payload::text AS payload, created_at
   FROM outbox
  WHERE published_at IS NULL
  ORDER BY created_at, id
  LIMIT $1
  FOR UPDATE SKIP LOCKED`;

export const MARK_PUBLISHED_SQL = `UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL
  WHERE id = ANY($1::uuid[])`;

export const MARK_FAILED_SQL = `UPDATE outbox SET attempts = attempts + 1, last_error = $2
  WHERE id = ANY($1::uuid[])`;

/**
 * One relay round for the tenant of the current transaction: claims up to `limit` unpublished
 * rows (rows another instance holds are skipped, not waited for), publishes them with
 * publisher confirms, and marks those the broker confirmed. Rows the broker did not confirm
 * stay unpublished (attempts + 1) for a later round: nothing is lost, something may be sent
 * twice, and consumers dedupe by event id. Must run inside a database transaction, so the
 * row locks last until the marks commit.
 */
export async function relayOutboxBatch(
  m: Queryable,
  channel: ConfirmChannelLike,
  options: { tenantId: string; limit: number; confirmTimeoutMs?: number },
): Promise<OutboxBatchResult> {
  const rows = (await m.query(CLAIM_OUTBOX_SQL, [options.limit])) as OutboxRow[];
  if (rows.length === 0) return { claimed: 0, published: [], failed: [] };
  const { confirmed, failed } = await publishConfirmed(
    channel,
    rows.map((row) => ({
      id: row.id,
      exchange: LEDGER_EVENTS_EXCHANGE,
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
