import type { BalanceAtInstant, BalanceEntity } from '@finplat/ledger-database';
import { formatAmount } from '@finplat/ledger-domain';
import { isoOrNull } from '../../common/timestamps';

/**
 * Midaz's Balance. Amounts are canonical decimal strings; `version` is a JSON integer. This
 * ledger has no overdraft and no debit-direction balances, so `overdraftUsed` is always "0"
 * and `direction` always "credit".
 */
export interface BalanceResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  accountId: string;
  alias: string;
  key: string;
  assetCode: string;
  available: string;
  onHold: string;
  version: number;
  accountType: string;
  allowSending: boolean;
  allowReceiving: boolean;
  overdraftUsed: string;
  direction: 'credit';
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Midaz's BalanceHistory: the balance as of an instant (no flags, no deletedAt). */
export interface BalanceHistoryResponse {
  id: string;
  organizationId: string;
  ledgerId: string;
  accountId: string;
  alias: string;
  key: string;
  assetCode: string;
  available: string;
  onHold: string;
  version: number;
  accountType: string;
  overdraftUsed: string;
  direction: 'credit';
  createdAt: string;
  updatedAt: string;
}

export function toBalanceResponse(entity: BalanceEntity): BalanceResponse {
  return {
    id: entity.id,
    organizationId: entity.organizationId,
    ledgerId: entity.ledgerId,
    accountId: entity.accountId,
    alias: entity.alias,
    key: entity.key,
    assetCode: entity.assetCode,
    available: formatAmount(entity.available),
    onHold: formatAmount(entity.onHold),
    version: Number(entity.version),
    accountType: entity.accountType,
    allowSending: entity.allowSending,
    allowReceiving: entity.allowReceiving,
    overdraftUsed: '0',
    direction: 'credit',
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    deletedAt: isoOrNull(entity.deletedAt),
  };
}

export function toBalanceHistoryResponse(row: BalanceAtInstant): BalanceHistoryResponse {
  return {
    id: row.id,
    organizationId: row.organizationId,
    ledgerId: row.ledgerId,
    accountId: row.accountId,
    alias: row.alias,
    key: row.key,
    assetCode: row.assetCode,
    available: formatAmount(row.available),
    onHold: formatAmount(row.onHold),
    version: Number(row.version),
    accountType: row.accountType,
    overdraftUsed: '0',
    direction: 'credit',
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
