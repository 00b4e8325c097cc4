import { formatAmount } from '@finplat/ledger-domain';
import type { OperationRecord, TransactionRecord } from '../posting/posting.records';

export interface OperationBalanceView {
  available: string;
  onHold: string;
  version: number;
  overdraftUsed: string;
}

export interface OperationResponse {
  id: string;
  transactionId: string;
  organizationId: string;
  ledgerId: string;
  description: string | null;
  type: string;
  direction: string;
  assetCode: string;
  chartOfAccounts: string | null;
  amount: { value: string };
  balance: OperationBalanceView;
  balanceAfter: OperationBalanceView;
  status: { code: string; description: string | null };
  accountId: string;
  accountAlias: string;
  balanceKey: string;
  balanceId: string;
  balanceAffected: boolean;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  deletedAt: null;
}

export interface TransactionResponse {
  id: string;
  parentTransactionId: string | null;
  organizationId: string;
  ledgerId: string;
  description: string | null;
  status: { code: string; description: string | null };
  amount: string;
  assetCode: string;
  chartOfAccountsGroupName: string | null;
  route: string | null;
  pending: boolean;
  feesSkipped: boolean;
  tracerSkipped: boolean;
  source: string[];
  destination: string[];
  metadata: Record<string, unknown>;
  transactionDate: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: null;
  operations: OperationResponse[];
}

export function toOperationResponse(op: OperationRecord): OperationResponse {
  return {
    id: op.id,
    transactionId: op.transactionId,
    organizationId: op.organizationId,
    ledgerId: op.ledgerId,
    description: op.description,
    type: op.type,
    direction: op.direction,
    assetCode: op.assetCode,
    chartOfAccounts: op.chartOfAccounts,
    amount: { value: formatAmount(op.amount) },
    balance: {
      available: formatAmount(op.availableBefore),
      onHold: formatAmount(op.onHoldBefore),
      version: Number(op.versionBefore),
      overdraftUsed: '0',
    },
    balanceAfter: {
      available: formatAmount(op.availableAfter),
      onHold: formatAmount(op.onHoldAfter),
      version: Number(op.versionAfter),
      overdraftUsed: '0',
    },
    status: { code: op.status, description: null },
    accountId: op.accountId,
    accountAlias: op.accountAlias,
    balanceKey: op.balanceKey,
    balanceId: op.balanceId,
    balanceAffected: op.balanceAffected,
    metadata: op.metadata,
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
    deletedAt: null,
  };
}

/** The stored legs of a transaction: who gave and who received, by alias. */
export interface StoredLeg {
  side: 'source' | 'destination';
  accountAlias: string;
  balanceKey: string;
  amount: string;
  description?: string;
  chartOfAccounts?: string;
  metadata?: Record<string, unknown>;
}

export interface StoredBody {
  request: unknown;
  legs: StoredLeg[];
}

export function toTransactionResponse(
  tx: TransactionRecord,
  operations: OperationRecord[],
): TransactionResponse {
  const legs = (tx.body as StoredBody).legs ?? [];
  return {
    id: tx.id,
    parentTransactionId: tx.parentTransactionId,
    organizationId: tx.organizationId,
    ledgerId: tx.ledgerId,
    description: tx.description,
    status: { code: tx.status, description: tx.statusDescription },
    amount: formatAmount(tx.amount),
    assetCode: tx.assetCode,
    chartOfAccountsGroupName: tx.chartOfAccountsGroupName,
    route: tx.route,
    pending: tx.pending,
    feesSkipped: tx.feesSkipped,
    tracerSkipped: tx.tracerSkipped,
    source: legs.filter((l) => l.side === 'source').map((l) => l.accountAlias),
    destination: legs.filter((l) => l.side === 'destination').map((l) => l.accountAlias),
    metadata: tx.metadata,
    transactionDate: tx.transactionDate.toISOString(),
    createdAt: tx.createdAt.toISOString(),
    updatedAt: tx.updatedAt.toISOString(),
    deletedAt: null,
    operations: operations.map(toOperationResponse),
  };
}
