import { defineErrors } from '@finplat/platform';

/** Accounting-route failures, numbered as in Midaz's registry. */
export const RouteErrors = defineErrors({
  TITLE_EXISTS: { code: '0100', title: 'Operation Route Title Already Exists', kind: 'conflict' },
  OPERATION_ROUTE_NOT_FOUND: {
    code: '0101',
    title: 'Operation Route Not Found',
    kind: 'not-found',
  },
  INVALID_OPERATION_TYPE: {
    code: '0103',
    title: 'Invalid Operation Route Type',
    kind: 'validation',
  },
  MISSING_OPERATION_ROUTES: { code: '0104', title: 'Missing Operation Routes', kind: 'business' },
  TRANSACTION_ROUTE_NOT_FOUND: {
    code: '0105',
    title: 'Transaction Route Not Found',
    kind: 'not-found',
  },
  LINKED_TO_TRANSACTION_ROUTES: {
    code: '0107',
    title: 'Operation Route Linked To Transaction Routes',
    kind: 'business',
  },
  INVALID_ACCOUNT_RULE_TYPE: {
    code: '0111',
    title: 'Invalid Account Rule Type',
    kind: 'validation',
  },
  INVALID_ACCOUNT_RULE_VALUE: {
    code: '0112',
    title: 'Invalid Account Rule Value',
    kind: 'validation',
  },
  TRANSACTION_ROUTE_NOT_INFORMED: {
    code: '0114',
    title: 'Transaction Route Not Informed',
    kind: 'business',
  },
  ACCOUNTING_ROUTE_NOT_FOUND: {
    code: '0117',
    title: 'Accounting Route Not Found',
    kind: 'business',
  },
  ALIAS_VALIDATION_FAILED: {
    code: '0118',
    title: 'Accounting Alias Validation Failed',
    kind: 'business',
  },
  ACCOUNT_TYPE_VALIDATION_FAILED: {
    code: '0119',
    title: 'Accounting Account Type Validation Failed',
    kind: 'business',
  },
  DIRECTION_ROUTE_MISMATCH: { code: '0152', title: 'Direction Route Mismatch', kind: 'business' },
  REVERT_ONLY_BIDIRECTIONAL: {
    code: '0165',
    title: 'Revert Requires Bidirectional Routes',
    kind: 'business',
  },
  OVERDRAFT_ROUTE_NOT_CONFIGURED: {
    code: '0492',
    title: 'Overdraft Route Not Configured',
    kind: 'business',
  },
});
