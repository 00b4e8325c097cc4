import { CreateOnboarding1764320000000 } from './lib/migrations/1764320000000-create-onboarding';
import { CreateLedgerResources1764400000000 } from './lib/migrations/1764400000000-create-ledger-resources';
import { CreateBalance1764400100000 } from './lib/migrations/1764400100000-create-balance';
import { CreateTransactions1764500000000 } from './lib/migrations/1764500000000-create-transactions';
import { CreateOutbox1764600000000 } from './lib/migrations/1764600000000-create-outbox';
import { DropOperationTransactionFk1764700000000 } from './lib/migrations/1764700000000-drop-operation-transaction-fk';
import { OutboxRelayLease1764800000000 } from './lib/migrations/1764800000000-outbox-relay-lease';

/** The ledger's schema, in order. Applied to each tenant's database or schema on first use. */
export const LEDGER_MIGRATIONS = [
  CreateOnboarding1764320000000,
  CreateLedgerResources1764400000000,
  CreateBalance1764400100000,
  CreateTransactions1764500000000,
  CreateOutbox1764600000000,
  DropOperationTransactionFk1764700000000,
  OutboxRelayLease1764800000000,
];
