import type {
  AccountingEntries,
  OperationRouteEntity,
  TransactionRouteEntity,
} from '@finplat/ledger-database';

export interface OperationRouteResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  title: string;
  description?: string;
  code?: string;
  operationType: string;
  account?: { ruleType: string; validIf: string | string[] };
  accountingEntries?: AccountingEntries;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface TransactionRouteResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  title: string;
  description?: string;
  operationRoutes: OperationRouteResponse[];
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Strings the contract types as string are omitted when empty rather than sent as null. */
export function toOperationRouteResponse(route: OperationRouteEntity): OperationRouteResponse {
  return {
    id: route.id,
    organizationId: route.organizationId,
    ledgerId: route.ledgerId,
    title: route.title,
    ...(route.description !== null ? { description: route.description } : {}),
    ...(route.code !== null ? { code: route.code } : {}),
    operationType: route.operationType,
    ...(route.accountRuleType && route.accountValidIf !== null
      ? { account: { ruleType: route.accountRuleType, validIf: route.accountValidIf } }
      : {}),
    ...(Object.keys(route.accountingEntries).length > 0
      ? { accountingEntries: route.accountingEntries }
      : {}),
    metadata: route.metadata,
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
    deletedAt: route.deletedAt ? route.deletedAt.toISOString() : null,
  };
}

export function toTransactionRouteResponse(
  route: TransactionRouteEntity,
  operationRoutes: OperationRouteEntity[],
): TransactionRouteResponse {
  return {
    id: route.id,
    organizationId: route.organizationId,
    ledgerId: route.ledgerId,
    title: route.title,
    ...(route.description !== null ? { description: route.description } : {}),
    operationRoutes: operationRoutes.map(toOperationRouteResponse),
    metadata: route.metadata,
    createdAt: route.createdAt.toISOString(),
    updatedAt: route.updatedAt.toISOString(),
    deletedAt: route.deletedAt ? route.deletedAt.toISOString() : null,
  };
}
