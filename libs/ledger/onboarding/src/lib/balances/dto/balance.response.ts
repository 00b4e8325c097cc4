import type { BalanceAtInstant, BalanceEntity } from '@finplat/ledger-database';
import { formatAmount, Money } from '@finplat/ledger-domain';
import { balanceSettingsOf } from '../balance-settings';
import { isoOrNull } from '../../common/timestamps';

/**
 * Midaz's Balance. Amounts are canonical decimal strings; `version` is a JSON integer.
 * `direction` is `credit` except on the internal overdraft balance (`debit`). Midaz's computed
 * `position` is not sent: the contract's Balance does not define it (decision 0057); clients
 * derive it as available − overdraftUsed.
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
  direction: 'credit' | 'debit';
  settings: {
    balanceScope: 'transactional' | 'internal';
    allowOverdraft: boolean;
    overdraftLimitEnabled: boolean;
    overdraftLimit?: string;
  };
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
  direction: 'credit' | 'debit';
  createdAt: string;
  updatedAt: string;
}

export function toBalanceResponse(entity: BalanceEntity): BalanceResponse {
  const settings = balanceSettingsOf(entity);
  const overdraftUsed = new Money(entity.overdraftUsed);
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
    overdraftUsed: formatAmount(overdraftUsed),
    direction: entity.direction,
    settings: {
      balanceScope: settings.balanceScope,
      allowOverdraft: settings.allowOverdraft,
      overdraftLimitEnabled: settings.overdraftLimitEnabled,
      ...(settings.overdraftLimit ? { overdraftLimit: formatAmount(settings.overdraftLimit) } : {}),
    },
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
    overdraftUsed: formatAmount(row.overdraftUsed),
    direction: row.direction,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
