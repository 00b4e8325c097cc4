import { DomainError } from '@finplat/platform';
import { isISO4217CurrencyCode } from 'class-validator';
import { LedgerErrors } from '@finplat/ledger-domain';

export const ASSET_TYPES = ['crypto', 'currency', 'fiat', 'commodity', 'others'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

/** Types whose code must be an ISO 4217 currency code. */
const ISO_4217_TYPES: readonly string[] = ['currency', 'fiat'];

export function isAssetType(type: string): type is AssetType {
  return (ASSET_TYPES as readonly string[]).includes(type);
}

/**
 * Midaz's `ValidateCode`: letters only (0033), upper case (0004). `field` names the offending
 * field in the error (assets: `code`; asset rates: `from` / `to`).
 */
export function validateCodeCharacters(code: string, field: string, entityType: string): void {
  const label = field === 'code' ? 'The asset code' : `The ${field} asset code`;
  for (const char of code) {
    if (!/[a-zA-Z]/.test(char)) {
      throw new DomainError(
        LedgerErrors.INVALID_CODE_FORMAT,
        `${label} ${code} must contain letters only.`,
        { entityType, fields: { [field]: 'letters only' } },
      );
    }
    if (char !== char.toUpperCase()) {
      throw new DomainError(
        LedgerErrors.CODE_UPPERCASE_REQUIRED,
        `${label} ${code} must be upper case.`,
        { entityType, fields: { [field]: 'must be upper case' } },
      );
    }
  }
}

/**
 * Midaz's rules for a new asset, in Midaz's order: the type is one of the known five (0040);
 * the code is letters only (0033) and upper case (0004); a currency or fiat code is ISO 4217
 * (0005).
 */
export function validateAssetTypeAndCode(type: string, code: string): void {
  if (!isAssetType(type)) {
    throw new DomainError(
      LedgerErrors.INVALID_ASSET_TYPE,
      `The asset type ${type} is not valid; use one of ${ASSET_TYPES.join(', ')}.`,
      { entityType: 'Asset', fields: { type: `one of ${ASSET_TYPES.join(', ')}` } },
    );
  }
  validateCodeCharacters(code, 'code', 'Asset');
  if (ISO_4217_TYPES.includes(type) && !isISO4217CurrencyCode(code)) {
    throw new DomainError(
      LedgerErrors.CURRENCY_CODE_NOT_ISO4217,
      `The code ${code} of a ${type} asset must be an ISO 4217 currency code.`,
      { entityType: 'Asset', fields: { code: 'must be ISO 4217' } },
    );
  }
}
