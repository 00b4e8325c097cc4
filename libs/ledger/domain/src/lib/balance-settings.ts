import { defineErrors, DomainError } from '@finplat/platform';
import { formatAmount, Money, parseAmount } from './decimal';

/**
 * A balance's overdraft settings (Midaz notes §2.5). `internal` balances are the ledger's own
 * bookkeeping (the `overdraft` balance that mirrors what an account owes): users cannot post
 * to, change or delete them.
 */
export interface BalanceSettings {
  balanceScope: BalanceScope;
  allowOverdraft: boolean;
  overdraftLimitEnabled: boolean;
  /** The most `overdraftUsed` may reach when the limit is enabled (exact decimal). */
  overdraftLimit: Money | null;
}

export type BalanceScope = 'transactional' | 'internal';

/** The key of the internal balance that carries an account's overdraft (0170: reserved). */
export const OVERDRAFT_BALANCE_KEY = 'overdraft';

export const OverdraftErrors = defineErrors({
  OVERDRAFT_LIMIT_EXCEEDED: { code: '0167', title: 'Overdraft Limit Exceeded', kind: 'business' },
  INTERNAL_BALANCE_OPERATION: {
    code: '0168',
    title: 'Direct Operation On Internal Balance',
    kind: 'business',
  },
  INTERNAL_BALANCE_DELETE: { code: '0169', title: 'Internal Balance Deletion', kind: 'business' },
  RESERVED_BALANCE_KEY: { code: '0170', title: 'Reserved Balance Key', kind: 'validation' },
  INVALID_BALANCE_SETTINGS: { code: '0172', title: 'Invalid Balance Settings', kind: 'validation' },
  LIMIT_BELOW_USAGE: { code: '0173', title: 'Overdraft Limit Below Usage', kind: 'business' },
  INTERNAL_BALANCE_UPDATE: { code: '0175', title: 'Internal Balance Update', kind: 'business' },
});

/** What a request may send as `settings` of a balance (create or PATCH). */
export interface BalanceSettingsInput {
  balanceScope?: unknown;
  allowOverdraft?: boolean;
  overdraftLimitEnabled?: boolean;
  overdraftLimit?: unknown;
}

export const TRANSACTIONAL_SETTINGS: BalanceSettings = {
  balanceScope: 'transactional',
  allowOverdraft: false,
  overdraftLimitEnabled: false,
  overdraftLimit: null,
};

const invalidSettings = (field: string, message: string) =>
  new DomainError(OverdraftErrors.INVALID_BALANCE_SETTINGS, `settings.${field} ${message}.`, {
    entityType: 'Balance',
    fields: { [`settings.${field}`]: message },
  });

/**
 * The settings a balance has after a create or PATCH: named fields replace, the rest stay.
 * Users may not make a balance internal; an enabled limit needs a limit (a decimal ≥ 0), and
 * may not be set below what the balance already owes (0173).
 */
export function resolveBalanceSettings(
  current: BalanceSettings,
  input: BalanceSettingsInput | undefined,
  overdraftUsed: Money,
): BalanceSettings {
  if (!input) return current;
  if (input.balanceScope !== undefined && input.balanceScope !== 'transactional') {
    throw invalidSettings(
      'balanceScope',
      'must be "transactional" (internal balances are the ledger’s own)',
    );
  }
  let overdraftLimit = current.overdraftLimit;
  if (input.overdraftLimit !== undefined && input.overdraftLimit !== null) {
    const parsed = parseAmount(input.overdraftLimit);
    if (!parsed || parsed.isNegative()) {
      throw invalidSettings('overdraftLimit', 'must be a decimal string ≥ 0');
    }
    overdraftLimit = parsed;
  } else if (input.overdraftLimit === null) {
    overdraftLimit = null;
  }
  const next: BalanceSettings = {
    balanceScope: current.balanceScope,
    allowOverdraft: input.allowOverdraft ?? current.allowOverdraft,
    overdraftLimitEnabled: input.overdraftLimitEnabled ?? current.overdraftLimitEnabled,
    overdraftLimit,
  };
  if (next.overdraftLimitEnabled && next.overdraftLimit === null) {
    throw invalidSettings('overdraftLimit', 'is required when overdraftLimitEnabled is true');
  }
  if (next.overdraftLimitEnabled && next.overdraftLimit && next.overdraftLimit.lt(overdraftUsed)) {
    throw new DomainError(
      OverdraftErrors.LIMIT_BELOW_USAGE,
      `overdraftLimit ${formatAmount(next.overdraftLimit)} is below the ${formatAmount(overdraftUsed)} already used.`,
      { entityType: 'Balance', fields: { 'settings.overdraftLimit': 'below overdraftUsed' } },
    );
  }
  return next;
}
