import { DynamicModule, Module } from '@nestjs/common';
import { OutboxModule, type OutboxRelayTuning } from '@finplat/messaging';
import { LedgerAuditConsumer } from './audit-consumer';
import { LEDGER_AUDIT_QUEUE, LEDGER_OUTBOX } from './ledger-events.topology';

export interface LedgerEventsOptions {
  /** RABBITMQ_URL: the broker of the single tenant `default` (single-tenant mode). */
  rabbitmqUrl?: string;
  relay?: Partial<OutboxRelayTuning>;
  /** RUN_MODE runs workers here (the relay and the audit consumer); default true. */
  workers?: boolean;
}

/**
 * The ledger's events, declared on the shared OutboxModule (decision 0016): exchange
 * `ledger.events` with the transaction event types, relayed to each tenant's vhost, and the
 * ledger's audit consumer on `ledger.transaction-events.audit` (bound to `transaction.#`).
 * Postings write their events through OutboxWriter in the posting statement itself.
 */
@Module({})
export class LedgerEventsModule {
  static forRoot(options: LedgerEventsOptions): DynamicModule {
    return {
      module: LedgerEventsModule,
      imports: [
        OutboxModule.register({
          ...LEDGER_OUTBOX,
          rabbitmqUrl: options.rabbitmqUrl,
          relay: options.relay,
          workers: options.workers,
          consumers: [
            {
              queue: LEDGER_AUDIT_QUEUE,
              patterns: ['transaction.#'],
              consumer: LedgerAuditConsumer,
              // Deliveries in flight together are recorded in one statement (LedgerAuditConsumer).
              prefetch: 100,
            },
          ],
        }),
      ],
    };
  }
}
