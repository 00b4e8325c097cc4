import { LEDGER_EVENTS_EXCHANGE } from '@finplat/contracts';
import type { Topology } from '@finplat/messaging';

/** The ledger's own consumer of its events: records what it received, per tenant. */
export const LEDGER_AUDIT_QUEUE = 'ledger.transaction-events.audit';

/**
 * Declared by the relay before it publishes and by the consumer before it consumes, so a
 * tenant's events are queued durably even before its consumer first connects.
 */
export const LEDGER_EVENTS_TOPOLOGY: Topology = {
  exchanges: [{ name: LEDGER_EVENTS_EXCHANGE, type: 'topic' }],
  queues: [
    {
      name: LEDGER_AUDIT_QUEUE,
      bindings: [{ exchange: LEDGER_EVENTS_EXCHANGE, pattern: 'transaction.#' }],
    },
  ],
};
