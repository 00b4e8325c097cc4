import { defineErrors } from '@finplat/platform';

/**
 * Fee and billing failures. Midaz reserves 0179–0233 for its fee plugin without a public
 * registry of which number means what; these are this ledger's numbers inside that range
 * (decision 0053).
 */
export const FeeErrors = defineErrors({
  FEE_PACKAGE_NOT_FOUND: { code: '0179', title: 'Fee Package Not Found', kind: 'not-found' },
  BILLING_PACKAGE_NOT_FOUND: {
    code: '0180',
    title: 'Billing Package Not Found',
    kind: 'not-found',
  },
  INVALID_FEE: { code: '0181', title: 'Invalid Fee', kind: 'validation' },
  INVALID_AMOUNT_RANGE: { code: '0182', title: 'Invalid Package Amount Range', kind: 'validation' },
  DUPLICATE_FEE_PRIORITY: { code: '0183', title: 'Duplicate Fee Priority', kind: 'validation' },
  FEES_EXCEED_AMOUNT: {
    code: '0184',
    title: 'Deductible Fees Exceed The Amount',
    kind: 'business',
  },
  INVALID_BILLING_PACKAGE: { code: '0185', title: 'Invalid Billing Package', kind: 'validation' },
  INVALID_BILLING_PERIOD: { code: '0186', title: 'Invalid Billing Period', kind: 'validation' },
});
