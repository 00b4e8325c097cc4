import { DomainError } from '@finplat/platform';
import { LedgerErrors } from './ledger.errors';

export type Metadata = Record<string, string | number | boolean | null>;

export const METADATA_MAX_KEY_LENGTH = 100;
export const METADATA_MAX_VALUE_LENGTH = 2000;

/**
 * Midaz metadata is a flat map: keys up to 100 characters, scalar values up to 2000.
 * Returns the map typed as such, or throws the Midaz code for the first violation.
 */
export function validateMetadata(metadata: Record<string, unknown> | undefined): Metadata {
  const result: Metadata = {};
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key.length > METADATA_MAX_KEY_LENGTH) {
      throw new DomainError(
        LedgerErrors.METADATA_KEY_TOO_LONG,
        `The metadata key ${key.slice(0, 20)}… exceeds ${METADATA_MAX_KEY_LENGTH} characters.`,
        { fields: { [`metadata.${key.slice(0, 20)}`]: 'key too long' } },
      );
    }
    if (value !== null && typeof value === 'object') {
      throw new DomainError(
        LedgerErrors.NESTED_METADATA,
        `The metadata value of ${key} must be a string, number, boolean or null, not an object or array.`,
        { fields: { [`metadata.${key}`]: 'nested values are not allowed' } },
      );
    }
    if (String(value).length > METADATA_MAX_VALUE_LENGTH) {
      throw new DomainError(
        LedgerErrors.METADATA_VALUE_TOO_LONG,
        `The metadata value of ${key} exceeds ${METADATA_MAX_VALUE_LENGTH} characters.`,
        { fields: { [`metadata.${key}`]: 'value too long' } },
      );
    }
    result[key] = value as Metadata[string];
  }
  return result;
}

/** PATCH semantics for metadata: keys set to null are removed, others replaced. */
export function mergeMetadata(current: Metadata, patch: Metadata | undefined): Metadata {
  if (!patch) return current;
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
