import type { LedgerTransactionEvent, LedgerTransactionEventType } from '@finplat/contracts';
import type { OutboxEvent } from '@finplat/messaging';
import { newId } from '@finplat/platform';
import type { OperationRecord, TransactionRecord } from '../posting/posting.records';

/** The event a posting writes to the outbox, from what the posting wrote. */
export function transactionEvent(
  type: LedgerTransactionEventType,
  tx: Pick<
    TransactionRecord,
    'id' | 'parentTransactionId' | 'organizationId' | 'ledgerId' | 'status' | 'amount' | 'assetCode'
  >,
  operations: OperationRecord[],
  occurredAt: Date,
): LedgerTransactionEvent {
  return {
    id: newId(),
    type,
    occurredAt: occurredAt.toISOString(),
    transactionId: tx.id,
    ...(tx.parentTransactionId ? { parentTransactionId: tx.parentTransactionId } : {}),
    organizationId: tx.organizationId,
    ledgerId: tx.ledgerId,
    status: tx.status,
    amount: tx.amount.toFixed(),
    asset: tx.assetCode,
    legs: operations.map((o) => ({
      operationId: o.id,
      accountId: o.accountId,
      accountAlias: o.accountAlias,
      balanceKey: o.balanceKey,
      operationType: o.type,
      direction: o.direction,
      amount: o.amount.toFixed(),
    })),
  };
}

/** How a ledger event is stored in the outbox: about its transaction, published whole. */
export function outboxEventOf(event: LedgerTransactionEvent): OutboxEvent {
  return { id: event.id, type: event.type, aggregateId: event.transactionId, payload: event };
}
