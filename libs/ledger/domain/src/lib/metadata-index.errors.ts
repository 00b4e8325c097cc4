import { defineErrors } from '@finplat/platform';

/**
 * Metadata-index failures, numbered inside Midaz's metadata-index range (0132–0138); the
 * exact assignment within it is this ledger's.
 */
export const MetadataIndexErrors = defineErrors({
  INVALID_ENTITY: {
    code: '0132',
    title: 'Invalid Metadata Index Entity',
    kind: 'validation',
  },
  INDEX_EXISTS: { code: '0133', title: 'Metadata Index Already Exists', kind: 'conflict' },
  INDEX_NOT_FOUND: { code: '0134', title: 'Metadata Index Not Found', kind: 'not-found' },
  DUPLICATE_VALUES: {
    code: '0135',
    title: 'Metadata Index Unique Violation',
    kind: 'business',
  },
  UNIQUE_VALUE_TAKEN: {
    code: '0136',
    title: 'Metadata Value Not Unique',
    kind: 'conflict',
  },
});
