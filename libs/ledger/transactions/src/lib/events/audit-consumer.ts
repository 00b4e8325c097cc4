import { Logger } from '@nestjs/common';
import type { LedgerTransactionEvent } from '@finplat/contracts';
import { TenantContext, type TenantDb } from '@finplat/tenancy';
import type { ConsumeMessage } from 'amqplib';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The ledger's own consumer of its transaction events: records each event id once in the
 * tenant's `received_events` (deliveries counts redeliveries). It runs in the tenant context
 * the subscription set from the vhost, so the row lands in that tenant's database or schema
 * whatever the message says.
 */
export class LedgerAuditConsumer {
  private readonly logger = new Logger(LedgerAuditConsumer.name);

  constructor(private readonly db: TenantDb) {}

  async handle(message: ConsumeMessage): Promise<void> {
    let event: Partial<LedgerTransactionEvent>;
    try {
      event = JSON.parse(message.content.toString('utf8')) as Partial<LedgerTransactionEvent>;
    } catch {
      this.logger.warn('dropping a ledger event that is not JSON');
      return;
    }
    const id = message.properties.messageId ?? event.id;
    if (
      typeof id !== 'string' ||
      !UUID.test(id) ||
      typeof event.transactionId !== 'string' ||
      !UUID.test(event.transactionId) ||
      typeof event.type !== 'string'
    ) {
      this.logger.warn('dropping a malformed ledger event');
      return;
    }
    const tenantId = TenantContext.current().tenantId;
    await this.db.transaction((m) =>
      m.query(
        `INSERT INTO received_events (event_id, event_type, aggregate_id, tenant_id)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO UPDATE
           SET deliveries = received_events.deliveries + 1, last_received_at = now()`,
        [id, event.type, event.transactionId, tenantId],
      ),
    );
  }
}
