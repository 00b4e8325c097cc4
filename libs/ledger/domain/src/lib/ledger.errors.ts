import { defineErrors } from '@finplat/platform';

/** Ledger failures, numbered as in Midaz's error registry. */
export const LedgerErrors = defineErrors({
  DUPLICATE_LEDGER: { code: '0001', title: 'Duplicate Ledger Error', kind: 'conflict' },
  ASSET_NAME_OR_CODE_DUPLICATE: {
    code: '0003',
    title: 'Asset Name or Code Duplicate',
    kind: 'conflict',
  },
  CODE_UPPERCASE_REQUIRED: {
    code: '0004',
    title: 'Code Uppercase Requirement',
    kind: 'validation',
  },
  CURRENCY_CODE_NOT_ISO4217: {
    code: '0005',
    title: 'Currency Code Standard Compliance',
    kind: 'validation',
  },
  UNMODIFIABLE_FIELD: { code: '0006', title: 'Unmodifiable Field Error', kind: 'validation' },
  ACTION_NOT_PERMITTED: { code: '0008', title: 'Action Not Permitted', kind: 'business' },
  DUPLICATE_SEGMENT_NAME: { code: '0015', title: 'Duplicate Segment Name Error', kind: 'conflict' },
  ALIAS_UNAVAILABLE: { code: '0020', title: 'Alias Unavailability Error', kind: 'conflict' },
  INVALID_PARENT_ACCOUNT: { code: '0029', title: 'Invalid Parent Account ID', kind: 'business' },
  MISMATCHED_ASSET_CODE: { code: '0030', title: 'Mismatched Asset Code', kind: 'business' },
  INVALID_COUNTRY: { code: '0032', title: 'Invalid Country Code', kind: 'validation' },
  INVALID_CODE_FORMAT: { code: '0033', title: 'Invalid Code Format', kind: 'validation' },
  ASSET_CODE_NOT_FOUND: { code: '0034', title: 'Asset Code Not Found', kind: 'not-found' },
  INVALID_ASSET_TYPE: { code: '0040', title: 'Invalid Type', kind: 'validation' },
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
  EXTERNAL_ACCOUNT_MODIFICATION: {
    code: '0074',
    title: 'External Account Modification Prohibited',
    kind: 'business',
  },
  INVALID_DATE_RANGE: { code: '0078', title: 'Invalid Date Range Error', kind: 'validation' },
  DATES_NOT_PAIRED: { code: '0083', title: 'Invalid Date Range Error', kind: 'validation' },
  ACCOUNT_ALIAS_NOT_FOUND: { code: '0085', title: 'Account Alias Not Found', kind: 'not-found' },
  BALANCE_HAS_FUNDS: { code: '0093', title: 'Balance Cannot Be Deleted', kind: 'business' },
  DUPLICATE_BALANCE_KEY: {
    code: '0123',
    title: 'Duplicated Alias Key Value Error',
    kind: 'conflict',
  },
  ADDITIONAL_BALANCE_NOT_ALLOWED: {
    code: '0124',
    title: 'Additional Balance Creation Not Allowed',
    kind: 'business',
  },
  INVALID_ACCOUNT_ALIAS: { code: '0096', title: 'Invalid Account Alias', kind: 'validation' },
  DUPLICATE_ACCOUNT_TYPE_KEY_VALUE: {
    code: '0108',
    title: 'Duplicate Account Type Key Value Error',
    kind: 'conflict',
  },
  INVALID_DATE_FORMAT: { code: '0131', title: 'Invalid Date Format Error', kind: 'validation' },
  INVALID_TIMESTAMP: { code: '0140', title: 'Invalid Timestamp', kind: 'validation' },
  NO_BALANCE_DATA_AT_DATE: { code: '0141', title: 'No Balance Data at Date', kind: 'not-found' },
  MISSING_QUERY_PARAMETER: {
    code: '0142',
    title: 'Missing Required Query Parameter',
    kind: 'validation',
  },
});
