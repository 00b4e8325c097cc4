import { defineErrors } from '@finplat/platform';
import { IdempotencyErrors } from '@finplat/ledger-domain';

/** Transaction failures, numbered as in Midaz's error registry (shared ones live in LedgerErrors). */
export const TransactionErrors = defineErrors({
  INSUFFICIENT_FUNDS: { code: '0018', title: 'Insufficient Funds', kind: 'business' },
  ACCOUNT_INELIGIBLE: { code: '0019', title: 'Account Ineligibility Error', kind: 'business' },
  ACCOUNT_RESTRICTED: {
    code: '0024',
    title: 'Account Status Transaction Restriction',
    kind: 'business',
  },
  INVALID_LEG_TYPE: { code: '0072', title: 'Invalid Transaction Type', kind: 'validation' },
  VALUE_MISMATCH: { code: '0073', title: 'Transaction Value Mismatch', kind: 'business' },
  IDEMPOTENCY_KEY_IN_USE: IdempotencyErrors.KEY_IN_USE,
  IDEMPOTENCY_KEY_REUSED: IdempotencyErrors.KEY_REUSED,
  ALREADY_REVERTED: { code: '0087', title: 'Transaction Already Reverted', kind: 'business' },
  IS_A_REVERT: { code: '0088', title: 'Transaction Is A Revert', kind: 'business' },
  CANNOT_REVERT: { code: '0089', title: 'Transaction Cannot Be Reverted', kind: 'business' },
  SAME_ACCOUNT_BOTH_SIDES: {
    code: '0090',
    title: 'Same Account As Source And Destination',
    kind: 'business',
  },
  EXTERNAL_PENDING_SOURCE: {
    code: '0098',
    title: 'External Account As Pending Source',
    kind: 'business',
  },
  STATUS_FORBIDS_ACTION: {
    code: '0099',
    title: 'Transaction Status Does Not Allow Action',
    kind: 'business',
  },
  FUTURE_TRANSACTION_DATE: { code: '0121', title: 'Future Transaction Date', kind: 'validation' },
  PENDING_WITH_CUSTOM_DATE: {
    code: '0122',
    title: 'Pending Transaction With Custom Date',
    kind: 'validation',
  },
  DUPLICATE_BALANCE_KEY: { code: '0123', title: 'Duplicated Balance Key', kind: 'conflict' },
  BALANCE_ON_EXTERNAL: {
    code: '0124',
    title: 'Additional Balance On External Account',
    kind: 'business',
  },
  NON_POSITIVE_VALUE: { code: '0125', title: 'Invalid Transaction Value', kind: 'validation' },
  DEFAULT_BALANCE_MISSING: { code: '0126', title: 'Default Balance Not Found', kind: 'business' },
  PENDING_LOCKED: { code: '0486', title: 'Pending Transaction Locked', kind: 'conflict' },
});
