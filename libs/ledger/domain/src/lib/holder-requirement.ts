import { defineErrors, DomainError } from '@finplat/platform';
import { SettingsErrors, type LedgerSettings } from './ledger-settings';

export const HolderRequirementErrors = defineErrors({
  HOLDER_REQUIRED: { code: '0491', title: 'Holder Required', kind: 'business' },
});

/**
 * Midaz's `accounting.requireHolder`: an account must name its holder, unless the request
 * asks `skip.holder` and the ledger's `overrides.allowHolderSkip` permits it (else 0490). Returns
 * whether the holder check was skipped (stored as the account's `holderCheckSkipped`).
 */
export function resolveHolderRequirement(
  holderNamed: boolean,
  skipHolder: boolean | undefined,
  settings: LedgerSettings,
): boolean {
  if (skipHolder && !settings.overrides.allowHolderSkip) {
    throw new DomainError(
      SettingsErrors.SKIP_NOT_PERMITTED,
      "skip.holder is not permitted: the ledger's settings.overrides.allowHolderSkip is false.",
      { fields: { 'skip.holder': 'not permitted by the ledger' } },
    );
  }
  if (!settings.accounting.requireHolder || holderNamed) return false;
  if (skipHolder) return true;
  throw new DomainError(
    HolderRequirementErrors.HOLDER_REQUIRED,
    'This ledger requires every account to name its holder (settings.accounting.requireHolder).',
    { entityType: 'Account', fields: { holderId: 'required by the ledger' } },
  );
}
