import type { Metadata, Money } from '@finplat/ledger-domain';
import type { OperationType } from './balance-effects';

export type TransactionStatus = 'APPROVED' | 'PENDING' | 'CANCELED' | 'NOTED';
export type TransactionKind =
  'json' | 'inflow' | 'outflow' | 'annotation' | 'block' | 'unblock' | 'revert';

/** A transaction as stored (amounts exact). */
export interface TransactionRecord {
  id: string;
  parentTransactionId: string | null;
  organizationId: string;
  ledgerId: string;
  description: string | null;
  kind: TransactionKind;
  status: TransactionStatus;
  statusDescription: string | null;
  amount: Money;
  assetCode: string;
  chartOfAccountsGroupName: string | null;
  route: string | null;
  /** The transaction route it went through (accounting routes). */
  routeId: string | null;
  pending: boolean;
  /** A request-level skip the ledger allowed (settings `overrides`). */
  feesSkipped: boolean;
  tracerSkipped: boolean;
  body: unknown;
  metadata: Metadata;
  transactionDate: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** One balance touched by one step of a transaction, with the balance before and after. */
export interface OperationRecord {
  id: string;
  transactionId: string;
  organizationId: string;
  ledgerId: string;
  accountId: string;
  accountAlias: string;
  balanceId: string;
  balanceKey: string;
  type: OperationType;
  direction: 'debit' | 'credit';
  assetCode: string;
  amount: Money;
  availableBefore: Money;
  onHoldBefore: Money;
  overdraftUsedBefore: Money;
  versionBefore: bigint;
  availableAfter: Money;
  onHoldAfter: Money;
  overdraftUsedAfter: Money;
  versionAfter: bigint;
  balanceAffected: boolean;
  status: TransactionStatus;
  description: string | null;
  chartOfAccounts: string | null;
  routeId: string | null;
  routeCode: string | null;
  routeDescription: string | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}
