import { defineErrors, DomainError } from '@finplat/platform';

/**
 * CRM failures, with Midaz's CRM-prefixed codes where Midaz has the same failure
 * (CRM-0006, 0008, 0013, 0017, 0030); CRM-0031 to CRM-0035 are this ledger's own
 * (Midaz numbers its keyset errors from CRM-0031 on, without a public registry).
 */
export const CrmErrors = defineErrors({
  HOLDER_NOT_FOUND: { code: 'CRM-0006', title: 'Holder Not Found', kind: 'not-found' },
  INSTRUMENT_NOT_FOUND: { code: 'CRM-0008', title: 'Instrument Not Found', kind: 'not-found' },
  ACCOUNT_ALREADY_ASSOCIATED: {
    code: 'CRM-0013',
    title: 'Account Already Associated',
    kind: 'conflict',
  },
  HOLDER_HAS_INSTRUMENTS: {
    code: 'CRM-0017',
    title: 'Holder Has Instruments',
    kind: 'business',
  },
  HOLDER_HAS_ACCOUNTS: { code: 'CRM-0030', title: 'Holder Has Accounts', kind: 'business' },
  ENCRYPTION_NOT_CONFIGURED: {
    code: 'CRM-0031',
    title: 'Field Encryption Not Configured',
    kind: 'unavailable',
  },
  DATA_KEY_UNAVAILABLE: { code: 'CRM-0032', title: 'Data Key Unavailable', kind: 'unavailable' },
  // The stored record, not the server, is at fault, and the contract has no 5xx for it: 422
  // (decision 0062), never a 500.
  CIPHERTEXT_REJECTED: { code: 'CRM-0033', title: 'Protected Field Rejected', kind: 'business' },
  RELATED_PARTY_NOT_FOUND: {
    code: 'CRM-0034',
    title: 'Related Party Not Found',
    kind: 'not-found',
  },
  ACCOUNT_NOT_FOUND: { code: 'CRM-0035', title: 'Account Not Found', kind: 'not-found' },
});

export const holderNotFound = (id: string) =>
  new DomainError(CrmErrors.HOLDER_NOT_FOUND, `No holder with id ${id} was found.`, {
    entityType: 'Holder',
  });

export const instrumentNotFound = (id: string) =>
  new DomainError(CrmErrors.INSTRUMENT_NOT_FOUND, `No instrument with id ${id} was found.`, {
    entityType: 'Instrument',
  });
