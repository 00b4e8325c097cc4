import { Injectable, Logger } from '@nestjs/common';
import type { LedgerTransactionEvent } from '@finplat/contracts';
import { decodeMessage, isUuid, TenantGroupCommit, type MessageConsumer } from '@finplat/messaging';
import { TenantContext, TenantDb } from '@finplat/tenancy';
import type { ConsumeMessage } from 'amqplib';

interface ReceivedEvent {
  id: string;
  type: string;
  aggregateId: string;
}

/**
 * The ledger's own consumer of its transaction events: records each event id once in the
 * tenant's `received_events` (deliveries counts redeliveries). It runs in the tenant context
 * the subscription set from the vhost, so the row lands in that tenant's database or schema
 * whatever the message says. Messages delivered together (prefetch) are recorded together,
 * in one statement (group commit, as postings are): one database transaction per message was
 * most of what relaying an event cost.
 */
@Injectable()
export class LedgerAuditConsumer implements MessageConsumer {
  private readonly logger = new Logger(LedgerAuditConsumer.name);
  private readonly batches = new TenantGroupCommit<ReceivedEvent, void>(
    (events) => this.record(events),
    { maxBatchSize: 100, maxInFlight: 1 },
  );

  constructor(private readonly db: TenantDb) {}

  async handle(message: ConsumeMessage): Promise<void> {
    const decoded = decodeMessage<LedgerTransactionEvent>(message);
    const event = decoded?.body;
    if (!decoded || !event || !isUuid(event.transactionId) || typeof event.type !== 'string') {
      this.logger.warn('dropping a malformed ledger event');
      return;
    }
    // Two deliveries of one event never share a statement (ON CONFLICT touches a row once).
    await this.batches.submit(
      { id: decoded.id, type: event.type, aggregateId: event.transactionId },
      { dedupeKey: decoded.id },
    );
  }

  /** Runs in the tenant context of the batch (TenantGroupCommit). */
  private async record(events: ReceivedEvent[]) {
    const { tenantId } = TenantContext.current();
    // One statement: no transaction around it (a SCHEMA tenant's settings travel with it).
    await this.db.statements((m) =>
      m.query(
        `INSERT INTO received_events (event_id, event_type, aggregate_id, tenant_id)
         SELECT e.id, e.type, e.aggregate_id, $4
           FROM unnest($1::uuid[], $2::text[], $3::uuid[]) AS e(id, type, aggregate_id)
         ON CONFLICT (event_id) DO UPDATE
           SET deliveries = received_events.deliveries + 1, last_received_at = now()`,
        [
          events.map((e) => e.id),
          events.map((e) => e.type),
          events.map((e) => e.aggregateId),
          tenantId,
        ],
      ),
    );
    return events.map(() => ({ ok: true as const, value: undefined }));
  }
}
