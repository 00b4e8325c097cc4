/**
 * Events the ledger publishes to each tenant's RabbitMQ vhost (exchange `ledger.events`,
 * topic, routing key = event type). Delivery is at least once: consumers dedupe by `id`.
 * The tenant is never a field of the event: it is the vhost the event was consumed from.
 */
export const LEDGER_EVENTS_EXCHANGE = 'ledger.events';

export const LEDGER_TRANSACTION_EVENT_TYPES = [
  'transaction.created',
  'transaction.committed',
  'transaction.canceled',
  'transaction.reverted',
] as const;
export type LedgerTransactionEventType = (typeof LEDGER_TRANSACTION_EVENT_TYPES)[number];

/** One balance movement of the event's transaction. */
export interface LedgerTransactionEventLeg {
  operationId: string;
  accountId: string;
  accountAlias: string;
  balanceKey: string;
  /** DEBIT, CREDIT, ON_HOLD, RELEASE… as the operation records it. */
  operationType: string;
  direction: 'debit' | 'credit';
  /** Exact decimal, as a string. */
  amount: string;
}

export interface LedgerTransactionEvent {
  /** Event id (uuid): the dedupe key; also the AMQP `messageId`. */
  id: string;
  type: LedgerTransactionEventType;
  occurredAt: string;
  transactionId: string;
  /** Set on `transaction.reverted`: the transaction this one reverts. */
  parentTransactionId?: string;
  organizationId: string;
  ledgerId: string;
  status: string;
  /** Exact decimal, as a string. */
  amount: string;
  asset: string;
  legs: LedgerTransactionEventLeg[];
}
