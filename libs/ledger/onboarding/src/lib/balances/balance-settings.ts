import type { BalanceEntity, StoredBalanceSettings } from '@finplat/ledger-database';
import { Money, type BalanceSettings } from '@finplat/ledger-domain';

/** A balance row's settings in domain terms (the limit as an exact decimal). */
export function balanceSettingsOf(entity: BalanceEntity): BalanceSettings {
  return {
    balanceScope: entity.balanceScope,
    allowOverdraft: entity.allowOverdraft,
    overdraftLimitEnabled: entity.overdraftLimitEnabled,
    overdraftLimit: entity.overdraftLimit === null ? null : new Money(entity.overdraftLimit),
  };
}

/** The columns to store for settings. */
export function storedSettingsOf(settings: BalanceSettings): StoredBalanceSettings {
  return {
    allowOverdraft: settings.allowOverdraft,
    overdraftLimitEnabled: settings.overdraftLimitEnabled,
    overdraftLimit: settings.overdraftLimit ? settings.overdraftLimit.toFixed() : null,
  };
}
