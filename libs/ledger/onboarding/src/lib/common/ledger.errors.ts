import { defineErrors } from '@finplat/platform';

/** Ledger failures, numbered as in Midaz's error registry. */
export const LedgerErrors = defineErrors({
  DUPLICATE_LEDGER: { code: '0001', title: 'Duplicate Ledger Error', kind: 'conflict' },
  UNMODIFIABLE_FIELD: { code: '0006', title: 'Unmodifiable Field Error', kind: 'validation' },
  ACTION_NOT_PERMITTED: { code: '0008', title: 'Action Not Permitted', kind: 'business' },
  INVALID_COUNTRY: { code: '0032', title: 'Invalid Country Code', kind: 'validation' },
  METADATA_KEY_TOO_LONG: {
    code: '0050',
    title: 'Metadata Key Length Exceeded',
    kind: 'validation',
  },
  METADATA_VALUE_TOO_LONG: {
    code: '0051',
    title: 'Metadata Value Length Exceeded',
    kind: 'validation',
  },
  NESTED_METADATA: { code: '0067', title: 'Invalid Metadata Nesting', kind: 'validation' },
  INVALID_DATE_RANGE: { code: '0078', title: 'Invalid Date Range Error', kind: 'validation' },
  DATES_NOT_PAIRED: { code: '0083', title: 'Invalid Date Range Error', kind: 'validation' },
  INVALID_DATE_FORMAT: { code: '0131', title: 'Invalid Date Format Error', kind: 'validation' },
});
