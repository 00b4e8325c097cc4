import { formatAmount, optionalText, requiredText } from '@finplat/ledger-domain';
import type { OperationRecord, TransactionRecord } from '../posting/posting.records';
import type { TracerRecord } from '../tracer/tracer-consult';

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
  description: string;
  type: string;
  direction: string;
  assetCode: string;
  chartOfAccounts: string;
  amount: { value: string };
  balance: OperationBalanceView;
  balanceAfter: OperationBalanceView;
  status: { code: string; description: string | null };
  accountId: string;
  accountAlias: string;
  balanceKey: string;
  balanceId: string;
  balanceAffected: boolean;
  /** The operation route the operation was booked through ('' when none). */
  route: string;
  routeId?: string;
  routeCode?: string;
  routeDescription?: string;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  deletedAt: null;
}

/**
 * A transaction as Midaz sends it: strings the contract requires are never null (empty
 * when unset), optional ones are left out (`parentTransactionId` of a non-revert).
 */
export interface TransactionResponse {
  id: string;
  parentTransactionId?: string;
  organizationId: string;
  ledgerId: string;
  description: string;
  status: { code: string; description: string | null };
  amount: string;
  assetCode: string;
  chartOfAccountsGroupName: string;
  route: string;
  routeId?: string;
  /** Whether fee legs were skipped on request (ledger setting allowFeeSkip). */
  feesSkipped: boolean;
  /** Whether the tracer check was skipped on request (ledger setting allowTracerSkip). */
  tracerSkipped: boolean;
  source: string[];
  destination: string[];
  metadata: Record<string, unknown>;
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
    description: requiredText(op.description),
    type: op.type,
    direction: op.direction,
    assetCode: op.assetCode,
    chartOfAccounts: requiredText(op.chartOfAccounts),
    amount: { value: formatAmount(op.amount) },
    balance: {
      available: formatAmount(op.availableBefore),
      onHold: formatAmount(op.onHoldBefore),
      version: Number(op.versionBefore),
      overdraftUsed: formatAmount(op.overdraftUsedBefore),
    },
    balanceAfter: {
      available: formatAmount(op.availableAfter),
      onHold: formatAmount(op.onHoldAfter),
      version: Number(op.versionAfter),
      overdraftUsed: formatAmount(op.overdraftUsedAfter),
    },
    status: { code: op.status, description: null },
    accountId: op.accountId,
    accountAlias: op.accountAlias,
    balanceKey: op.balanceKey,
    balanceId: op.balanceId,
    balanceAffected: op.balanceAffected,
    route: op.routeId ?? '',
    ...(op.routeId ? { routeId: op.routeId } : {}),
    ...(op.routeCode ? { routeCode: op.routeCode } : {}),
    ...(op.routeDescription ? { routeDescription: op.routeDescription } : {}),
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
  routeId?: string;
  metadata?: Record<string, unknown>;
}

export interface StoredBody {
  request: unknown;
  legs: StoredLeg[];
  /** What the tracer answered, for a transaction its ledger consulted it about. */
  tracer?: TracerRecord;
}

export function toTransactionResponse(
  tx: TransactionRecord,
  operations: OperationRecord[],
): TransactionResponse {
  const legs = (tx.body as StoredBody).legs ?? [];
  return {
    id: tx.id,
    ...optionalText('parentTransactionId', tx.parentTransactionId),
    organizationId: tx.organizationId,
    ledgerId: tx.ledgerId,
    description: requiredText(tx.description),
    status: { code: tx.status, description: tx.statusDescription },
    amount: formatAmount(tx.amount),
    assetCode: tx.assetCode,
    chartOfAccountsGroupName: requiredText(tx.chartOfAccountsGroupName),
    route: requiredText(tx.route),
    ...(tx.routeId ? { routeId: tx.routeId } : {}),
    feesSkipped: tx.feesSkipped,
    tracerSkipped: tx.tracerSkipped,
    source: legs.filter((l) => l.side === 'source').map((l) => l.accountAlias),
    destination: legs.filter((l) => l.side === 'destination').map((l) => l.accountAlias),
    metadata: tx.metadata,
    createdAt: tx.createdAt.toISOString(),
    updatedAt: tx.updatedAt.toISOString(),
    deletedAt: null,
    operations: operations.map(toOperationResponse),
  };
}
