import { LEDGER_EVENTS_EXCHANGE, LEDGER_TRANSACTION_EVENT_TYPES } from '@finplat/contracts';

/** The ledger's own consumer of its events: records what it received, per tenant. */
export const LEDGER_AUDIT_QUEUE = 'ledger.transaction-events.audit';

/** What the ledger publishes: its exchange and event types (the OutboxModule declaration). */
export const LEDGER_OUTBOX = {
  exchange: LEDGER_EVENTS_EXCHANGE,
  eventTypes: LEDGER_TRANSACTION_EVENT_TYPES,
} as const;
