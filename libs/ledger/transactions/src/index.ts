import { OperationEntity } from './lib/operations/operation.entity';
import { TransactionEntity } from './lib/transactions/transaction.entity';

export * from './lib/common/transaction.errors';
export * from './lib/posting/resolve-legs';
export * from './lib/posting/posting.service';
export * from './lib/posting/posting.config';
export * from './lib/transactions/transaction.response';
export * from './lib/transactions.module';
export * from './lib/events/outbox-signal';
export * from './lib/events/outbox-batch';
export * from './lib/events/outbox-relay';
export * from './lib/events/ledger-events.topology';
export * from './lib/events/ledger-events.module';
export { OperationEntity, TransactionEntity };

/** TypeORM entities of the transactions domain, registered on every tenant pool. */
export const TRANSACTION_ENTITIES = [TransactionEntity, OperationEntity];
